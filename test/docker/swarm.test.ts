// The swarm on a dockerd of the test's own (the shared test daemon never joins a swarm): a
// single-node swarm on 127.0.0.1, a service scaled from 1 to 3, updated, rolled back and removed
// through the extension's calls with the model following through events; nodes drained and
// activated; secrets and configs created, listed and inspected without their data and removed.
// Services run the seed image by id, so the swarm never tries to pull it, and publish no ports.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import Docker from 'dockerode';
import type { DockerClient } from '../../src/extension/docker/client';
import { DaemonModel } from '../../src/extension/docker/daemonModel';
import { RefreshManager } from '../../src/extension/docker/refreshManager';
import { replicaCount, stacks } from '../../src/extension/docker/swarmState';
import { ServiceLogsTerminal } from '../../src/extension/terminals/serviceLogsTerminal';
import { swarmStateMessage, taskName } from '../../src/extension/views/swarmRows';
import { plainText } from '../../src/extension/terminals/enginePty';
import { fixedConnection, until, requireDaemon, seededPrivateDaemon, seeds, testClient } from './helpers';
import type { PrivateDaemon } from './privateDaemon';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Whether the service runs `replicas` tasks, all of `image`, in the model. */
function runs(model: DaemonModel, serviceId: string, replicas: number, image?: string): boolean {
  const service = model.services().get(serviceId);
  if (service === undefined) {
    return false;
  }
  const tasks = [...model.tasks().values()].filter((t) => t.serviceId === serviceId);
  const running = tasks.filter((t) => t.state === 'running' && t.desiredState === 'running');
  const count = replicaCount(service, tasks);
  return (
    count.running === replicas &&
    count.desired === replicas &&
    (image === undefined || (service.image === image && running.every((t) => t.image === image)))
  );
}

