import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { engineAuth, fullReference, splitImageName } from '../../../src/extension/docker/imageName';
import {
  followTransfer,
  LayerProgress,
  progressMessage,
  TransferCancelled,
  TransferError,
} from '../../../src/extension/docker/layerProgress';
import { describeRegistryFailure } from '../../../src/extension/docker/registryFailure';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const a = 'aaaaaaaaaaaa';
const b = 'bbbbbbbbbbbb';

describe('Pull and push progress', () => {
  it('weighs layers equally: download then extraction for a pull', () => {
    const tracker = new LayerProgress('pull');
    tracker.update({ status: 'Pulling from team/app', id: 'latest' });
    tracker.update({ status: 'Pulling fs layer', id: a });
    tracker.update({ status: 'Already exists', id: b });
    let p = tracker.update({ status: 'Downloading', id: a, progressDetail: { current: 50, total: 100 } });
    assert.equal(p?.percent, Math.floor((100 * (0.35 + 1)) / 2));
    assert.equal(p?.layers.length, 2, 'the tag line is not a layer');
    p = tracker.update({ status: 'Extracting', id: a, progressDetail: { current: 100, total: 100 } });
    assert.equal(p?.percent, 100);
    assert.equal(p?.layers.find((l) => l.id === a)?.done, false);
    p = tracker.update({ status: 'Pull complete', id: a });
    assert.equal(
      p?.layers.every((l) => l.done),
      true,
    );
    tracker.update({ status: `Digest: sha256:${'c'.repeat(64)}` });
    assert.equal(tracker.digest, `sha256:${'c'.repeat(64)}`);
    assert.deepEqual(tracker.statusLines, [
      'latest: Pulling from team/app',
      `Digest: sha256:${'c'.repeat(64)}`,
    ]);
  });

  it('counts a push layer by its bytes and keeps waiting layers where they were', () => {
    const tracker = new LayerProgress('push');
    tracker.update({ status: 'Preparing', id: a });
    tracker.update({ status: 'Pushing', id: a, progressDetail: { current: 30, total: 60 } });
    const p = tracker.update({ status: 'Waiting', id: a });
    assert.equal(p?.percent, 50);
    assert.equal(tracker.update({ status: 'Mounted from other/repo', id: a })?.percent, 100);
    tracker.update({ progressDetail: {}, aux: { Tag: 'v1', Digest: 'sha256:d', Size: 5 } });
    assert.equal(tracker.digest, 'sha256:d');
  });

  it('says the percentage, the layers done and the moving layer in one line', () => {
    const tracker = new LayerProgress('pull');
    tracker.update({ status: 'Pull complete', id: b });
    const p = tracker.update({
      status: 'Downloading',
      id: a,
      progressDetail: { current: 1500, total: 3_000_000 },
    });
    assert.ok(p !== undefined);
    assert.equal(progressMessage(p, t), `50% · 1 of 2 layers · ${a}: Downloading 1.50 kB of 3.00 MB`);
  });

  it('follows a stream to its end, rejects on an error message and on cancel', async () => {
    const ok = new PassThrough();
    const done = followTransfer(ok, new LayerProgress('pull'), undefined);
    ok.write(`{"status":"Pulling fs layer","id":"${a}"}\n{"status":"Pull co`);
    ok.end(`mplete","id":"${a}"}\n`);
    assert.equal((await done).percent, 100);

    const failing = new PassThrough();
    const refused = followTransfer(failing, new LayerProgress('push'), undefined);
    failing.write('{"errorDetail":{"message":"unauthorized: authentication required"},"error":"x"}\n');
    await assert.rejects(refused, (err) => err instanceof TransferError && /unauthorized/.test(err.message));

    const slow = new PassThrough();
    const controller = new AbortController();
    const cancelled = followTransfer(
      slow,
      new LayerProgress('pull'),
      () => controller.abort(),
      controller.signal,
    );
    slow.write(`{"status":"Waiting","id":"${a}"}\n`);
    await assert.rejects(cancelled, (err) => err instanceof TransferCancelled);
    assert.equal(slow.destroyed, true, 'the stream is closed, so the daemon stops');

    const cut = new PassThrough();
    const broken = followTransfer(cut, new LayerProgress('pull'), undefined);
    cut.destroy();
    await assert.rejects(broken, TransferError);
  });
});

