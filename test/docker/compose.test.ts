// Compose against the real test daemon with the Compose tool installed here (Debian's
// docker-compose in CI): the fixture's project read from its files, brought up (its profile on
// its own), scaled, followed in one logs terminal and brought down, each action aimed as the view
// aims it and each step checked in the daemon's own listing and in the live model fed by events.
// A plain Down keeps the project's named volume; Down with volumes removes it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ComposeAction, ComposeTool } from '../../src/extension/compose/composeCommand';
import { commandText, composeCommandLine } from '../../src/extension/compose/composeCommand';
import type { ComposeProjectDefinition } from '../../src/extension/compose/composeFile';
import { loadComposeProject } from '../../src/extension/compose/composeFile';
import type { ProjectView } from '../../src/extension/compose/composeProjects';
import {
  buildProjects,
  projectOfContainer,
  runningCount,
  serviceOfContainer,
} from '../../src/extension/compose/composeProjects';
import { detectComposeTool, runCompose } from '../../src/extension/compose/composeRunner';
import type { ProjectPart } from '../../src/extension/compose/composeTarget';
import {
  composeTargetOf,
  profilePart,
  servicesPart,
  wholeProject,
} from '../../src/extension/compose/composeTarget';
import type { DockerClient } from '../../src/extension/docker/client';
import { DaemonModel } from '../../src/extension/docker/daemonModel';
import type { Disposable } from '../../src/extension/docker/emitter';
import type { DockerEndpoint } from '../../src/extension/docker/endpoint';
import { parseHost } from '../../src/extension/docker/endpoint';
import { RefreshManager } from '../../src/extension/docker/refreshManager';
import { ProjectLogsTerminal } from '../../src/extension/terminals/projectLogsTerminal';
import { composeServiceName } from '../../src/extension/views/compose';
import { requireDaemon, testClient, until } from './helpers';

const fixture = path.resolve(__dirname, '../../../test/fixtures/compose/compose.yaml');
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;

