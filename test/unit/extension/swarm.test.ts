// The swarm's model building, replica counting and rows, from JSON a 20.10 manager answered
// (test/unit/fixtures/swarm: services "web" (replicated 2, stack "shop"), "agent" (global),
// "broken" (its command does not exist, restart none, a host-mode port), a secret, a config).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonModel, type ModelChange } from '../../../src/extension/docker/daemonModel';
import type { DockerEvent } from '../../../src/extension/docker/events';
import { PendingPatches } from '../../../src/extension/docker/refreshManager';
import { changedServiceSpec } from '../../../src/extension/docker/swarmClient';
import {
  imageWithoutDigest,
  isSwarmManager,
  toSwarmDataObject,
  toSwarmInfo,
  toSwarmNode,
  toSwarmService,
  toSwarmTask,
  withoutData,
} from '../../../src/extension/docker/swarmMapping';
import {
  replicaCount,
  servicesSettled,
  stackOf,
  stacks,
  tasksByService,
} from '../../../src/extension/docker/swarmState';
import type { SwarmService, SwarmTask } from '../../../src/extension/docker/swarmTypes';
import {
  parseReplicas,
  serviceImageProblem,
  swarmDataNameProblem,
} from '../../../src/extension/commands/swarmConfirm';
import { serviceRows, swarmNodeRows } from '../../../src/extension/commands/swarmPick';
import {
  DetailsSplitter,
  detailValue,
  type TaskLogPiece,
} from '../../../src/extension/terminals/serviceLogsTerminal';
import {
  dataObjectRow,
  sectionRow,
  servicePortText,
  serviceRow,
  swarmNodeRow,
  swarmStateMessage,
  taskName,
  taskRow,
} from '../../../src/extension/views/swarmRows';
import { plainText } from '../../../src/extension/terminals/enginePty';

type Json = Record<string, unknown>;

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join('test', 'unit', 'fixtures', 'swarm', `${name}.json`), 'utf8'));
}

const t = plainText;
const nodes = (fixture('nodes') as Json[]).map(toSwarmNode);
const services = (fixture('services') as Json[]).map(toSwarmService);
const tasks = (fixture('tasks') as Json[]).map(toSwarmTask);
const secretsRaw = fixture('secrets') as Json[];
const configsRaw = fixture('configs') as Json[];

function service(name: string): SwarmService {
  const found = services.find((s) => s.name === name);
  assert.ok(found, `fixture service ${name}`);
  return found;
}

function tasksOf(name: string): SwarmTask[] {
  return tasks.filter((task) => task.serviceId === service(name).id);
}

function event(
  type: string,
  action: string,
  id: string,
  attributes: Record<string, string> = {},
): DockerEvent {
  return { type, action, verb: action, id, attributes, timeNano: 1n };
}

