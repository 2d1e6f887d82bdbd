import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  DaemonModel,
  sameValue,
  type ModelChange,
  type ModelStateChange,
} from '../../../src/extension/docker/daemonModel';
import { parseHost } from '../../../src/extension/docker/endpoint';
import {
  containerHealth,
  toContainer,
  toImage,
  toImageFromInspect,
  toNetwork,
  toVolume,
  toVolumeUsage,
} from '../../../src/extension/docker/mapping';
import type { DockerEvent } from '../../../src/extension/docker/events';
import {
  backoffDelay,
  patchLimit,
  PendingPatches,
  RefreshManager,
  type ConnectionLike,
  type ModelClient,
  type Timers,
} from '../../../src/extension/docker/refreshManager';
import type {
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  VolumeSummary,
} from '../../../src/extension/docker/types';

function container(id: string, state = 'created'): ContainerSummary {
  return {
    id,
    name: `c-${id}`,
    image: 'plain',
    imageId: 'sha256:1',
    command: 'sleep 600',
    state,
    status: state,
    health: 'none',
    created: 1,
    labels: {},
    ports: [],
    networks: [],
    mounts: [],
  };
}

function image(id: string, repoTags: string[]): ImageSummary {
  return { id, repoTags, repoDigests: [], dangling: repoTags.length === 0, size: 1, created: 1, labels: {} };
}

function volume(name: string): VolumeSummary {
  return { name, driver: 'local', mountpoint: `/v/${name}`, scope: 'local', labels: {} };
}

function network(id: string): NetworkSummary {
  return {
    id,
    name: `n-${id}`,
    driver: 'bridge',
    scope: 'local',
    internal: true,
    attachable: false,
    enableIPv6: false,
    subnets: [],
    created: '',
    labels: {},
  };
}

function event(
  type: string,
  action: string,
  id: string,
  attributes: Record<string, string> = {},
  timeNano = 1n,
): DockerEvent {
  return { type, action, verb: action.split(':')[0], id, attributes, timeNano };
}

function record(model: DaemonModel): { changes: ModelChange[]; states: ModelStateChange[] } {
  const changes: ModelChange[] = [];
  const states: ModelStateChange[] = [];
  model.onDidChange((c) => changes.push(c));
  model.onDidChangeState((s) => states.push(s));
  return { changes, states };
}

