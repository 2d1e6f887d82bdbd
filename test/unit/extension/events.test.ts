import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  EventParser,
  isIgnored,
  JsonObjectSplitter,
  sinceAfter,
  subscribeEvents,
  toDockerEvent,
  type DockerEvent,
} from '../../../src/extension/docker/events';

const start = JSON.stringify({
  status: 'start',
  id: 'c1',
  from: 'plain',
  Type: 'container',
  Action: 'start',
  Actor: { ID: 'c1', Attributes: { name: 'wé{b}"x', image: 'plain', bad: 3 } },
  scope: 'local',
  time: 1795431552,
  timeNano: 0,
}).replace('"timeNano":0', '"timeNano":1795431552498487464');
const health = JSON.stringify({
  Type: 'container',
  Action: 'health_status: healthy',
  Actor: { ID: 'c2', Attributes: { name: 'db' } },
  time: 1795431553,
});

function parseAll(chunks: (string | Buffer)[]): DockerEvent[] {
  const parser = new EventParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

describe('Docker event stream', () => {
  it('reads a typed event with the exact timeNano', () => {
    const event = toDockerEvent(start);
    assert.deepEqual(event, {
      type: 'container',
      action: 'start',
      verb: 'start',
      id: 'c1',
      attributes: { name: 'wé{b}"x', image: 'plain' },
      timeNano: 1795431552498487464n,
    });
  });

  it('splits an action from its detail and falls back to seconds', () => {
    const event = toDockerEvent(health);
    assert.equal(event?.verb, 'health_status');
    assert.equal(event?.action, 'health_status: healthy');
    assert.equal(event?.timeNano, 1795431553_000000000n);
  });

  it('maps the pre-1.22 form as a container event', () => {
    const event = toDockerEvent('{"status":"die","id":"abc","from":"x","time":5}');
    assert.equal(event?.type, 'container');
    assert.equal(event?.verb, 'die');
    assert.equal(event?.id, 'abc');
  });

  it('finds the same events wherever the bytes are cut, even inside a character', () => {
    const bytes = Buffer.from(`${start}\n${health}\n`, 'utf8');
    const whole = parseAll([bytes]);
    assert.equal(whole.length, 2);
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepEqual(parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]), whole, `cut at ${cut}`);
    }
    // And byte by byte.
    assert.deepEqual(parseAll([...bytes].map((b) => Buffer.from([b]))), whole);
  });

  it('reads objects back to back, without newlines, around stray text', () => {
    const events = parseAll([`  ${start}${health}\r\n garbage ${start}`]);
    assert.deepEqual(
      events.map((e) => e.id),
      ['c1', 'c2', 'c1'],
    );
  });

  it('drops what is not an event and never throws', () => {
    const parser = new EventParser();
    for (const text of [
      '{}',
      '{"a":[1,2,{"b":"}"}]}',
      '{"Action":1}',
      '{bad json}',
      ']]]}}}',
      '"\\',
      '{"x":"\\"}"}',
    ]) {
      assert.deepEqual(parser.push(text), []);
    }
  });

  it('stays linear on a long unfinished object', () => {
    const splitter = new JsonObjectSplitter();
    const chunk = `{"a":"${'x'.repeat(10_000)}`;
    const started = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) {
      assert.deepEqual(splitter.push(i === 0 ? chunk : 'x'.repeat(10_000)), []);
    }
    assert.deepEqual(splitter.push('"}'), [`${chunk}${'x'.repeat(10_000 * 199)}"}`]);
    // 2 MB scanned once: far below a second even on a slow machine; a rescan per chunk would be ~200×.
    assert.ok(process.hrtime.bigint() - started < 2_000_000_000n);
  });

  it('writes since as seconds.nanoseconds', () => {
    assert.equal(sinceAfter(1795431552498487464n), '1795431552.498487464');
    assert.equal(sinceAfter(1795431552000000001n), '1795431552.000000001');
  });

  it('ignores exec sessions and terminal plumbing', () => {
    const of = (type: string, action: string): DockerEvent => ({
      type,
      action,
      verb: action.split(':')[0],
      id: 'x',
      attributes: {},
      timeNano: 0n,
    });
    assert.equal(isIgnored(of('container', 'exec_start: sh -c ls')), true);
    assert.equal(isIgnored(of('container', 'exec_die')), true);
    assert.equal(isIgnored(of('container', 'resize')), true);
    assert.equal(isIgnored(of('container', 'health_status: unhealthy')), false);
    assert.equal(isIgnored(of('container', 'start')), false);
    assert.equal(isIgnored(of('image', 'untag')), false);
  });

  it('delivers events from a stream, resumes from since, and reports how it closed', async () => {
    const stream = new PassThrough();
    const asked: unknown[] = [];
    const seen: string[] = [];
    const subscription = await subscribeEvents(
      {
        events: (options) => {
          asked.push(options);
          return Promise.resolve(stream);
        },
      },
      (event) => seen.push(event.action),
      { since: '5.000000000' },
    );
    assert.deepEqual(asked, [
      {
        since: '5.000000000',
        types: ['container', 'image', 'volume', 'network', 'service', 'node', 'secret', 'config'],
      },
    ]);
    stream.write(start.slice(0, 20));
    stream.write(`${start.slice(20)}\n{"Type":"container","Action":"exec_create: ls","Actor":{"ID":"c1"}}\n`);
    stream.write(health);
    stream.end();
    const closed = await subscription.closed;
    assert.deepEqual(seen, ['start', 'health_status: healthy']);
    assert.match(String(closed), /ended/);
  });

  it('closes quietly when disposed, and rejects when the Engine refuses', async () => {
    const stream = new PassThrough();
    const subscription = await subscribeEvents({ events: () => Promise.resolve(stream) }, () => undefined);
    subscription.dispose();
    assert.equal(await subscription.closed, undefined);
    assert.equal(stream.destroyed, true);

    const refused = Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' });
    await assert.rejects(
      subscribeEvents({ events: () => Promise.reject(refused) }, () => undefined),
      /ENOENT/,
    );
  });
});
