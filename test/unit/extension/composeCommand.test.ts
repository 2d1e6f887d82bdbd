import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ComposeTool } from '../../../src/extension/compose/composeCommand';
import {
  commandText,
  composeCommandLine,
  daemonEnv,
  toolFromProbes,
} from '../../../src/extension/compose/composeCommand';
import { detectComposeTool } from '../../../src/extension/compose/composeRunner';
import type { DockerEndpoint } from '../../../src/extension/docker/endpoint';

const v2: ComposeTool = { version: 'v2', command: 'docker', prefix: ['compose'], versionText: '2.29.1' };
const v1: ComposeTool = { version: 'v1', command: 'docker-compose', prefix: [], versionText: '1.29.2' };
const target = {
  projectName: 'shop',
  files: ['/p/compose.yaml', '/p/compose.override.yaml'],
  workingDir: '/p',
  profiles: ['tools'],
  services: [] as string[],
};
const unix: DockerEndpoint = {
  kind: 'unix',
  socketPath: '/run/d.sock',
  source: 'setting',
  display: 'unix:///run/d.sock',
};

describe('Compose command lines', () => {
  it('detects v2 first, then the standalone tool, and says none otherwise', () => {
    const ok = (stdout: string): { code: number; stdout: string } => ({ code: 0, stdout });
    assert.deepEqual(toolFromProbes(ok('v2.29.1\n'), ok('1.29.2')), v2);
    assert.deepEqual(toolFromProbes({ code: 1, stdout: '' }, ok('1.29.2\n')), v1);
    assert.deepEqual(toolFromProbes(undefined, ok('2.30.0')), {
      version: 'v2',
      command: 'docker-compose',
      prefix: [],
      versionText: '2.30.0',
    });
    assert.equal(toolFromProbes(ok('docker: unknown command'), undefined), undefined);
    assert.equal(toolFromProbes(undefined, undefined), undefined);
  });

  const globals = [
    '--project-name',
    'shop',
    '--file',
    '/p/compose.yaml',
    '--file',
    '/p/compose.override.yaml',
    '--project-directory',
    '/p',
    '--profile',
    'tools',
  ];

  it('builds up, with build when asked, for v2 and v1', () => {
    const up = composeCommandLine(v2, target, { kind: 'up', build: true }, { env: {} });
    assert.equal(up.command, 'docker');
    assert.deepEqual(up.args, ['compose', ...globals, 'up', '--detach', '--build']);
    assert.equal(up.cwd, '/p');
    const upV1 = composeCommandLine(
      v1,
      { ...target, services: ['web'] },
      { kind: 'up', build: false },
      { env: {} },
    );
    assert.equal(upV1.command, 'docker-compose');
    assert.deepEqual(upV1.args, [...globals, 'up', '--detach', 'web']);
  });

  it('brings a project down keeping volumes unless asked, and removes only named services', () => {
    assert.deepEqual(
      composeCommandLine(v1, target, { kind: 'down', volumes: false }, { env: {} }).args.slice(
        globals.length,
      ),
      ['down'],
    );
    assert.deepEqual(
      composeCommandLine(v2, target, { kind: 'down', volumes: true }, { env: {} }).args.slice(
        globals.length + 1,
      ),
      ['down', '--volumes'],
    );
    assert.deepEqual(
      composeCommandLine(
        v2,
        { ...target, services: ['a', 'b'] },
        { kind: 'down', volumes: false },
        { env: {} },
      ).args.slice(globals.length + 1),
      ['rm', '--stop', '--force', 'a', 'b'],
    );
  });

  it('builds start, stop, restart, pause, unpause and scale', () => {
    for (const kind of ['start', 'stop', 'restart', 'pause', 'unpause'] as const) {
      for (const tool of [v1, v2]) {
        const line = composeCommandLine(tool, { ...target, services: ['web'] }, { kind }, { env: {} });
        assert.equal(line.command, tool.command);
        assert.deepEqual(line.args, [...tool.prefix, ...globals, kind, 'web']);
      }
    }
    const minimal = { projectName: 'p', files: [], profiles: [], services: ['web'] };
    const scale = composeCommandLine(v2, minimal, { kind: 'scale', replicas: 3 }, { env: {} });
    assert.deepEqual(scale.args, [
      'compose',
      '--project-name',
      'p',
      'up',
      '--detach',
      '--no-recreate',
      '--scale',
      'web=3',
      'web',
    ]);
    assert.equal(scale.cwd, undefined);
  });

  it('aims the tool at the chosen daemon through the environment', () => {
    const base = { PATH: '/bin', DOCKER_HOST: 'tcp://elsewhere:2375', DOCKER_CONTEXT: 'x', UNSET: undefined };
    assert.deepEqual(daemonEnv(v2, base, unix), { PATH: '/bin', DOCKER_HOST: 'unix:///run/d.sock' });
    assert.deepEqual(daemonEnv(v2, base, undefined), {
      PATH: '/bin',
      DOCKER_HOST: 'tcp://elsewhere:2375',
      DOCKER_CONTEXT: 'x',
    });
    const tls: DockerEndpoint = {
      kind: 'tcp',
      host: 'h',
      port: 2376,
      tls: { verify: true, certPath: '/certs' },
      source: 'context',
      context: 'remote',
      display: 'tcp://h:2376',
    };
    assert.deepEqual(daemonEnv(v2, { PATH: '/bin' }, tls), { PATH: '/bin', DOCKER_CONTEXT: 'remote' });
    assert.deepEqual(daemonEnv(v1, { PATH: '/bin' }, tls), {
      PATH: '/bin',
      DOCKER_HOST: 'tcp://h:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
    });
    const line = composeCommandLine(v1, target, { kind: 'stop' }, { env: { PATH: '/bin' }, endpoint: unix });
    assert.equal(line.env.DOCKER_HOST, 'unix:///run/d.sock');
  });

  it('shows a command line as it would be typed', () => {
    assert.equal(
      commandText({ command: 'docker', args: ['compose', '-f', '/my dir/c.yaml', "it's"] }),
      "docker compose -f '/my dir/c.yaml' 'it'\\''s'",
    );
  });

  describe('detection of the installed tool', () => {
    let dir = '';
    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dw-compose-tools-'));
    });
    after(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    /** An executable shell script standing in for a Compose tool. */
    async function script(name: string, body: string): Promise<string> {
      const file = path.join(dir, name);
      await fs.writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
      return file;
    }

    it('runs docker compose first, takes the plugin when it answers, else docker-compose, else none', async () => {
      const plugin = await script(
        'docker-plugin',
        '[ "$*" = "compose version --short" ] && { echo v2.29.1; exit 0; }; exit 1',
      );
      const noPlugin = await script(
        'docker-bare',
        'echo "docker: \'compose\' is not a docker command." >&2; exit 1',
      );
      const standalone = await script(
        'docker-compose-v1',
        '[ "$*" = "version --short" ] && { echo 1.29.2; exit 0; }; exit 1',
      );
      const missing = path.join(dir, 'missing');
      assert.deepEqual(await detectComposeTool({}, { docker: plugin, dockerCompose: standalone }), {
        version: 'v2',
        command: plugin,
        prefix: ['compose'],
        versionText: '2.29.1',
      });
      assert.deepEqual(await detectComposeTool({}, { docker: noPlugin, dockerCompose: standalone }), {
        version: 'v1',
        command: standalone,
        prefix: [],
        versionText: '1.29.2',
      });
      assert.equal(await detectComposeTool({}, { docker: noPlugin, dockerCompose: missing }), undefined);
      assert.equal(await detectComposeTool({}, { docker: missing, dockerCompose: missing }), undefined);
    });
  });
});
