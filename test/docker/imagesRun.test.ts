// Run through the Engine against the test daemon: the container runs with what was asked, --rm
// removes it after exit, and bad input (a missing image, a name in use, a command that does not
// exist, an exec into a stopped container) gets a clear message and changes nothing else.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describeRunFailure } from '../../src/extension/commands/imageRun';
import type { DockerClient } from '../../src/extension/docker/client';
import { describeDockerError, statusCode } from '../../src/extension/docker/errors';
import type { RunAnswers } from '../../src/extension/docker/runContainer';
import { runContainer } from '../../src/extension/docker/runContainer';
import type { EnginePty } from '../../src/extension/terminals/enginePty';
import { ExecTerminal } from '../../src/extension/terminals/execTerminal';
import { requireDaemon, seeds, testClient } from './helpers';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const base: RunAnswers = {
  name: '',
  ports: [],
  env: [],
  binds: [],
  command: [],
  network: 'none',
  autoRemove: false,
  interactive: false,
};

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('the Engine accepted what it should refuse'),
    (err: unknown) => err,
  );
}

/** Polls `check` every 100 ms until it holds; fails after the deadline saying what. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Image run and bad input (test daemon)', function () {
  let client: DockerClient;
  const run = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  let counter = 0;
  const unique = (): string => `dw-run-${run}-${counter++}`;

  before(async function () {
    client = await testClient(requireDaemon(this));
  });

  afterEach(async () => {
    await Promise.allSettled(created.splice(0).map((id) => client.removeContainer(id, { force: true })));
  });

  after(() => client?.dispose());

  /** Every container's id, name and state, to compare before and after a refusal. */
  async function everything(): Promise<string[]> {
    return (await client.listContainers()).map((c) => `${c.id} ${c.name} ${c.state}`).sort();
  }

  async function start(image: string, answers: Partial<RunAnswers>): Promise<string> {
    const id = await runContainer(client, image, { ...base, ...answers });
    created.push(id);
    return id;
  }

  it('runs a container with the name, published ports, environment and network asked', async () => {
    const name = unique();
    const id = await start(seeds.service, {
      name,
      ports: [{ hostIp: '127.0.0.1', hostPort: '', containerPort: '8080', protocol: 'tcp' }],
      env: ['GREETING=hello there', 'EMPTY='],
      command: ['sh', '-c', 'trap "exit 0" TERM; sleep 300 & wait'],
    });
    const raw = (await client.inspectRaw('container', id)) as {
      Name: string;
      State: { Status: string };
      Config: { Env: string[]; Cmd: string[]; Tty: boolean };
      HostConfig: { NetworkMode: string; AutoRemove: boolean; PortBindings: Record<string, unknown> };
    };
    assert.equal(raw.Name, `/${name}`);
    assert.equal(raw.State.Status, 'running');
    assert.ok(raw.Config.Env.includes('GREETING=hello there'));
    assert.ok(raw.Config.Env.includes('EMPTY='));
    assert.deepEqual(raw.Config.Cmd, ['sh', '-c', 'trap "exit 0" TERM; sleep 300 & wait']);
    assert.equal(raw.Config.Tty, false);
    assert.equal(raw.HostConfig.NetworkMode, 'none');
    assert.equal(raw.HostConfig.AutoRemove, false);
    assert.deepEqual(raw.HostConfig.PortBindings, { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  });

  it('runs an interactive container with a TTY and open stdin', async () => {
    const id = await start(seeds.plain, { name: unique(), command: ['sh'], interactive: true });
    const process = await client.containerProcess(id);
    assert.equal(process?.state, 'running');
    assert.equal(process?.tty, true);
    assert.equal(process?.openStdin, true);
  });

  it('removes a --rm container once it exits', async () => {
    const id = await start(seeds.plain, {
      name: unique(),
      command: ['sh', '-c', 'exit 0'],
      autoRemove: true,
    });
    await eventually(
      'the --rm container to be removed',
      async () => (await client.containerProcess(id)) === undefined,
    );
    const kept = await start(seeds.plain, { name: unique(), command: ['sh', '-c', 'exit 0'] });
    await eventually(
      'the other container to exit',
      async () => (await client.containerProcess(kept))?.state === 'exited',
    );
    assert.ok((await client.containerProcess(kept)) !== undefined, 'without --rm the container stays');
  });

  it('says a missing image is missing, and creates nothing', async () => {
    const image = `dw-test/missing-${run}:none`;
    const before = await everything();
    const err = await refusal(start(image, { name: unique() }));
    assert.equal(statusCode(err), 404);
    assert.equal(
      describeRunFailure(err, image, client, t),
      `The image ${image} is not on this daemon: pull it first.`,
    );
    assert.deepEqual(await everything(), before);
  });

  it('removes the container again when it cannot start', async () => {
    const name = unique();
    const before = await everything();
    const err = await refusal(start(seeds.plain, { name, command: ['/no/such/program'] }));
    assert.match(describeRunFailure(err, seeds.plain, client, t), /no such file or directory|not found/i);
    assert.deepEqual(await everything(), before, 'the created container is gone');
  });

  it('refuses a name in use on run and on rename, with both containers as they were', async () => {
    const name = unique();
    const first = await start(seeds.plain, { name });
    const other = await start(seeds.plain, { name: unique() });
    const before = await everything();
    const expected = new RegExp(
      `^The name "${name}" is already used by container ${first.slice(0, 12)}: choose another name, or rename or remove that container\\.$`,
    );
    const onRun = await refusal(start(seeds.plain, { name }));
    assert.match(describeRunFailure(onRun, seeds.plain, client, t), expected);
    const onRename = await refusal(client.renameContainer(other, name));
    assert.match(describeDockerError(onRename, client.endpoint), expected);
    assert.deepEqual(await everything(), before);
  });

  it('says a stopped container cannot take an exec, and starts no process in it', async () => {
    const name = unique();
    const id = await start(seeds.plain, { name, command: ['sh', '-c', 'exit 3'] });
    await eventually(
      'the container to exit',
      async () => (await client.containerProcess(id))?.state === 'exited',
    );
    const pty: EnginePty = new ExecTerminal({ engine: client, containerId: id });
    let text = '';
    const said = new Promise<void>((resolve) => {
      pty.onDidWrite((data) => {
        text += data;
        if (text.includes('start it first')) resolve();
      });
    });
    pty.open(undefined);
    await said;
    pty.close();
    assert.match(text, new RegExp(`Container ${name} is not running \\(exited\\): start it first\\.`));
    const raw = (await client.inspectRaw('container', id)) as {
      State: { Status: string };
      ExecIDs: string[] | null;
    };
    assert.equal(raw.State.Status, 'exited', 'still stopped');
    assert.deepEqual(raw.ExecIDs ?? [], [], 'no exec was created');
    const createExec = await refusal(client.createExec(id, { cmd: ['sh'], tty: false, stdin: false }));
    assert.match(describeDockerError(createExec, client.endpoint), /is not running/);
  });
});