describe('Swarm on a private dockerd', function () {
  const suffix = `${process.pid}-${randomBytes(3).toString('hex')}`;
  let daemon: PrivateDaemon | undefined;
  let docker: Docker;
  let client: DockerClient;
  let model: DaemonModel;
  let manager: RefreshManager;
  let plainId = '';
  let nextId = '';
  let serviceId = '';
  let gwbridgeBefore = false;

  before(async function () {
    this.timeout(180_000);
    const started = await seededPrivateDaemon(this);
    ({ daemon, client } = started);
    docker = new Docker({ socketPath: started.daemon.socketPath });
    plainId = (await client.inspectImage(seeds.plain))?.id ?? '';
    assert.match(plainId, /^sha256:/);
    // A second image (same layers, another id) to update the service to.
    const holder = await docker.createContainer({ Image: plainId, HostConfig: { NetworkMode: 'none' } });
    const committed = (await holder.commit({
      repo: 'dockwright-swarm/next',
      tag: '1',
      changes: 'LABEL dockwright.next=1',
    })) as {
      Id: string;
    };
    await holder.remove({ force: true });
    nextId = committed.Id;
    gwbridgeBefore = (await docker.listNetworks({ filters: { name: ['docker_gwbridge'] } })).length > 0;
    const port = await freePort();
    await docker.swarmInit({ AdvertiseAddr: '127.0.0.1', ListenAddr: `127.0.0.1:${port}` });
    model = new DaemonModel('swarm');
    // No safety poll: whatever the model learns, it learns from events and their follow-ups.
    manager = new RefreshManager(fixedConnection(client), model, { safetyPollMs: () => 0 });
    manager.setVisible(true);
    await until(model, () => model.state === 'ready', 'the first listing', 30_000);
  });

  after(async function () {
    this.timeout(120_000);
    manager?.dispose();
    model?.dispose();
    if (daemon === undefined) {
      return;
    }
    const problems: string[] = [];
    const attempt = async (what: string, run: () => Promise<unknown>): Promise<void> => {
      try {
        await run();
      } catch (err) {
        problems.push(`${what}: ${String(err)}`);
      }
    };
    await attempt('leaving the swarm', () => docker.swarmLeave({ force: true }));
    if (!gwbridgeBefore) {
      const bridges = await docker.listNetworks({ filters: { name: ['docker_gwbridge'] } }).catch(() => []);
      for (const bridge of bridges) {
        await attempt('removing docker_gwbridge', () => docker.getNetwork(bridge.Id).remove());
      }
    }
    client?.dispose();
    await daemon.destroy();
    if (problems.length > 0) {
      console.log(`  cleanup: ${problems.join('; ')}`);
    }
  });

  it('shows the daemon as a manager with its one node', () => {
    const info = model.swarm();
    assert.ok(info);
    assert.equal(info.state, 'active');
    assert.equal(info.manager, true);
    assert.equal(swarmStateMessage(info, plainText), undefined);
    assert.equal(model.nodes().size, 1);
    const [node] = [...model.nodes().values()];
    assert.equal(node?.id, info.nodeId);
    assert.equal(node?.role, 'manager');
    assert.equal(node?.status, 'ready');
    assert.notEqual(node?.engineVersion, '');
  });

  it('scales a service from 1 to 3 and sees three tasks run through events, and follows their logs', async function () {
    this.timeout(120_000);
    const name = `dw-web-${suffix}`;
    const created = (await docker.createService({
      Name: name,
      Labels: { 'com.docker.stack.namespace': `dw-stack-${suffix}` },
      TaskTemplate: {
        ContainerSpec: {
          Image: plainId,
          Command: [
            'sh',
            '-c',
            'echo "hello from $(hostname)"; trap "exit 0" TERM INT; sleep infinity & wait',
          ],
        },
      },
      Mode: { Replicated: { Replicas: 1 } },
    })) as { id?: string; ID?: string };
    serviceId = created.id ?? created.ID ?? '';
    assert.notEqual(serviceId, '');
    await until(model, () => runs(model, serviceId, 1), 'one running task', 60_000);
    assert.equal(model.services().get(serviceId)?.name, name);
    // Its stack label groups it under the stack.
    assert.deepEqual(
      stacks(model.services().values())
        .get(`dw-stack-${suffix}`)
        ?.map((s) => s.id),
      [serviceId],
    );

    const warnings = await client.swarm.updateService(serviceId, { kind: 'scale', replicas: 3 });
    assert.deepEqual(warnings, []);
    // The model has no safety poll: the three tasks reach it through the event stream.
    await until(model, () => runs(model, serviceId, 3), 'three running tasks', 60_000);
    const slots = [...model.tasks().values()]
      .filter((t) => t.serviceId === serviceId && t.state === 'running')
      .map((t) => t.slot)
      .sort();
    assert.deepEqual(slots, [1, 2, 3]);

    // The logs of the three tasks in one terminal, each line named after its task.
    const output: string[] = [];
    const terminal = new ServiceLogsTerminal({
      engine: client.swarm,
      serviceId,
      serviceName: name,
      tty: false,
      tail: 'all',
      taskName: (taskId) => {
        const task = model.tasks().get(taskId);
        return task === undefined ? undefined : taskName(task, name);
      },
      timestamps: () => false,
    });
    const sawAll = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line from each of the three tasks:\n${output.join('')}`)),
        30_000,
      );
      terminal.onDidWrite((text) => {
        output.push(text);
        const all = output.join('');
        if ([1, 2, 3].every((slot) => all.includes(`${name}.${slot}\x1b[39m | hello from`))) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    terminal.open(undefined);
    try {
      await sawAll;
    } finally {
      terminal.close();
    }
  });

  it('updates the image, rolls it back, and sees the tasks replaced', async function () {
    this.timeout(180_000);
    assert.notEqual(serviceId, '', 'the service of the previous test');
    await client.swarm.updateService(serviceId, { kind: 'image', image: nextId });
    await until(model, () => runs(model, serviceId, 3, nextId), 'three tasks on the new image', 90_000);
    assert.equal(model.services().get(serviceId)?.hasPreviousSpec, true);
    await client.swarm.rollbackService(serviceId);
    await until(
      model,
      () => runs(model, serviceId, 3, plainId),
      'three tasks on the old image again',
      90_000,
    );
  });

  it('drains the node (its tasks stop) and activates it (they come back)', async function () {
    this.timeout(180_000);
    const nodeId = model.swarm()?.nodeId ?? '';
    await client.swarm.updateNode(nodeId, { availability: 'drain' });
    await until(
      model,
      () =>
        model.nodes().get(nodeId)?.availability === 'drain' &&
        replicaCount(model.services().get(serviceId)!, [...model.tasks().values()]).running === 0,
      'the node drained and no task running',
      60_000,
    );
    await client.swarm.updateNode(nodeId, { availability: 'active' });
    await until(
      model,
      () => model.nodes().get(nodeId)?.availability === 'active' && runs(model, serviceId, 3),
      'the node active and three tasks running again',
      90_000,
    );
  });

  it('creates, inspects (without the value) and removes a secret and a config', async function () {
    this.timeout(60_000);
    const value = `s3cret-${suffix}`;
    const secretId = await client.swarm.createData('secret', `dw-secret-${suffix}`, Buffer.from(value), {
      purpose: 'test',
    });
    const configId = await client.swarm.createData(
      'config',
      `dw-config-${suffix}`,
      Buffer.from(`config ${value}`),
    );
    await until(
      model,
      () => model.secrets().has(secretId) && model.configs().has(configId),
      'both in the model',
    );
    assert.equal(model.secrets().get(secretId)?.name, `dw-secret-${suffix}`);
    assert.deepEqual(model.secrets().get(secretId)?.labels, { purpose: 'test' });
    const encoded = Buffer.from(value).toString('base64');
    const secretDoc = JSON.stringify(await client.swarm.inspectRaw('secret', secretId));
    const configDoc = JSON.stringify(await client.swarm.inspectRaw('config', configId));
    for (const doc of [
      secretDoc,
      configDoc,
      JSON.stringify([...model.secrets().values(), ...model.configs().values()]),
    ]) {
      assert.ok(!doc.includes(value) && !doc.includes(encoded), 'no value is shown');
    }
    assert.match(secretDoc, new RegExp(`dw-secret-${suffix}`));
    // The Engine does answer a config's data: it is dropped on purpose.
    const rawConfig = (await docker.getConfig(configId).inspect()) as { Spec: { Data?: string } };
    assert.equal(typeof rawConfig.Spec.Data, 'string');
    assert.equal((JSON.parse(configDoc) as { Spec: { Data?: string } }).Spec.Data, undefined);
    await client.swarm.removeData('secret', secretId);
    await client.swarm.removeData('config', configId);
    await until(model, () => !model.secrets().has(secretId) && !model.configs().has(configId), 'both gone');
  });

  it('removes the service and its tasks leave the model', async function () {
    this.timeout(60_000);
    await client.swarm.removeService(serviceId);
    await until(
      model,
      () =>
        !model.services().has(serviceId) &&
        [...model.tasks().values()].every((t) => t.serviceId !== serviceId),
      'the service and its tasks gone',
      30_000,
    );
  });
});

describe('Swarm view on a daemon outside any swarm', function () {
  it('says the daemon is not in a swarm and holds no swarm objects', async function () {
    const host = requireDaemon(this);
    const client = await testClient(host);
    const model = new DaemonModel('alone');
    const manager = new RefreshManager(fixedConnection(client), model, { safetyPollMs: () => 0 });
    try {
      manager.setVisible(true);
      await until(model, () => model.state === 'ready', 'the first listing');
      const info = model.swarm();
      assert.ok(info);
      assert.equal(info.state, 'inactive');
      assert.equal(swarmStateMessage(info, plainText), 'This Docker daemon is not in a swarm.');
      for (const items of [
        model.nodes(),
        model.services(),
        model.tasks(),
        model.secrets(),
        model.configs(),
      ]) {
        assert.equal(items.size, 0);
      }
      // The swarm endpoints refuse; the model never asked them.
      await assert.rejects(
        client.swarm.listServices(),
        (err: { statusCode?: number }) => err.statusCode === 503,
      );
    } finally {
      manager.dispose();
      model.dispose();
      client.dispose();
    }
  });
});
