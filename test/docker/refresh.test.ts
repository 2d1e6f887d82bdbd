// The refresh manager on real daemons: objects created, changed and removed through the API reach
// the model through events alone (no full re-listing), bursts are coalesced, and a daemon that is
// stopped and started again is reported unreachable and then recovered.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { DockerClient } from '../../src/extension/docker/client';
import { DaemonModel } from '../../src/extension/docker/daemonModel';
import { parseHost } from '../../src/extension/docker/endpoint';
import { RefreshManager, type ModelClient } from '../../src/extension/docker/refreshManager';
import { callTimeoutMs, fixedConnection, until, requireDaemon, seeds, testClient } from './helpers';
import { PrivateDaemon } from './privateDaemon';

/** A client that counts its calls by method name. */
function counting(client: DockerClient): {
  client: ModelClient;
  calls: Map<string, number>;
  args: unknown[][];
} {
  const calls = new Map<string, number>();
  const args: unknown[][] = [];
  const proxy = new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') {
        return value;
      }
      return (...rest: unknown[]): unknown => {
        calls.set(property, (calls.get(property) ?? 0) + 1);
        if (property === 'listContainersById') {
          args.push(rest[0] as unknown[]);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, rest);
      };
    },
  });
  return { client: proxy, calls, args };
}

/** Full listings sent so far. */
function listings(calls: Map<string, number>): number {
  return ['listContainers', 'listImages', 'listVolumes', 'listNetworks'].reduce(
    (n, m) => n + (calls.get(m) ?? 0),
    0,
  );
}

describe('Refresh manager (test daemon)', function () {
  const suffix = `${process.pid}-${randomBytes(3).toString('hex')}`;
  let raw: DockerClient;
  let docker: Docker;
  let model: DaemonModel;
  let manager: RefreshManager;
  let calls: Map<string, number>;
  let byIdArgs: unknown[][];
  const containers: string[] = [];
  const tags: string[] = [];
  const volumes: string[] = [];
  const networks: string[] = [];

  before(async function () {
    const host = requireDaemon(this);
    raw = await testClient(host);
    const endpoint = parseHost(host, 'setting');
    docker = new Docker({ socketPath: endpoint.kind === 'unix' ? endpoint.socketPath : '' });
    const counted = counting(raw);
    calls = counted.calls;
    byIdArgs = counted.args;
    model = new DaemonModel('test');
    manager = new RefreshManager(fixedConnection(counted.client), model);
    manager.setVisible(true);
    await until(model, () => model.state === 'ready', 'the first listing');
  });

  after(async () => {
    manager?.dispose();
    model?.dispose();
    const results = await Promise.allSettled([
      ...containers.map((id) => raw.removeContainer(id, { force: true })),
      ...tags.map((tag) => docker.getImage(tag).remove()),
      ...volumes.map((name) => docker.getVolume(name).remove()),
    ]);
    // Networks go after their containers.
    results.push(...(await Promise.allSettled(networks.map((id) => docker.getNetwork(id).remove()))));
    const failed = results.filter(
      (r): r is PromiseRejectedResult =>
        r.status === 'rejected' && (r.reason as { statusCode?: number }).statusCode !== 404,
    );
    assert.deepEqual(
      failed.map((r) => String(r.reason)),
      [],
      'test objects could not be removed',
    );
  });

  async function createPlain(name: string, networkMode = 'none'): Promise<string> {
    const id = await raw.createContainer({
      name,
      Image: seeds.plain,
      Cmd: ['sleep', '600'],
      Labels: { 'dockwright.test': 'refresh' },
      HostConfig: { NetworkMode: networkMode },
    });
    containers.push(id);
    return id;
  }

  it('follows a container from create to remove through events alone', async () => {
    const before = listings(calls);
    const id = await createPlain(`dockwright-refresh-${suffix}`);
    await until(model, () => model.containers().get(id)?.state === 'created', 'the created container');
    assert.equal(model.containers().get(id)?.name, `dockwright-refresh-${suffix}`);

    await raw.startContainer(id);
    await until(model, () => model.containers().get(id)?.state === 'running', 'the running container');
    assert.match(model.containers().get(id)?.status ?? '', /^Up /);

    // `sleep` as pid 1 ignores TERM, so the stop ends with the KILL after the timeout.
    await raw.stopContainer(id, { timeoutSeconds: 1 });
    await until(model, () => model.containers().get(id)?.state === 'exited', 'the stopped container');

    await raw.removeContainer(id);
    await until(model, () => !model.containers().has(id), 'the removed container gone');
    assert.equal(listings(calls), before, 'no full listing was sent');
    assert.ok((calls.get('listContainersById') ?? 0) > 0, 'the container was fetched by id');
  });

  it('follows a health check from starting to healthy through its events', async () => {
    const before = listings(calls);
    // The service seed answers its own HEALTHCHECK on the container's loopback; no network needed.
    const id = await raw.createContainer({
      name: `dockwright-refresh-health-${suffix}`,
      Image: seeds.service,
      Labels: { 'dockwright.test': 'refresh' },
      HostConfig: { NetworkMode: 'none' },
    });
    containers.push(id);
    await raw.startContainer(id);
    await until(model, () => model.containers().get(id)?.health === 'starting', 'health: starting');
    await until(model, () => model.containers().get(id)?.health === 'healthy', 'healthy', 30_000);
    assert.match(model.containers().get(id)?.status ?? '', /\(healthy\)/);
    await raw.removeContainer(id, { force: true });
    await until(model, () => !model.containers().has(id), 'the container gone');
    assert.equal(listings(calls), before, 'no full listing was sent');
  });

  it('follows an image tag and untag', async () => {
    const before = listings(calls);
    const plain = await raw.inspectImage(seeds.plain);
    assert.ok(plain, 'the seed image exists');
    const repo = `dockwright-test/refresh-${suffix}`;
    const ref = `${repo}:t1`;
    tags.push(ref);
    await docker.getImage(seeds.plain).tag({ repo, tag: 't1' });
    await until(model, () => model.images().get(plain.id)?.repoTags.includes(ref) === true, 'the new tag');

    await docker.getImage(ref).remove();
    await until(model, () => model.images().get(plain.id)?.repoTags.includes(ref) === false, 'the tag gone');
    assert.ok(model.images().get(plain.id)?.repoTags.includes(seeds.plain), 'the image keeps its own tag');
    assert.equal(listings(calls), before, 'no full listing was sent');
  });

  it('follows a volume created and removed', async () => {
    const before = listings(calls);
    const name = `dockwright-refresh-${suffix}`;
    volumes.push(name);
    await docker.createVolume({ Name: name, Labels: { 'dockwright.test': 'refresh' } });
    await until(
      model,
      () => model.volumes().get(name)?.labels['dockwright.test'] === 'refresh',
      'the volume',
    );
    assert.equal(model.volumes().get(name)?.driver, 'local');

    await docker.getVolume(name).remove();
    await until(model, () => !model.volumes().has(name), 'the volume gone');
    assert.equal(listings(calls), before, 'no full listing was sent');
  });

  it('follows internal networks created, connected, disconnected and removed', async () => {
    const before = listings(calls);
    const home = await docker.createNetwork({ Name: `dockwright-refresh-a-${suffix}`, Internal: true });
    networks.push(home.id);
    const extra = await docker.createNetwork({ Name: `dockwright-refresh-b-${suffix}`, Internal: true });
    networks.push(extra.id);
    await until(model, () => model.networks().has(home.id) && model.networks().has(extra.id), 'the networks');
    assert.equal(model.networks().get(extra.id)?.internal, true);

    // Only a running container's attachments make events; the internal network keeps it local.
    const id = await createPlain(`dockwright-refresh-net-${suffix}`, `dockwright-refresh-a-${suffix}`);
    await raw.startContainer(id);
    await until(
      model,
      () => model.containers().get(id)?.state === 'running',
      'the attached container running',
    );

    const attached = (): boolean =>
      model
        .containers()
        .get(id)
        ?.networks.some((n) => n.networkId === extra.id && n.ipv4 !== undefined) === true;
    await extra.connect({ Container: id });
    await until(model, attached, 'the container on the second network, with an address');
    await extra.disconnect({ Container: id });
    await until(
      model,
      () =>
        model
          .containers()
          .get(id)
          ?.networks.every((n) => n.networkId !== extra.id) === true,
      'the container off the second network',
    );

    await raw.removeContainer(id, { force: true });
    await extra.remove();
    await until(model, () => !model.networks().has(extra.id), 'the second network gone');
    assert.equal(listings(calls), before, 'no full listing was sent');
  });

  it('coalesces a burst of 20 creates', async () => {
    const before = listings(calls);
    const fetchesBefore = byIdArgs.length;
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createPlain(`dockwright-refresh-burst-${suffix}-${i}`)),
    );
    await until(model, () => ids.every((id) => model.containers().has(id)), 'all 20 containers');
    const fetches = byIdArgs.slice(fetchesBefore);
    console.log(
      `      20 creates → ${fetches.length} fetches (${fetches.map((a) => a.length).join(', ')} ids)`,
    );
    assert.ok(fetches.length < 20, `${fetches.length} fetches for 20 creates`);
    assert.ok(
      fetches.some((a) => a.length > 1),
      'at least one fetch carried several ids',
    );
    assert.equal(listings(calls), before, 'no full listing was sent');
    await Promise.all(ids.map((id) => raw.removeContainer(id, { force: true })));
    await until(model, () => ids.every((id) => !model.containers().has(id)), 'all 20 containers gone');
  });
});

