import * as assert from 'node:assert/strict';
import type { ProgressLine } from '../../../src/extension/docker/buildProgress';
import {
  BuildProgress,
  decodeStatusResponse,
  JsonStreamSplitter,
} from '../../../src/extension/docker/buildProgress';

// ---- a protobuf writer for the fixtures ----

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function bytesField(field: number, value: Uint8Array | string): number[] {
  const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return [...varint(field * 8 + 2), ...varint(data.length), ...data];
}

function varintField(field: number, value: number): number[] {
  return [...varint(field * 8), ...varint(value)];
}

function timestamp(ms: number): Uint8Array {
  return Uint8Array.from([...varintField(1, Math.floor(ms / 1000)), ...varintField(2, (ms % 1000) * 1e6)]);
}

interface VertexFixture {
  digest: string;
  name?: string;
  cached?: boolean;
  started?: number;
  completed?: number;
  error?: string;
}

function vertex(v: VertexFixture): Uint8Array {
  return Uint8Array.from([
    ...bytesField(1, v.digest),
    ...bytesField(2, 'sha256:input'),
    ...(v.name !== undefined ? bytesField(3, v.name) : []),
    ...(v.cached === true ? varintField(4, 1) : []),
    ...(v.started !== undefined ? bytesField(5, timestamp(v.started)) : []),
    ...(v.completed !== undefined ? bytesField(6, timestamp(v.completed)) : []),
    ...(v.error !== undefined ? bytesField(7, v.error) : []),
  ]);
}

function log(digest: string, text: string, stream = 1): Uint8Array {
  return Uint8Array.from([
    ...bytesField(1, digest),
    ...bytesField(2, timestamp(1)),
    ...varintField(3, stream),
    ...bytesField(4, text),
  ]);
}

function status(parts: { vertexes?: VertexFixture[]; logs?: Uint8Array[]; warnings?: Uint8Array[] }): string {
  const bytes = [
    ...(parts.vertexes ?? []).flatMap((v) => bytesField(1, vertex(v))),
    // A VertexStatus (field 2) the reader skips.
    ...bytesField(2, Uint8Array.from([...bytesField(1, 'id'), ...varintField(4, 10), ...varintField(5, 20)])),
    ...(parts.logs ?? []).flatMap((l) => bytesField(3, l)),
    ...(parts.warnings ?? []).flatMap((w) => bytesField(4, w)),
  ];
  return Buffer.from(bytes).toString('base64');
}

function trace(parts: Parameters<typeof status>[0]): unknown {
  return { id: 'moby.buildkit.trace', aux: status(parts) };
}

function texts(lines: ProgressLine[]): string[] {
  return lines.map((line) => `${line.kind}: ${line.text}`);
}

