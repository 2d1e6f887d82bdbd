// The extension's answer to the server's image details request, against the test daemon: an
// image inspect mapped to ImageDetails, null for unknown images and unreachable daemons, and
// the pin action built from the real registry digests of the seed images.
import * as assert from 'node:assert/strict';
import type { Disposable } from 'vscode-languageclient/node';
import { DockerClient } from '../../src/extension/docker/client';
import { parseHost } from '../../src/extension/docker/endpoint';
import { inspectImageDetails, registerImageDetails } from '../../src/extension/language/imageDetails';
import { codeActions } from '../../src/server/features/codeActions';
import { parseDockerfile } from '../../src/server/syntax/parser';
import { createdMs, type ImageDetailsResult } from '../../src/shared/imageDetails';
import { requireDaemon, seeds, testClient } from './helpers';

/** The open test registry (scripts/env.sh may run it on another port). */
const openRegistry = process.env.DOCKWRIGHT_TEST_REGISTRY_OPEN ?? '127.0.0.1:5001';
const authRegistry = process.env.DOCKWRIGHT_TEST_REGISTRY ?? '127.0.0.1:5000';

/** A language client stand-in that keeps the registered handler so the test can call it. */
function requestClient(): {
  client: {
    onRequest(method: string, handler: (params: unknown) => Promise<ImageDetailsResult>): Disposable;
  };
  ask: (params: unknown) => Promise<ImageDetailsResult>;
  method: () => string;
} {
  let registered: { method: string; handler: (params: unknown) => Promise<ImageDetailsResult> } | undefined;
  return {
    client: {
      onRequest(method, handler) {
        registered = { method, handler };
        return { dispose: () => (registered = undefined) };
      },
    },
    ask: (params) => {
      assert.ok(registered, 'a handler is registered');
      return registered.handler(params);
    },
    method: () => registered?.method ?? '',
  };
}

describe('Image details (test daemon)', function () {
  let docker: DockerClient;

  before(async function () {
    docker = await testClient(requireDaemon(this));
  });

  it('inspects a seed image by name and tag', async () => {
    const details = await inspectImageDetails(docker, seeds.plain);
    assert.ok(details);
    assert.match(details.id, /^sha256:[0-9a-f]{64}$/);
    assert.ok(details.size > 500_000 && details.size < 20_000_000, `size ${details.size}`);
    assert.ok((createdMs(details.created) ?? 0) > Date.parse('2020-01-01'), `created ${details.created}`);
    assert.ok(details.repoTags.includes(seeds.plain), details.repoTags.join(', '));
    assert.ok(
      details.repoDigests.some((digest) =>
        [openRegistry, authRegistry].some((registry) =>
          digest.startsWith(`${registry}/dockwright-seed/plain@sha256:`),
        ),
      ),
      details.repoDigests.join(', '),
    );
    // Without a tag the daemon looks up `latest`; with a registry and port the path still routes.
    assert.equal((await inspectImageDetails(docker, 'dockwright-seed/plain'))?.id, details.id);
    assert.equal((await inspectImageDetails(docker, `${openRegistry}/${seeds.plain}`))?.id, details.id);
  });

  it('answers null for an image the daemon does not have', async () => {
    const missing = `dockwright-test/missing-${Math.random().toString(36).slice(2)}:1`;
    assert.equal(await inspectImageDetails(docker, missing), null);
    assert.equal(await inspectImageDetails(docker, ''), null);
    assert.equal(await inspectImageDetails(docker, 'a b'), null);
  });

  it('answers the request through the registered handler, and null without a daemon', async () => {
    const answering = requestClient();
    const registration = registerImageDetails(answering.client, { connection: { client: docker } });
    assert.equal(answering.method(), 'dockwright/imageDetails');
    const details = await answering.ask({ reference: seeds.service });
    assert.ok(details?.repoTags.includes(seeds.service));
    assert.equal(await answering.ask({ reference: 42 }), null);
    registration.dispose();

    const disconnected = requestClient();
    registerImageDetails(disconnected.client, { connection: { client: undefined } });
    assert.equal(await disconnected.ask({ reference: seeds.service }), null);

    const unreachable = requestClient();
    const nowhere = await DockerClient.create(
      parseHost('unix:///tmp/dockwright-no-such-daemon.sock', 'setting'),
      2_000,
    );
    registerImageDetails(unreachable.client, { connection: { client: nowhere } });
    assert.equal(await unreachable.ask({ reference: seeds.service }), null);
  });

  it('reuses an answer for a few seconds, and asks again after a failure', async () => {
    let time = 0;
    const calls: string[] = [];
    let fail = false;
    const counting: typeof inspectImageDetails = (target, reference, signal) => {
      calls.push(reference);
      return fail ? Promise.reject(new Error('daemon gone')) : inspectImageDetails(target, reference, signal);
    };
    const answering = requestClient();
    registerImageDetails(answering.client, { connection: { client: docker } }, () => time, counting);
    const first = await answering.ask({ reference: seeds.plain });
    assert.deepEqual(await answering.ask({ reference: seeds.plain }), first);
    assert.equal(calls.length, 1);
    time += 6_000;
    fail = true;
    assert.equal(await answering.ask({ reference: seeds.plain }), null);
    fail = false;
    assert.deepEqual(await answering.ask({ reference: seeds.plain }), first);
    assert.equal(calls.length, 3);
  });

  it('gives the pin action the digest the daemon holds for that registry', async () => {
    const reference = `${openRegistry}/${seeds.plain}`;
    const details = await inspectImageDetails(docker, reference);
    assert.ok(details);
    const digest = details.repoDigests
      .find((repoDigest) => repoDigest.startsWith(`${openRegistry}/`))
      ?.split('@')[1];
    assert.ok(digest);
    const doc = parseDockerfile(`FROM ${reference}\nFROM ${seeds.plain}\n`);
    const uri = 'file:///w/Dockerfile';
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
    const pins = codeActions(doc, {
      uri,
      range: at(0),
      diagnostics: [],
      images: new Map([[reference, details]]),
    });
    assert.equal(pins.length, 1);
    assert.deepEqual(pins[0]?.edit?.changes?.[uri], [
      {
        range: {
          start: { line: 0, character: 5 + reference.length },
          end: { line: 0, character: 5 + reference.length },
        },
        newText: `@${digest}`,
      },
    ]);
    // The daemon knows no Docker Hub digest for the unqualified name: nothing to pin.
    const local = await inspectImageDetails(docker, seeds.plain);
    assert.ok(local);
    assert.deepEqual(
      codeActions(doc, { uri, range: at(1), diagnostics: [], images: new Map([[seeds.plain, local]]) }),
      [],
    );
  });
});