describe('swarm model', () => {
  it('reads the daemon’s standing from /info', () => {
    const manager = toSwarmInfo(fixture('info-manager') as Json);
    assert.equal(manager.state, 'active');
    assert.equal(manager.manager, true);
    assert.equal(manager.nodeId, nodes[0]?.id);
    assert.equal(isSwarmManager(manager), true);
    const alone = toSwarmInfo({ Swarm: { LocalNodeState: 'inactive', ControlAvailable: false, NodeID: '' } });
    assert.equal(alone.state, 'inactive');
    assert.equal(isSwarmManager(alone), false);
    assert.equal(toSwarmInfo({}).state, 'inactive');
    const worker = toSwarmInfo({ Swarm: { LocalNodeState: 'active', ControlAvailable: false } });
    assert.equal(isSwarmManager(worker), false);
  });

  it('maps nodes with role, availability, status, engine version and version index', () => {
    assert.equal(nodes.length, 1);
    const node = nodes[0];
    assert.ok(node);
    assert.equal(node.role, 'manager');
    assert.equal(node.availability, 'active');
    assert.equal(node.status, 'ready');
    assert.equal(node.engineVersion, '20.10.24+dfsg1');
    assert.equal(node.leader, true);
    assert.ok(node.version > 0);
    assert.equal(node.hostname, 'swarm-test');
  });

  it('maps services: mode, replicas, image without digest, ports, stack label', () => {
    const web = service('web');
    assert.equal(web.mode, 'replicated');
    assert.equal(web.replicas, 2);
    assert.equal(web.image, 'dockwright-seed/plain:latest');
    assert.equal(stackOf(web.labels), 'shop');
    assert.deepEqual(web.ports, []);
    assert.equal(web.hasPreviousSpec, false);
    const agent = service('agent');
    assert.equal(agent.mode, 'global');
    assert.equal(agent.replicas, undefined);
    const broken = service('broken');
    assert.deepEqual(broken.ports, [
      { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'host' },
    ]);
    assert.equal(servicePortText(broken), '8080:80/tcp (host)');
    assert.equal(imageWithoutDigest(`a/b:1@sha256:${'0'.repeat(64)}`), 'a/b:1');
    assert.equal(toSwarmService({ Spec: { Mode: { GlobalJob: {} } } }).mode, 'global-job');
    assert.equal(toSwarmService({ PreviousSpec: {}, Spec: {} }).hasPreviousSpec, true);
  });

  it('maps tasks with slot, node, states, error and container', () => {
    const web = tasksOf('web');
    assert.equal(web.length, 2);
    assert.deepEqual(web.map((x) => x.slot).sort(), [1, 2]);
    for (const task of web) {
      assert.equal(task.state, 'running');
      assert.equal(task.desiredState, 'running');
      assert.match(task.containerId, /^[0-9a-f]{64}$/);
      assert.equal(task.nodeId, nodes[0]?.id);
    }
    const [failed] = tasksOf('broken');
    assert.ok(failed);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.desiredState, 'shutdown');
    assert.match(failed.error, /no such file or directory/);
    const [global] = tasksOf('agent');
    assert.equal(global?.slot, undefined);
  });

  it('keeps secrets and configs as metadata only', () => {
    const secret = toSwarmDataObject(secretsRaw[0] ?? {});
    assert.equal(secret.name, 'db-password');
    assert.equal(stackOf(secret.labels), 'shop');
    const config = toSwarmDataObject(configsRaw[0] ?? {});
    assert.equal(config.name, 'nginx-conf');
    assert.ok(!JSON.stringify(config).includes('c2VydmVyIHt9'), 'the config’s data is not kept');
    const stripped = withoutData(configsRaw[0] ?? {});
    assert.equal('Data' in (stripped.Spec as Json), false);
    assert.equal((stripped.Spec as Json).Name, 'nginx-conf');
    assert.deepEqual(withoutData(secretsRaw[0] ?? {}), secretsRaw[0]);
  });

  it('counts running replicas against the desired ones', () => {
    assert.deepEqual(replicaCount(service('web'), tasks), { running: 2, desired: 2 });
    assert.deepEqual(replicaCount(service('agent'), tasks), { running: 1, desired: 1 });
    assert.deepEqual(replicaCount(service('broken'), tasks), { running: 0, desired: 1 });
    // A task that runs but is being shut down no longer counts; a scale-up not yet placed shows.
    const web = service('web');
    const [first, second] = tasksOf('web');
    assert.ok(first && second);
    const stopping = { ...second, desiredState: 'shutdown' };
    assert.deepEqual(replicaCount({ ...web, replicas: 3 }, [first, stopping]), { running: 1, desired: 3 });
  });

  it('says which services have settled', () => {
    const byId = (list: { id: string }[]): Map<string, never> => new Map(list.map((x) => [x.id, x as never]));
    const settled = servicesSettled(byId(services), byId(tasks));
    assert.ok(settled.has(service('web').id));
    assert.ok(settled.has(service('agent').id));
    assert.ok(!settled.has(service('broken').id), 'a replica that failed and is not replaced is not settled');
    const scaled = services.map((s) => (s.name === 'web' ? { ...s, replicas: 3 } : s));
    assert.ok(!servicesSettled(byId(scaled), byId(tasks)).has(service('web').id));
    const starting = tasks.map((x) =>
      x.serviceId === service('web').id && x.slot === 2 ? { ...x, state: 'starting' } : x,
    );
    assert.ok(!servicesSettled(byId(services), byId(starting)).has(service('web').id));
  });

  it('groups services by stack and tasks by service', () => {
    const grouped = stacks(services);
    assert.deepEqual([...grouped.keys()], ['shop']);
    assert.deepEqual(
      grouped.get('shop')?.map((s) => s.name),
      ['web'],
    );
    assert.equal(tasksByService(tasks).get(service('web').id)?.length, 2);
  });

  it('holds the swarm in the daemon model and says when the standing moves', () => {
    const model = new DaemonModel('d');
    const changes: ModelChange[] = [];
    model.onDidChange((c) => changes.push(c));
    const info = toSwarmInfo(fixture('info-manager') as Json);
    model.setSwarm(info);
    model.setSwarm({ ...info });
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['swarm'],
    );
    model.replace('services', services);
    model.patch('tasks', tasks);
    assert.equal(model.services().size, 3);
    assert.equal(model.tasks().size, tasks.length);
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['swarm', 'services', 'tasks'],
    );
    model.dispose();
  });
});