describe('Daemon model', () => {
  it('replaces a kind with a listing and reports the difference', () => {
    const model = new DaemonModel('d');
    const { changes } = record(model);
    model.replace('containers', [container('a'), container('b')]);
    model.replace('containers', [container('a'), container('b', 'running'), container('c')]);
    model.replace('containers', [container('a'), container('b', 'running'), container('c')]);
    model.replace('containers', [container('c')]);
    assert.deepEqual(changes, [
      { kind: 'containers', added: ['a', 'b'], changed: [], removed: [], reset: true },
      { kind: 'containers', added: ['c'], changed: ['b'], removed: [], reset: true },
      { kind: 'containers', added: [], changed: [], removed: ['a', 'b'], reset: true },
    ]);
    assert.deepEqual([...model.containers().keys()], ['c']);
  });

  it('patches single objects and stays silent when nothing changed', () => {
    const model = new DaemonModel('d');
    model.replace('images', [image('sha256:1', ['a:1'])]);
    model.replace('volumes', [volume('v1')]);
    const { changes } = record(model);
    assert.equal(model.patch('images', [image('sha256:1', ['a:1'])]), undefined);
    assert.equal(model.patch('images', [], ['sha256:none']), undefined);
    model.patch('images', [image('sha256:1', ['a:1', 'b:2']), image('sha256:2', [])], []);
    model.patch('volumes', [volume('v2')], ['v1']);
    model.patch('networks', [network('n1')]);
    assert.deepEqual(changes, [
      { kind: 'images', added: ['sha256:2'], changed: ['sha256:1'], removed: [] },
      { kind: 'volumes', added: ['v2'], changed: [], removed: ['v1'] },
      { kind: 'networks', added: ['n1'], changed: [], removed: [] },
    ]);
    assert.deepEqual(model.images().get('sha256:1')?.repoTags, ['a:1', 'b:2']);
    assert.equal(model.volumes().has('v1'), false);
    assert.equal(model.items('networks').get('n1')?.name, 'n-n1');
  });

  it('reports state changes once, with the reason when unreachable', () => {
    const model = new DaemonModel('d');
    const { states } = record(model);
    model.setState('loading');
    model.setState('loading');
    model.setState('unreachable', 'down');
    model.setState('unreachable', 'down');
    model.setState('ready', 'ignored');
    assert.deepEqual(states, [
      { state: 'loading' },
      { state: 'unreachable', reason: 'down' },
      { state: 'ready' },
    ]);
    assert.equal(model.reason, undefined);
  });

  it('keeps volume usage apart and reports the volumes whose usage moved', () => {
    const model = new DaemonModel('d');
    model.replace('volumes', [volume('v1'), volume('v2')]);
    const { changes } = record(model);
    assert.equal(model.volumeUsage(), undefined);
    model.setVolumeUsage(new Map([['v1', { size: 10, refCount: 1 }]]));
    model.setVolumeUsage(new Map([['v1', { size: 10, refCount: 1 }]]));
    assert.deepEqual(changes, [{ kind: 'volumes', added: [], changed: ['v1'], removed: [] }]);
    assert.equal(model.volumeUsage()?.get('v1')?.refCount, 1);
  });

  it('compares values structurally', () => {
    assert.equal(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
    assert.equal(sameValue({ a: [1] }, { a: [1, 2] }), false);
    assert.equal(sameValue({ a: 1 }, { b: 1 }), false);
    assert.equal(sameValue({ a: undefined }, {}), false);
    assert.equal(sameValue([], {}), false);
    assert.equal(sameValue(null, {}), false);
  });
});

describe('Refresh manager pending patches', () => {
  it('keeps the last word per object and follows network attachments', () => {
    const p = new PendingPatches();
    p.add(event('container', 'create', 'c1'));
    p.add(event('container', 'start', 'c1'));
    p.add(event('container', 'create', 'c2'));
    p.add(event('container', 'destroy', 'c2'));
    p.add(event('container', 'health_status: healthy', 'c3'));
    p.add(event('network', 'connect', 'n1', { container: 'c4' }));
    p.add(event('volume', 'create', 'v1'));
    p.add(event('volume', 'mount', 'v2'));
    p.add(event('image', 'tag', 'sha256:1', { name: 'a:latest' }));
    p.add(event('image', 'delete', 'sha256:2'));
    p.add(event('image', 'push', 'a:latest'));
    p.add(event('daemon', 'reload', 'x'));
    assert.deepEqual([...p.fetch.containers], ['c1', 'c3']);
    assert.deepEqual([...p.settle], ['c4']);
    assert.deepEqual([...p.remove.containers], ['c2']);
    assert.deepEqual([...p.fetch.networks], ['n1']);
    assert.deepEqual([...p.fetch.volumes], ['v1']);
    assert.deepEqual([...p.fetch.images], ['sha256:1']);
    assert.deepEqual([...p.remove.images], ['sha256:2']);
    assert.deepEqual([...p.movedTags], ['sha256:1', 'a:latest']);
    assert.equal(p.empty, false);
    assert.equal(new PendingPatches().empty, true);
  });
});

/** Timers run by hand: `advance` fires what is due, in order, letting promises settle between. */
class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  private queue: { at: number; id: number; callback: () => void }[] = [];
  readonly delays: number[] = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.delays.push(ms);
    this.queue.push({ at: this.now + ms, id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.queue.length;
  }

  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    await settle();
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.id - b.id);
      const due = this.queue[0];
      if (due === undefined || due.at > end) {
        break;
      }
      this.queue.shift();
      this.now = due.at;
      due.callback();
      await settle();
    }
    this.now = end;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** An in-memory daemon behind the ModelClient interface, counting calls. */
class FakeClient implements ModelClient {
  readonly endpoint = parseHost('unix:///tmp/fake-docker.sock', 'setting');
  containers = new Map<string, ContainerSummary>();
  calls: string[] = [];
  byId: string[][] = [];
  streams: PassThrough[] = [];
  refusals = 0;