describe('Refresh manager across a daemon restart (private dockerd)', function () {
  this.timeout(180_000);
  let daemon: PrivateDaemon | undefined;
  let model: DaemonModel;
  let manager: RefreshManager | undefined;

  before(async function () {
    const missing = PrivateDaemon.available();
    if (missing !== undefined) {
      console.log(`  skipped: ${missing}`);
      this.skip();
    }
    daemon = await PrivateDaemon.start();
  });

  after(async () => {
    manager?.dispose();
    await daemon?.destroy();
  });

  it('reports the outage and recovers on its own', async () => {
    assert.ok(daemon);
    const client = await DockerClient.create(parseHost(daemon.host, 'setting'), callTimeoutMs);
    const counted = counting(client);
    model = new DaemonModel('private');
    manager = new RefreshManager(fixedConnection(counted.client), model, {
      log: (m) => console.log(`      ${m}`),
    });
    manager.setVisible(true);
    await until(model, () => model.state === 'ready', 'the first listing');
    const first = counted.calls.get('listContainers') ?? 0;
    assert.equal(first, 1);

    await daemon.stop();
    await until(model, () => model.state === 'unreachable', 'the outage reported');
    assert.match(model.reason ?? '', /Docker is not running at unix:\/\/.*d\.sock/);

    const restarted = Date.now();
    await daemon.launch();
    const answered = Date.now();
    await until(model, () => model.state === 'ready', 'the recovery', 10_000);
    const recovered = Date.now();
    console.log(
      `      dockerd answered ${answered - restarted} ms after launch; model ready ${recovered - answered} ms later`,
    );
    assert.ok(recovered - answered < 2_000, `recovered ${recovered - answered} ms after the daemon answered`);
    assert.equal(counted.calls.get('listContainers'), first + 1, 'one listing after the reconnect');
  });
});