describe('swarm events', () => {
  it('fetches a service and lists its tasks again on a service event', () => {
    const pending = new PendingPatches();
    pending.add(event('service', 'update', 'svc1', { name: 'web' }));
    assert.deepEqual([...pending.fetch.services], ['svc1']);
    assert.deepEqual([...pending.taskServices], ['svc1']);
    pending.add(event('service', 'remove', 'svc1'));
    assert.deepEqual([...pending.fetch.services], []);
    assert.deepEqual([...pending.remove.services], ['svc1']);
  });

  it('follows a task container’s events to its service', () => {
    const pending = new PendingPatches();
    pending.add(event('container', 'start', 'c1', { 'com.docker.swarm.service.id': 'svc2' }));
    assert.deepEqual([...pending.taskServices], ['svc2']);
    assert.deepEqual([...pending.fetch.containers], ['c1']);
    const plain = new PendingPatches();
    plain.add(event('container', 'start', 'c2'));
    assert.equal(plain.taskServices.size, 0);
  });

  it('reads the swarm standing again on node events and the swarm’s own networks', () => {
    const pending = new PendingPatches();
    pending.add(event('node', 'update', 'n1'));
    assert.equal(pending.swarmInfo, true);
    assert.deepEqual([...pending.fetch.nodes], ['n1']);
    const networks = new PendingPatches();
    networks.add(event('network', 'create', 'x', { name: 'docker_gwbridge' }));
    assert.equal(networks.swarmInfo, true);
    const other = new PendingPatches();
    other.add(event('network', 'create', 'y', { name: 'mine' }));
    assert.equal(other.swarmInfo, false);
  });

  it('patches secrets and configs by id', () => {
    const pending = new PendingPatches();
    pending.add(event('secret', 'create', 's1'));
    pending.add(event('config', 'remove', 'c1'));
    assert.deepEqual([...pending.fetch.secrets], ['s1']);
    assert.deepEqual([...pending.remove.configs], ['c1']);
    assert.equal(pending.empty, false);
  });
});