  events(): Promise<NodeJS.ReadableStream> {
    this.calls.push('events');
    if (this.refusals > 0) {
      this.refusals--;
      return Promise.reject(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }));
    }
    const stream = new PassThrough();
    this.streams.push(stream);
    return Promise.resolve(stream);
  }

  listContainers(): Promise<ContainerSummary[]> {
    this.calls.push('listContainers');
    return Promise.resolve([...this.containers.values()]);
  }
  listImages(): Promise<ImageSummary[]> {
    this.calls.push('listImages');
    return Promise.resolve([]);
  }
  listVolumes(): Promise<VolumeSummary[]> {
    this.calls.push('listVolumes');
    return Promise.resolve([]);
  }
  listNetworks(): Promise<NetworkSummary[]> {
    this.calls.push('listNetworks');
    return Promise.resolve([]);
  }
  listContainersById(ids: readonly string[]): Promise<ContainerSummary[]> {
    this.calls.push('listContainersById');
    this.byId.push([...ids]);
    return Promise.resolve(ids.flatMap((id) => this.containers.get(id) ?? []));
  }
  inspectImage(): Promise<ImageSummary | undefined> {
    this.calls.push('inspectImage');
    return Promise.resolve(undefined);
  }
  inspectVolume(name: string): Promise<VolumeSummary | undefined> {
    this.calls.push('inspectVolume');
    return Promise.resolve(volume(name));
  }
  inspectNetwork(id: string): Promise<NetworkSummary | undefined> {
    this.calls.push('inspectNetwork');
    return Promise.resolve(network(id));
  }
  volumeUsage(): Promise<Map<string, { size: number; refCount: number }>> {
    this.calls.push('volumeUsage');
    return Promise.resolve(new Map<string, { size: number; refCount: number }>());
  }

  /** Sends an event on the newest stream, as the Engine writes it. */
  emit(type: string, action: string, id: string, timeNano: bigint): void {
    const stream = this.streams[this.streams.length - 1];
    stream.write(
      `{"Type":"${type}","Action":"${action}","Actor":{"ID":"${id}","Attributes":{}},"timeNano":${timeNano}}\n`,
    );
  }
}

function connectionOf(
  client: ModelClient | undefined,
): ConnectionLike & { fire(): void; client: ModelClient | undefined } {
  const listeners: (() => void)[] = [];
  return {
    client,
    state: client === undefined ? 'unreachable' : 'connected',
    reason: client === undefined ? 'no daemon' : undefined,
    onDidChangeState: (listener) => {
      listeners.push(listener);
      return { dispose: () => undefined };
    },
    fire: () => listeners.forEach((l) => l()),
  };
}