describe('build progress', () => {
  describe('JSON stream', () => {
    it('splits concatenated values, across chunk boundaries, with braces inside strings', () => {
      const splitter = new JsonStreamSplitter();
      const stream = '{"stream":"a {b} \\"}\\"\\n"}\r\n{"aux":{"ID":"sha256:1"}}{"error":"x"}\n';
      const out: unknown[] = [];
      for (let i = 0; i < stream.length; i += 3) {
        out.push(...splitter.push(stream.slice(i, i + 3)));
      }
      assert.deepEqual(out, [{ stream: 'a {b} "}"\n' }, { aux: { ID: 'sha256:1' } }, { error: 'x' }]);
    });

    it('drops what is not JSON and goes on', () => {
      const splitter = new JsonStreamSplitter();
      assert.deepEqual(splitter.push('garbage {nope} {"ok":1}'), [{ ok: 1 }]);
    });
  });

  describe('StatusResponse', () => {
    it('decodes messages captured from a daemon', () => {
      const loaded = decodeStatusResponse(
        Buffer.from(
          'CosBCkdzaGEyNTY6MGEwYjNiMzUzZGZkNjY2ZmVhYThmYTg5N2QyNjU2ZmM0MzMwNzZjZmI4NDE2MmRjNjdmMTJlODBkZmU1OTVlNBokW2ludGVybmFsXSBsb2FkIHJlbW90ZSBidWlsZCBjb250ZXh0KgwIwMeQ2AYQpfje6QIyDAjAx5DYBhDmn/bzAg==',
          'base64',
        ),
      );
      assert.equal(loaded?.vertexes.length, 1);
      const v = loaded?.vertexes[0];
      assert.equal(v?.name, '[internal] load remote build context');
      assert.match(v?.digest ?? '', /^sha256:0a0b3b35/);
      assert.ok(v?.startedMs !== undefined && v.completedMs !== undefined && v.completedMs >= v.startedMs);
      assert.ok((v?.startedMs ?? 0) > Date.UTC(2020, 0, 1));

      const two = decodeStatusResponse(
        Buffer.from(
          'CnwKR3NoYTI1Njo0NGJmODBhZWEyNGMxM2RlN2JiYTkwYmUwY2YxM2NhNjBhYjM4NWNiODA5MmMxMGNkOTJiYWNkNmEzYTY0YWM4GjFbMS8yXSBGUk9NIGRvY2tlci5pby9kb2Nrd3JpZ2h0LXNlZWQvcGxhaW46bGF0ZXN0CqIBCkdzaGEyNTY6MDBlZWJjMDE3N2YyOTJkOWJkODFiMTYxNTFkYzBhMDExNTE1YmJlMDJlNzZkOTQ5MmFmY2YzNzBiMGI4ZWU1ZhJHc2hhMjU2OjQ0YmY4MGFlYTI0YzEzZGU3YmJhOTBiZTBjZjEzY2E2MGFiMzg1Y2I4MDkyYzEwY2Q5MmJhY2Q2YTNhNjRhYzgaDlsyLzJdIFJVTiBscyAv',
          'base64',
        ),
      );
      assert.deepEqual(
        two?.vertexes.map((x) => [x.name, x.startedMs]),
        [
          ['[1/2] FROM docker.io/dockwright-seed/plain:latest', undefined],
          ['[2/2] RUN ls /', undefined],
        ],
      );
    });

    it('decodes vertexes, logs and warnings, skipping other fields', () => {
      const decoded = decodeStatusResponse(
        Buffer.from(
          status({
            vertexes: [
              { digest: 'd1', name: 'step', cached: true, started: 1500, completed: 2750, error: 'boom' },
            ],
            logs: [log('d1', 'hello\n', 2)],
            warnings: [
              Uint8Array.from([...bytesField(1, 'd1'), ...varintField(2, 1), ...bytesField(3, 'careful')]),
            ],
          }),
          'base64',
        ),
      );
      assert.deepEqual(decoded?.vertexes, [
        { digest: 'd1', name: 'step', cached: true, startedMs: 1500, completedMs: 2750, error: 'boom' },
      ]);
      assert.equal(decoded?.logs[0].stream, 2);
      assert.equal(Buffer.from(decoded?.logs[0].data ?? []).toString(), 'hello\n');
      assert.deepEqual(decoded?.warnings, [{ vertex: 'd1', short: 'careful' }]);
    });

    it('returns undefined for truncated or foreign bytes, never throws', () => {
      const whole = Buffer.from(status({ vertexes: [{ digest: 'd', name: 'n' }] }), 'base64');
      for (let cut = 1; cut < whole.length; cut++) {
        decodeStatusResponse(whole.subarray(0, cut));
      }
      assert.equal(decodeStatusResponse(Uint8Array.from([0x0a, 0x05, 0x01])), undefined);
      assert.equal(decodeStatusResponse(Uint8Array.from([0x0f])), undefined);
      assert.deepEqual(decodeStatusResponse(new Uint8Array()), { vertexes: [], logs: [], warnings: [] });
    });
  });

  describe('lines', () => {
    it('numbers BuildKit steps as they start, with their logs, results and errors', () => {
      const progress = new BuildProgress();
      const lines = [
        trace({
          vertexes: [
            { digest: 'a', name: '[1/3] FROM base' },
            { digest: 'b', name: '[2/3] RUN make' },
          ],
        }),
        trace({ vertexes: [{ digest: 'b', name: '[2/3] RUN make', started: 1000 }] }),
        trace({ logs: [log('b', 'compiling'), log('b', ' x\nlinking\n')] }),
        trace({
          vertexes: [{ digest: 'a', name: '[1/3] FROM base', cached: true, started: 900, completed: 900 }],
        }),
        trace({ vertexes: [{ digest: 'b', name: '[2/3] RUN make', started: 1000, completed: 3500 }] }),
        trace({ vertexes: [{ digest: 'c', name: '[3/3] RUN test', started: 3600 }] }),
        trace({ logs: [log('c', 'FAIL', 2)] }),
        trace({
          vertexes: [
            { digest: 'd', name: 'other', started: 3600, completed: 3700, error: 'context canceled' },
          ],
        }),
        trace({
          vertexes: [
            { digest: 'c', name: '[3/3] RUN test', started: 3600, completed: 3700, error: 'exit code: 1' },
          ],
        }),
        { errorDetail: { message: 'executor failed running [/bin/sh -c test]: exit code: 1' }, error: 'x' },
      ].flatMap((message) => progress.handle(message));
      assert.deepEqual(texts(lines), [
        'step: #1 [2/3] RUN make',
        'log: #1 compiling x',
        'log: #1 linking',
        'step: #2 [1/3] FROM base',
        'done: #2 CACHED',
        'done: #1 DONE 2.5s',
        'step: #3 [3/3] RUN test',
        'step: #4 other',
        'error: #4 ERROR: context canceled',
        'log: #3 FAIL',
        'error: #3 ERROR: exit code: 1',
        'error: ERROR: executor failed running [/bin/sh -c test]: exit code: 1',
      ]);
      assert.equal(progress.failedStep, '[3/3] RUN test');
      assert.equal(progress.error, 'executor failed running [/bin/sh -c test]: exit code: 1');
      assert.equal(progress.imageId, undefined);
    });

    it('takes the image id from moby.image.id', () => {
      const progress = new BuildProgress();
      progress.handle({ id: 'moby.image.id', aux: { ID: 'sha256:abc' } });
      progress.handle({ stream: 'Successfully tagged x:latest\n' });
      assert.equal(progress.imageId, 'sha256:abc');
      assert.equal(progress.error, undefined);
    });

    it('reads the classic builder: steps, output split across messages, the failing step', () => {
      const progress = new BuildProgress();
      const lines = [
        { stream: 'Step 1/2 : FROM base' },
        { stream: '\n' },
        { stream: ' ---> abc\n' },
        { stream: 'Step 2/2 : RUN false' },
        { stream: '\n' },
        { stream: 'partial' },
        { errorDetail: { code: 1, message: "The command '/bin/sh -c false' returned a non-zero code: 1" } },
      ].flatMap((message) => progress.handle(message));
      assert.deepEqual(texts(lines), [
        'step: Step 1/2 : FROM base',
        'log:  ---> abc',
        'step: Step 2/2 : RUN false',
        'log: partial',
        "error: ERROR: The command '/bin/sh -c false' returned a non-zero code: 1",
      ]);
      assert.equal(progress.failedStep, 'RUN false');
    });

    it('classic success: the aux image id and the final lines', () => {
      const progress = new BuildProgress();
      const lines = [
        { aux: { ID: 'sha256:def' } },
        { stream: 'Successfully built def\n' },
        { stream: 'Successfully tagged x:1\n' },
      ].flatMap((message) => progress.handle(message));
      assert.equal(progress.imageId, 'sha256:def');
      assert.deepEqual(texts(lines), ['done: Successfully built def', 'done: Successfully tagged x:1']);
    });

    it('ignores what it does not know', () => {
      const progress = new BuildProgress();
      assert.deepEqual(progress.handle(null), []);
      assert.deepEqual(progress.handle('text'), []);
      assert.deepEqual(progress.handle({ id: 'moby.buildkit.trace', aux: '%%%' }), []);
      assert.deepEqual(progress.flush(), []);
    });
  });
});