describe('swarm rows', () => {
  it('says where a daemon that shows no swarm stands, and offers nothing on it', () => {
    assert.equal(swarmStateMessage(toSwarmInfo({}), t), 'This Docker daemon is not in a swarm.');
    assert.match(
      swarmStateMessage(
        { state: 'active', manager: false, nodeId: '', error: '', nodes: 0, managers: 0 },
        t,
      ) ?? '',
      /worker/,
    );
    assert.equal(swarmStateMessage(toSwarmInfo(fixture('info-manager') as Json), t), undefined);
    assert.match(swarmStateMessage({ ...toSwarmInfo({}), state: 'locked' }, t) ?? '', /locked/);
  });

  it('encodes role and availability in a node’s context value', () => {
    const node = nodes[0];
    assert.ok(node);
    const row = swarmNodeRow('d', node, node.id, t);
    assert.equal(row.contextValue, 'swarmNode.manager.active');
    assert.equal(row.id, `swarmNode:d:${node.id}`);
    assert.match(row.label, /swarm-test \(this daemon\)/);
    assert.equal(row.description, 'leader · active · ready · 20.10.24+dfsg1');
    const drained = swarmNodeRow(
      'd',
      { ...node, role: 'worker', availability: 'drain', leader: false },
      '',
      t,
    );
    assert.equal(drained.contextValue, 'swarmNode.worker.drain');
    assert.equal(drained.iconColor, 'charts.yellow');
  });

  it('shows a service’s mode, replicas, image and ports; context value by mode and rollback', () => {
    const web = service('web');
    const row = serviceRow('service:d:x', web, replicaCount(web, tasks), t);
    assert.equal(row.contextValue, 'service.replicated');
    assert.equal(row.description, 'replicated 2/2 · dockwright-seed/plain:latest');
    assert.equal(row.iconColor, 'testing.iconPassed');
    const broken = service('broken');
    const brokenRow = serviceRow('service:d:y', broken, replicaCount(broken, tasks), t);
    assert.equal(brokenRow.description, 'replicated 0/1 · dockwright-seed/plain:latest · 8080:80/tcp (host)');
    assert.equal(brokenRow.iconColor, 'testing.iconFailed');
    const agent = service('agent');
    assert.equal(serviceRow('s', agent, replicaCount(agent, tasks), t).contextValue, 'service.global');
    assert.equal(
      serviceRow('s', { ...web, hasPreviousSpec: true }, { running: 1, desired: 2 }, t).contextValue,
      'service.replicated.rollback',
    );
    assert.equal(
      serviceRow('s', { ...web, updateState: 'updating' }, { running: 1, desired: 2 }, t).icon,
      'sync~spin',
    );
  });

  it('names tasks as the CLI does and shows state, node and error', () => {
    const [running] = tasksOf('web');
    assert.ok(running);
    assert.equal(taskName(running, 'web'), `web.${running.slot}`);
    const row = taskRow('d', running, 'web', 'swarm-test', Date.parse(running.timestamp) + 120_000, t);
    assert.equal(row.contextValue, 'task.running.container');
    assert.equal(row.description, 'running · swarm-test · 2 minutes ago');
    const [failed] = tasksOf('broken');
    assert.ok(failed);
    const failedRow = taskRow('d', failed, 'broken', 'swarm-test', Date.parse(failed.timestamp), t);
    assert.match(
      failedRow.description,
      /^failed → shutdown · swarm-test · just now · starting container failed/,
    );
    assert.equal(failedRow.icon, 'error');
    const [global] = tasksOf('agent');
    assert.ok(global);
    assert.equal(taskName(global, 'agent'), `agent.${global.nodeId.slice(0, 12)}`);
  });

  it('shows sections with counts, and secrets without any value', () => {
    assert.deepEqual(sectionRow('d', 'secrets', 1, t), {
      id: 'swarmGroup:d:secrets',
      label: 'Secrets',
      description: '1',
      icon: 'lock',
      contextValue: 'swarmGroup.secrets',
    });
    const secret = toSwarmDataObject(secretsRaw[0] ?? {});
    const row = dataObjectRow('d', 'secret', secret, Date.parse(secret.createdAt), t);
    assert.equal(row.contextValue, 'secret');
    assert.equal(row.label, 'db-password');
    assert.match(row.tooltip ?? '', /com\.docker\.stack\.namespace=shop/);
  });

  it('offers palette rows with the state the filters read', () => {
    const rows = serviceRows('d', services, tasks);
    assert.deepEqual(
      rows.map((r) => [r.target.label, r.state, r.description]),
      [
        ['agent', 'global', 'global 1/1 · dockwright-seed/plain:latest'],
        ['broken', 'replicated', 'replicated 0/1 · dockwright-seed/plain:latest'],
        ['web', 'replicated', 'replicated 2/2 · dockwright-seed/plain:latest'],
      ],
    );
    assert.equal(swarmNodeRows('d', nodes)[0]?.state, 'manager.active');
  });
});