describe('Compose projects on the real daemon', function () {
  // Compose creates and removes containers one after the other; allow it time.
  this.timeout(180_000);
  const project = `dwcompose-${process.pid}-${randomBytes(3).toString('hex')}`;
  let client: DockerClient;
  let endpoint: DockerEndpoint;
  let model: DaemonModel;
  let manager: RefreshManager;
  let tool: ComposeTool;
  let definition: ComposeProjectDefinition;

  const view = (): ProjectView | undefined =>
    buildProjects([definition], model.containers().values()).find((p) => p.name === project);
  const serviceContainers = (name: string): number =>
    view()?.services.find((s) => s.name === name)?.containers.length ?? 0;
  const serviceRunning = (name: string): number =>
    runningCount(view()?.services.find((s) => s.name === name)?.containers ?? []);
  const services =
    (...names: string[]) =>
    (p: ProjectView): ProjectPart =>
      servicesPart(
        p,
        p.services.filter((s) => names.includes(s.name)),
      );
  const volume = `${project}_data`;

  /** The project's containers by service, as the daemon lists them now: each one's state. */
  async function onDaemon(): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    for (const c of await client.listContainers()) {
      if (projectOfContainer(c) !== project) continue;
      const service = serviceOfContainer(c) ?? '?';
      (found[service] ??= []).push(c.state);
    }
    for (const states of Object.values(found)) states.sort();
    return found;
  }

  /**
   * Runs one action on a part of the project (the whole by default) as the view does: aimed by
   * the view's targeting, through the extension's command lines and runner; fails with its output.
   */
  async function compose(
    action: ComposeAction,
    part: (p: ProjectView) => ProjectPart = wholeProject,
  ): Promise<void> {
    const p = view();
    assert.ok(p, 'the project is in the model');
    const line = composeCommandLine(tool, composeTargetOf(part(p), action), action, {
      env: process.env,
      endpoint,
    });
    let output = '';
    const result = await runCompose(line, { onOutput: (text) => (output += text) });
    assert.equal(result.code, 0, `${commandText(line)} exited with ${String(result.code)}:\n${output}`);
  }

  before(async function () {
    const host = requireDaemon(this);
    const found = await detectComposeTool(process.env);
    if (found === undefined) {
      console.log('  skipped: neither `docker compose` nor `docker-compose` is installed (see .ci/run)');
      this.skip();
    }
    tool = found;
    console.log(`  using ${[tool.command, ...tool.prefix].join(' ')} ${tool.versionText} (${tool.version})`);
    client = await testClient(host);
    endpoint = parseHost(host, 'setting');
    definition = await loadComposeProject({
      files: [fixture],
      env: { WEB_GREETING: 'web says hello' },
      name: project,
      read: (file) => fs.readFile(file, 'utf8').catch(() => undefined),
    });
    model = new DaemonModel('test');
    manager = new RefreshManager(
      { client, state: 'connected', onDidChangeState: (): Disposable => ({ dispose: () => undefined }) },
      model,
    );
    manager.setVisible(true);
    await until(model, () => model.state === 'ready', 'the first listing');
  });

  after(async function () {
    if (definition !== undefined && tool !== undefined) {
      await compose({ kind: 'down', volumes: true }).catch(() => undefined);
    }
    await client?.removeVolume(volume, { force: true }).catch(() => undefined);
    // Whatever Compose left behind goes too.
    for (const c of model?.containers().values() ?? []) {
      if (projectOfContainer(c) === project) {
        await client.removeContainer(c.id, { force: true }).catch(() => undefined);
      }
    }
    manager?.dispose();
    model?.dispose();
  });

  it('reads both services from the files, the profile from the extended file', () => {
    assert.deepEqual(definition.errors, []);
    assert.deepEqual(
      definition.services.map((s) => [s.name, s.profiles, s.image]),
      [
        ['tools', ['debug'], 'dockwright-seed/plain:latest'],
        ['web', [], 'dockwright-seed/plain:latest'],
      ],
    );
    assert.deepEqual(definition.profiles, ['debug']);
  });

  it('brings the project up: the model shows both services, the profiled one not running', async () => {
    await compose({ kind: 'up', build: false });
    assert.deepEqual(await onDaemon(), { web: ['running'] });
    assert.ok(await client.inspectVolume(volume), `${volume} created`);
    await until(model, () => serviceRunning('web') === 1, 'web running', 60_000);
    const p = view();
    assert.ok(p);
    assert.deepEqual(
      p.services.map((s) => [s.name, s.profiles, s.defined, runningCount(s.containers), s.containers.length]),
      [
        ['tools', ['debug'], true, 0, 0],
        ['web', [], true, 1, 1],
      ],
    );
    // The containers' labels point back at the fixture.
    assert.deepEqual(p.labelFiles, [fixture]);
  });

  it('starts the profiled service with Up on its profile', async () => {
    await compose({ kind: 'up', build: false }, (p) => profilePart(p, 'debug'));
    assert.deepEqual(await onDaemon(), { tools: ['running'], web: ['running'] });
    await until(model, () => serviceRunning('tools') === 1, 'tools running', 60_000);
    assert.equal(serviceRunning('web'), 1);
  });

  it('follows the logs of the project with each line after its service', async () => {
    const containers = view()?.containers ?? [];
    assert.equal(containers.length, 2);
    const pty = new ProjectLogsTerminal({
      engine: client,
      containers: containers.map((c) => ({ id: c.id, prefix: composeServiceName(c) ?? c.name })),
      tail: 5,
      title: project,
    });
    let text = '';
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line of each service in:\n${text}`)), 30_000);
      pty.onDidWrite((chunk) => {
        text += chunk.replace(ansi, '');
        if (/^web {2} \| web says hello\r$/m.test(text) && /^tools \| tools ready\r$/m.test(text)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    pty.open(undefined);
    try {
      await seen;
    } finally {
      pty.close();
    }
    // Every line of the containers' output carries a prefix.
    for (const line of text.split('\r\n').filter((l) => /says hello|tools ready/.test(l))) {
      assert.match(line, /^(web {2}|tools) \| /);
    }
  });

  it('scales a service to three containers and back to one', async () => {
    await compose({ kind: 'scale', replicas: 3 }, services('web'));
    assert.deepEqual(await onDaemon(), { tools: ['running'], web: ['running', 'running', 'running'] });
    await until(model, () => serviceRunning('web') === 3, 'three web containers running', 60_000);
    await compose({ kind: 'scale', replicas: 1 }, services('web'));
    assert.deepEqual(await onDaemon(), { tools: ['running'], web: ['running'] });
    await until(model, () => serviceContainers('web') === 1, 'one web container', 60_000);
  });

  it('pauses, resumes, stops, starts and restarts the whole project, profiled service included', async () => {
    const both = (state: string): Record<string, string[]> => ({ tools: [state], web: [state] });
    const steps: [ComposeAction, string][] = [
      [{ kind: 'pause' }, 'paused'],
      [{ kind: 'unpause' }, 'running'],
      [{ kind: 'stop' }, 'exited'],
      [{ kind: 'start' }, 'running'],
      [{ kind: 'restart' }, 'running'],
    ];
    for (const [action, state] of steps) {
      await compose(action);
      assert.deepEqual(await onDaemon(), both(state), `after ${action.kind}`);
    }
    await until(
      model,
      () => serviceRunning('web') === 1 && serviceRunning('tools') === 1,
      'both running',
      60_000,
    );
  });

  it('removes one service with its containers, then brings the whole project down keeping its volume', async () => {
    await compose({ kind: 'down', volumes: false }, services('tools'));
    assert.deepEqual(await onDaemon(), { web: ['running'] });
    await until(model, () => serviceContainers('tools') === 0, 'tools removed', 60_000);
    assert.equal(serviceRunning('web'), 1);
    await compose({ kind: 'down', volumes: false });
    assert.deepEqual(await onDaemon(), {});
    assert.ok(await client.inspectVolume(volume), `${volume} survives a plain Down`);
    await until(model, () => (view()?.containers.length ?? 0) === 0, 'no container of the project', 60_000);
    // The files still define both services, now without containers.
    assert.deepEqual(
      view()?.services.map((s) => [s.name, s.containers.length]),
      [
        ['tools', 0],
        ['web', 0],
      ],
    );
  });

  it('removes the named volume only with Down and volumes', async () => {
    await compose({ kind: 'up', build: false });
    assert.deepEqual(await onDaemon(), { web: ['running'] });
    await compose({ kind: 'down', volumes: true });
    assert.deepEqual(await onDaemon(), {});
    assert.equal(await client.inspectVolume(volume), undefined, `${volume} removed`);
  });
});