describe('Image names', () => {
  it('finds the registry host the way Docker does', () => {
    assert.deepEqual(splitImageName('ubuntu'), {
      host: 'docker.io',
      explicitHost: false,
      repository: 'ubuntu',
      tag: undefined,
      digest: undefined,
    });
    assert.equal(splitImageName('team/app:1').host, 'docker.io');
    assert.equal(splitImageName('localhost/app').host, 'localhost');
    const name = splitImageName('127.0.0.1:5000/team/app:v2');
    assert.equal(name.host, '127.0.0.1:5000');
    assert.equal(name.repository, '127.0.0.1:5000/team/app');
    assert.equal(name.tag, 'v2');
    assert.equal(fullReference(splitImageName('127.0.0.1:5000/app')), '127.0.0.1:5000/app:latest');
    const pinned = splitImageName(`r.example/app@sha256:${'e'.repeat(64)}`);
    assert.equal(pinned.tag, undefined);
    assert.equal(fullReference(pinned), `r.example/app@sha256:${'e'.repeat(64)}`);
  });

  it('puts a credential in the form the Engine takes, Docker Hub by its v1 key', () => {
    assert.equal(engineAuth('r.example', undefined), undefined);
    assert.deepEqual(engineAuth('docker.io', { username: 'u', secret: 's', source: 'config.json' }), {
      username: 'u',
      password: 's',
      serveraddress: 'https://index.docker.io/v1/',
    });
    assert.deepEqual(
      engineAuth('r.example', { username: '', secret: '', identityToken: 'tok', source: 'credsStore x' }),
      { identitytoken: 'tok', serveraddress: 'r.example' },
    );
  });
});

describe('Registry failures', () => {
  const what = { host: 'r.example', reference: 'r.example/app:v1', action: 'pull' as const };
  const engineError = (message: string, statusCode = 500): Error =>
    Object.assign(new Error(`(HTTP code ${statusCode})`), { statusCode, json: { message } });

  it('names the registry and the credential source, never the secret', () => {
    const credential = { username: 'me', secret: 'hunter2', source: 'credHelpers pass' };
    const text = describeRegistryFailure(
      engineError('unauthorized: authentication required'),
      { ...what, credential },
      t,
    );
    assert.equal(
      text,
      'The registry r.example refused the credentials (me, from credHelpers pass). Log in to r.example again with the right password or token.',
    );
    assert.match(
      describeRegistryFailure(
        engineError('no basic auth credentials'),
        { ...what, credential: undefined },
        t,
      ) ?? '',
      /asks for credentials, and Docker has none/,
    );
  });

  it('tells an unreachable registry, a missing image and plain HTTP apart; leaves others to the caller', () => {
    const c = { ...what, credential: undefined };
    assert.match(
      describeRegistryFailure(
        engineError('Get "https://r.example/v2/": dial tcp: lookup r.example: no such host'),
        c,
        t,
      ) ?? '',
      /could not be reached from the Docker daemon \(no such host\)/,
    );
    assert.equal(
      describeRegistryFailure(
        engineError('manifest for r.example/app:v1 not found: manifest unknown', 404),
        c,
        t,
      ),
      'r.example/app:v1 was not found in the registry r.example.',
    );
    assert.match(
      describeRegistryFailure(engineError('http: server gave HTTP response to HTTPS client'), c, t) ?? '',
      /insecure-registries/,
    );
    assert.equal(describeRegistryFailure(engineError('no space left on device'), c, t), undefined);
  });
});