describe('swarm changes and input', () => {
  const spec = (fixture('services') as Json[]).find((s) => (s.Spec as Json).Name === 'web')?.Spec as Json;

  it('changes only what was asked in a service spec', () => {
    const scaled = changedServiceSpec(spec, { kind: 'scale', replicas: 5 });
    assert.deepEqual((scaled.Mode as Json).Replicated, { Replicas: 5 });
    assert.deepEqual(scaled.TaskTemplate, spec.TaskTemplate);
    assert.deepEqual(((spec.Mode as Json).Replicated as Json).Replicas, 2, 'the original is untouched');
    const image = changedServiceSpec(spec, { kind: 'image', image: 'dockwright-seed/service:latest' });
    assert.equal(
      ((image.TaskTemplate as Json).ContainerSpec as Json).Image,
      'dockwright-seed/service:latest',
    );
    assert.deepEqual(((image.TaskTemplate as Json).ContainerSpec as Json).Labels, {
      'com.docker.stack.namespace': 'shop',
    });
    const forced = changedServiceSpec(changedServiceSpec(spec, { kind: 'force' }), { kind: 'force' });
    assert.equal((forced.TaskTemplate as Json).ForceUpdate, 2);
    assert.throws(
      () => changedServiceSpec({ Mode: { Global: {} } }, { kind: 'scale', replicas: 2 }),
      /replicated/,
    );
  });

  it('checks replica counts, images and names before sending', () => {
    assert.deepEqual(parseReplicas(' 3 ', t), { replicas: 3 });
    assert.deepEqual(parseReplicas('0', t), { replicas: 0 });
    assert.ok('problem' in parseReplicas('-1', t));
    assert.ok('problem' in parseReplicas('2.5', t));
    assert.ok('problem' in parseReplicas('100000', t));
    assert.equal(serviceImageProblem('nginx:1.27', t), undefined);
    assert.equal(serviceImageProblem(`nginx:1.27@sha256:${'a'.repeat(64)}`, t), undefined);
    assert.match(serviceImageProblem('nginx@sha256:short', t) ?? '', /64/);
    assert.ok(serviceImageProblem('', t) !== undefined);
    assert.equal(swarmDataNameProblem('db-password.v2', t), undefined);
    assert.ok(swarmDataNameProblem('-x', t) !== undefined);
    assert.ok(swarmDataNameProblem('a/b', t) !== undefined);
    assert.ok(swarmDataNameProblem('a'.repeat(65), t) !== undefined);
  });
});

describe('service logs details', () => {
  const details = 'com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=task9';

  it('takes the task off each message wherever the pieces are cut', () => {
    const out: TaskLogPiece[] = [];
    const splitter = new DetailsSplitter((piece) => out.push(piece));
    const text = Buffer.from(`${details} hello world\n`);
    splitter.push({
      stream: 'stdout',
      data: text.subarray(0, 20),
      timestamp: '2026-01-01T00:00:00Z',
      first: true,
      last: false,
    });
    splitter.push({ stream: 'stdout', data: text.subarray(20, 90), first: false, last: false });
    splitter.push({ stream: 'stdout', data: text.subarray(90), first: false, last: true });
    assert.equal(out.map((p) => p.data.toString()).join(''), 'hello world\n');
    assert.equal(out[0]?.taskId, 'task9');
    assert.equal(out[0]?.first, true);
    assert.equal(out[0]?.timestamp, '2026-01-01T00:00:00Z');
    assert.ok(out.every((p) => p.taskId === 'task9'));
  });

  it('keeps a message without details whole', () => {
    const out: TaskLogPiece[] = [];
    const splitter = new DetailsSplitter((piece) => out.push(piece));
    splitter.push({ stream: 'stderr', data: Buffer.from('plain message\n'), first: true, last: true });
    assert.equal(out[0]?.data.toString(), 'plain message\n');
    assert.equal(out[0]?.taskId, '');
    assert.equal(detailValue(details, 'com.docker.swarm.service.id'), 's1');
    assert.equal(detailValue(details, 'missing'), undefined);
  });
});