describe('Refresh manager', () => {
  it('grows the reconnection delay from 250 ms to its cap', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 40].map((attempt) => backoffDelay(attempt, 250, 1500)),
      [250, 500, 1000, 1500, 1500, 1500, 1500],
    );
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 250, 5000)),
      [250, 500, 1000, 2000, 4000, 5000],
    );
  });

  it('sends nothing while no view is visible', async () => {
    const client = new FakeClient();
    const timers = new ManualTimers();
    const model = new DaemonModel('d');
    const manager = new RefreshManager(connectionOf(client), model, { timers });
    await timers.advance(10 * 60 * 1000);
    assert.deepEqual(client.calls, []);
    assert.equal(model.state, 'idle');
    manager.dispose();
  });

  it('lists once, then patches one fetch per burst of events', async () => {
    const client = new FakeClient();
    client.containers.set('a', container('a'));
    const timers = new ManualTimers();
    const model = new DaemonModel('d');
    const { changes } = record(model);
    const manager = new RefreshManager(connectionOf(client), model, { timers, debounceMs: 30 });
    manager.setVisible(true);
    await timers.advance(0);
    assert.equal(model.state, 'ready');
    assert.deepEqual(client.calls.sort(), [
      'events',
      'listContainers',
      'listImages',
      'listNetworks',
      'listVolumes',
    ]);
    client.calls = [];

    for (let i = 0; i < 10; i++) {
      client.containers.set(`b${i}`, container(`b${i}`));
      client.emit('container', 'create', `b${i}`, BigInt(100 + i));
    }
    client.containers.set('a', container('a', 'running'));
    client.emit('container', 'start', 'a', 200n);
    client.emit('container', 'exec_start: sh', 'a', 201n);
    // After a quiet spell the burst that arrived together is fetched at once, in one request.
    await timers.advance(0);
    assert.deepEqual(client.byId, [['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9', 'a']]);
    assert.deepEqual(client.calls, ['listContainersById']);
    assert.equal(model.containers().size, 11);
    assert.equal(model.containers().get('a')?.state, 'running');
    const last = changes[changes.length - 1];
    assert.equal(last.added.length, 10);
    assert.deepEqual(last.changed, ['a']);

    // Events right after a round wait out the window, then go together.
    client.calls = [];
    client.containers.delete('b0');
    client.emit('container', 'destroy', 'b0', 300n);
    await timers.advance(10);
    client.emit('volume', 'create', 'v1', 301n);
    client.containers.set('c', container('c'));
    client.emit('container', 'create', 'c', 302n);
    await timers.advance(19);
    assert.deepEqual(client.calls, [], 'nothing is fetched before the window closes');
    await timers.advance(1);
    assert.equal(model.containers().has('c'), true);
    assert.equal(model.containers().has('b0'), false);
    assert.equal(model.volumes().has('v1'), true);
    assert.deepEqual(client.calls.sort(), ['inspectVolume', 'listContainersById']);
    assert.deepEqual(client.byId[client.byId.length - 1], ['c'], 'a destroy needs no fetch');
    manager.dispose();
  });

  it('reconnects with back-off, reports the outage, and re-lists once when back', async () => {
    const client = new FakeClient();
    const timers = new ManualTimers();
    const model = new DaemonModel('d');
    const { states } = record(model);
    const manager = new RefreshManager(connectionOf(client), model, { timers, safetyPollMs: () => 0 });
    manager.setVisible(true);
    await timers.advance(0);
    assert.equal(model.state, 'ready');
    client.emit('container', 'start', 'x', 500n);
    await timers.advance(30);

    client.refusals = 5;
    timers.delays.length = 0;
    client.calls = [];
    client.streams[0].end();
    await timers.advance(250);
    assert.equal(model.state, 'unreachable');
    assert.equal(
      model.reason,
      'Docker is not running at unix:///tmp/fake-docker.sock: the socket does not exist.',
    );
    await timers.advance(500 + 1000 + 1500 + 1500);
    assert.equal(model.state, 'unreachable');
    await timers.advance(1500);
    assert.equal(model.state, 'ready');
    assert.deepEqual(timers.delays, [250, 500, 1000, 1500, 1500, 1500]);
    assert.equal(client.calls.filter((c) => c === 'events').length, 6);
    assert.equal(
      client.calls.filter((c) => c === 'listContainers').length,
      1,
      'one listing after the reconnect',
    );
    assert.deepEqual(
      states.map((s) => s.state),
      ['loading', 'ready', 'unreachable', 'ready'],
    );

    // A refresh while waiting to reconnect tries at once.
    client.refusals = 1;
    client.streams[client.streams.length - 1].end();
    await timers.advance(250);
    assert.equal(model.state, 'unreachable');
    timers.delays.length = 0;
    manager.refresh();
    await timers.advance(0);
    assert.equal(model.state, 'ready');
    assert.deepEqual(timers.delays, [], 'no wait for the next attempt');

    // The delay starts over after a successful reconnect; an event seen before is not applied twice.
    timers.delays.length = 0;
    client.emit('container', 'start', 'x', 500n);
    client.streams[client.streams.length - 1].end();
    await timers.advance(250);
    assert.deepEqual(timers.delays, [250]);
    assert.equal(model.state, 'ready');
    manager.dispose();
  });

  it('stops everything when hidden and when the connection loses its client', async () => {
    const client = new FakeClient();
    const timers = new ManualTimers();
    const model = new DaemonModel('d');
    const connection = connectionOf(client);
    const manager = new RefreshManager(connection, model, { timers });
    manager.setVisible(true);
    await timers.advance(0);
    assert.equal(timers.pending, 1, 'only the safety poll waits');
    manager.setVisible(false);
    assert.equal(model.state, 'idle');
    assert.equal(client.streams[0].destroyed, true);
    assert.equal(timers.pending, 0);

    manager.setVisible(true);
    await timers.advance(0);
    assert.equal(model.state, 'ready');
    connection.client = undefined;
    (connection as { state?: string }).state = 'unreachable';
    (connection as { reason?: string }).reason = 'Docker is not running at somewhere.';
    connection.fire();
    assert.equal(model.state, 'unreachable');
    assert.equal(model.reason, 'Docker is not running at somewhere.');
    assert.equal(client.streams[1].destroyed, true);
    manager.dispose();
  });

  it('fetches a container again after the window when a network (dis)connection names it', async () => {
    const client = new FakeClient();
    client.containers.set('c', container('c', 'running'));
    const timers = new ManualTimers();
    const model = new DaemonModel('d');
    const manager = new RefreshManager(connectionOf(client), model, { timers, debounceMs: 30 });
    manager.setVisible(true);
    await timers.advance(0);
    client.calls = [];
    const stream = client.streams[0];
    stream.write(
      '{"Type":"network","Action":"connect","Actor":{"ID":"n1","Attributes":{"container":"c"}},"timeNano":7}\n',
    );
    await timers.advance(0);
    assert.deepEqual(client.calls, ['inspectNetwork']);
    client.containers.set('c', {
      ...container('c', 'running'),
      networks: [{ name: 'n-n1', networkId: 'n1', ipv4: '10.0.0.2' }],
    });
    await timers.advance(30);
    assert.deepEqual(client.calls, ['inspectNetwork', 'listContainersById']);
    assert.equal(model.containers().get('c')?.networks[0]?.ipv4, '10.0.0.2');
    await timers.advance(270);
    assert.deepEqual(client.calls, ['inspectNetwork', 'listContainersById', 'listContainersById']);
    manager.dispose();
  });

  it('lists a kind instead of fetching hundreds of its objects one round', async () => {
    const client = new FakeClient();
    const timers = new ManualTimers();
    const model = new DaemonModel('d');
    const manager = new RefreshManager(connectionOf(client), model, { timers });
    manager.setVisible(true);
    await timers.advance(0);
    client.calls = [];
    for (let i = 0; i <= patchLimit; i++) {
      client.containers.set(`s${i}`, container(`s${i}`));
      client.emit('container', 'create', `s${i}`, BigInt(1000 + i));
    }
    await timers.advance(0);
    assert.deepEqual(client.calls, ['listContainers']);
    assert.equal(model.containers().size, patchLimit + 1);
    manager.dispose();
  });

  it('re-lists everything on the safety poll', async () => {
    const client = new FakeClient();
    const timers = new ManualTimers();
    const model = new DaemonModel('d');
    const manager = new RefreshManager(connectionOf(client), model, { timers, safetyPollMs: () => 60_000 });
    manager.setVisible(true);
    await timers.advance(0);
    client.calls = [];
    await timers.advance(59_999);
    assert.deepEqual(client.calls, []);
    await timers.advance(1);
    assert.deepEqual(client.calls.sort(), ['listContainers', 'listImages', 'listNetworks', 'listVolumes']);
    manager.dispose();
  });
});

