// Compose against the real test daemon with the Compose tool installed here (Debian's
// docker-compose in CI): the fixture's project read from its files, brought up, scaled, followed
// in one logs terminal and brought down, each step seen in the live model fed by events.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ComposeAction, ComposeTarget, ComposeTool } from '../../src/extension/compose/composeCommand';
import { commandText, composeCommandLine } from '../../src/extension/compose/composeCommand';
import type { ComposeProjectDefinition } from '../../src/extension/compose/composeFile';
import { loadComposeProject } from '../../src/extension/compose/composeFile';
import type { ProjectView } from '../../src/extension/compose/composeProjects';
import { buildProjects, projectOfContainer, runningCount } from '../../src/extension/compose/composeProjects';
import { detectComposeTool, runCompose } from '../../src/extension/compose/composeRunner';
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

  /** Runs one action through the extension's command lines and runner; fails with its output. */
  async function compose(action: ComposeAction, part: Partial<ComposeTarget> = {}): Promise<void> {
    const target: ComposeTarget = {
      projectName: project,
      files: definition.files,
      workingDir: definition.workingDir,
      profiles: [],
      services: [],
      ...part,
    };
    const line = composeCommandLine(tool, target, action, { env: process.env, endpoint });
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
      await compose({ kind: 'down', volumes: false }, { profiles: definition.profiles }).catch(
        () => undefined,
      );
    }
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

  it('starts the profiled service with its profile', async () => {
    await compose({ kind: 'up', build: false }, { profiles: ['debug'], services: ['tools'] });
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
    await compose({ kind: 'scale', replicas: 3 }, { services: ['web'] });
    await until(model, () => serviceRunning('web') === 3, 'three web containers running', 60_000);
    await compose({ kind: 'scale', replicas: 1 }, { services: ['web'] });
    await until(model, () => serviceContainers('web') === 1, 'one web container', 60_000);
  });

  it('removes one service with its containers, then brings the whole project down', async () => {
    await compose({ kind: 'down', volumes: false }, { profiles: ['debug'], services: ['tools'] });
    await until(model, () => serviceContainers('tools') === 0, 'tools removed', 60_000);
    assert.equal(serviceRunning('web'), 1);
    await compose({ kind: 'down', volumes: false }, { profiles: definition.profiles });
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
});