describe('Engine JSON mapping for the model', () => {
  it('reads health from Health.Status or from the status text', () => {
    assert.equal(containerHealth({ Status: 'Up 3 minutes (healthy)' }), 'healthy');
    assert.equal(containerHealth({ Status: 'Up 1 second (health: starting)' }), 'starting');
    assert.equal(containerHealth({ Status: 'Up 9 minutes (unhealthy)' }), 'unhealthy');
    assert.equal(containerHealth({ Status: 'Exited (0) 2 minutes ago' }), 'none');
    assert.equal(containerHealth({ Status: 'Up', Health: { Status: 'unhealthy' } }), 'unhealthy');
    assert.equal(containerHealth({ Status: 'Up (healthy)', Health: { Status: 'bogus' } }), 'none');
  });

  it('maps networks with addresses, mounts and the command', () => {
    const c = toContainer({
      Id: 'c1',
      Command: 'sh -c "sleep 1"',
      ImageID: 'sha256:9',
      NetworkSettings: {
        Networks: {
          shop_default: {
            NetworkID: 'n1',
            IPAddress: '172.18.0.2',
            IPPrefixLen: 16,
            GlobalIPv6Address: 'fd00::2',
            MacAddress: '02:42:ac:12:00:02',
          },
          none: { NetworkID: 'n2', IPAddress: '' },
        },
      },
      Mounts: [
        {
          Type: 'volume',
          Name: 'data',
          Source: '/var/lib/docker/volumes/data/_data',
          Destination: '/data',
          RW: true,
        },
        { Type: 'bind', Source: '/etc/x', Destination: '/x', RW: false },
      ],
    });
    assert.equal(c.command, 'sh -c "sleep 1"');
    assert.equal(c.imageId, 'sha256:9');
    assert.deepEqual(c.networks, [
      {
        name: 'shop_default',
        networkId: 'n1',
        ipv4: '172.18.0.2',
        ipv4PrefixLength: 16,
        ipv6: 'fd00::2',
        macAddress: '02:42:ac:12:00:02',
      },
      { name: 'none', networkId: 'n2' },
    ]);
    assert.deepEqual(c.mounts, [
      {
        type: 'volume',
        name: 'data',
        source: '/var/lib/docker/volumes/data/_data',
        destination: '/data',
        readOnly: false,
      },
      { type: 'bind', source: '/etc/x', destination: '/x', readOnly: true },
    ]);
    assert.deepEqual(toContainer({ NetworkSettings: null, Mounts: 'x' }).networks, []);
  });

  it('marks dangling images, keeps a real container count, and maps an inspect like a listing', () => {
    assert.equal(toImage({ Id: 'a', RepoTags: ['<none>:<none>'] }).dangling, true);
    assert.equal(toImage({ Id: 'a', Containers: -1 }).containers, undefined);
    assert.equal(toImage({ Id: 'a', Containers: 2 }).containers, 2);
    const listed = toImage({
      Id: 'sha256:1',
      RepoTags: ['a:1'],
      RepoDigests: [],
      Size: 5,
      Created: 1700000000,
      Labels: { x: 'y' },
      Containers: -1,
    });
    const inspected = toImageFromInspect({
      Id: 'sha256:1',
      RepoTags: ['a:1'],
      RepoDigests: [],
      Size: 5,
      Created: '2023-11-14T22:13:20.123456789Z',
      Config: { Labels: { x: 'y' } },
    });
    assert.deepEqual(inspected, listed);
  });

  it('maps volume scope and usage, and network subnets', () => {
    assert.deepEqual(
      toVolume({
        Name: 'v',
        Driver: 'local',
        Mountpoint: '/m',
        Scope: 'local',
        CreatedAt: '2026-01-01T00:00:00Z',
      }),
      {
        name: 'v',
        driver: 'local',
        mountpoint: '/m',
        scope: 'local',
        createdAt: '2026-01-01T00:00:00Z',
        labels: {},
      },
    );
    const usage = toVolumeUsage({
      Volumes: [{ Name: 'v', UsageData: { Size: 10, RefCount: 2 } }, { Name: 'w' }],
    });
    assert.deepEqual(
      [...usage],
      [
        ['v', { size: 10, refCount: 2 }],
        ['w', { size: -1, refCount: -1 }],
      ],
    );
    assert.deepEqual(toVolumeUsage({ Volumes: null }).size, 0);
    const n = toNetwork({
      Id: 'n',
      Name: 'x',
      IPAM: { Config: [{ Subnet: '172.18.0.0/16' }, { Gateway: 'g' }, { Subnet: 'fd00::/64' }] },
      Attachable: true,
    });
    assert.deepEqual(n.subnets, ['172.18.0.0/16', 'fd00::/64']);
    assert.equal(n.attachable, true);
    assert.equal(n.enableIPv6, false);
  });
});
