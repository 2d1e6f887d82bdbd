// Build Image against the test daemon: the context honours .dockerignore, targets stop at their
// stage, build args arrive, cancelling stops the build, and syntax errors come back in words.
// Builds use `networkmode=none`: the test daemon runs without a bridge network.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DockerClient } from '../../src/extension/docker/client';
import type { BuildRequest, BuildResult, ProgressLine } from '../../src/extension/docker/buildProgress';
import { runBuild } from '../../src/extension/docker/buildProgress';
import { requireDaemon, seeds, testClient } from './helpers';

function write(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

describe('docker: build image', function () {
  this.timeout(120_000);
  let client: DockerClient;
  let root: string;
  const tags: string[] = [];
  const suffix = randomBytes(4).toString('hex');

  before(async function () {
    const host = requireDaemon(this);
    client = await testClient(host);
  });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dw-build-'));
  });

  afterEach(async () => {
    rmSync(root, { recursive: true, force: true });
    for (const tag of tags.splice(0)) {
      const image = await client.inspectImage(tag);
      if (image !== undefined) {
        await client.removeImage(tag, { force: true });
      }
    }
  });

  after(() => client?.dispose());

  /** Text that makes a RUN line new, so BuildKit's cache cannot skip it and its output. */
  function nonce(): string {
    return `nonce-${randomBytes(6).toString('hex')}`;
  }

  function tag(name: string): string {
    const reference = `dockwright-test-build-${name}-${suffix}:latest`;
    tags.push(reference);
    return reference;
  }

  async function build(
    request: Omit<BuildRequest, 'root' | 'dockerfile'>,
    signal?: AbortSignal,
    onLine?: (line: ProgressLine) => void,
  ): Promise<{ result: BuildResult; lines: ProgressLine[] }> {
    const lines: ProgressLine[] = [];
    const result = await runBuild(
      client,
      { root, dockerfile: join(root, 'Dockerfile'), networkMode: 'none', ...request },
      (line) => {
        lines.push(line);
        onLine?.(line);
      },
      signal,
    );
    return { result, lines };
  }

  /** The paths a `find` in the build printed, from the log lines between the markers. */
  function listed(lines: ProgressLine[]): string[] {
    const text = lines.map((line) => line.text.replace(/^#\d+ /, ''));
    const start = text.indexOf('--files--');
    const end = text.indexOf('--end--');
    assert.ok(start !== -1 && end > start, `no listing in:\n${text.join('\n')}`);
    return text
      .slice(start + 1, end)
      .map((line) => line.replace(/^\/ctx\//, ''))
      .sort();
  }

  for (const builder of ['2', '1'] as const) {
    it(`sends what .dockerignore keeps (${builder === '2' ? 'BuildKit' : 'classic builder'})`, async () => {
      write(root, {
        Dockerfile: [
          `FROM ${seeds.plain}`,
          'COPY . /ctx',
          `RUN echo ${nonce()} && echo --files-- && cd /ctx && find . -type f | sed "s|^\\./|/ctx/|" | sort && echo --end--`,
        ].join('\n'),
        '.dockerignore': [
          '# generated',
          '**/*.log',
          '!keep/**/*.log',
          'node_modules',
          '!node_modules/wanted/index.js',
          'docs',
          '!docs/README.md',
          '/secret*',
          'Dockerfile',
        ].join('\n'),
        'app/main.sh': 'echo hi',
        'app/debug.log': 'x',
        'app/deep/er/trace.log': 'x',
        'keep/logs/a.log': 'x',
        'node_modules/wanted/index.js': 'x',
        'node_modules/unwanted/index.js': 'x',
        'docs/README.md': 'x',
        'docs/guide.md': 'x',
        'secret.txt': 'x',
        'app/secret.txt': 'x',
      });
      const { result, lines } = await build({ tag: tag(`ignore${builder}`), builder });
      assert.equal(result.error, undefined, lines.map((l) => l.text).join('\n'));
      assert.equal(result.builder, builder);
      assert.ok(result.imageId?.startsWith('sha256:'));
      // The classic builder itself drops a Dockerfile the ignore file lists, once it has read it.
      assert.deepEqual(listed(lines), [
        '.dockerignore',
        ...(builder === '2' ? ['Dockerfile'] : []),
        'app/main.sh',
        'app/secret.txt',
        'docs/README.md',
        'keep/logs/a.log',
        'node_modules/wanted/index.js',
      ]);
      const image = await client.inspectImage(tags[tags.length - 1]);
      assert.ok(image !== undefined, 'the tagged image exists');
    });
  }

  it('builds only up to the target stage: a later failing stage does not fail it', async () => {
    write(root, {
      Dockerfile: [
        `FROM ${seeds.plain} AS good`,
        'RUN echo good > /stage',
        'FROM good AS bad',
        'RUN echo failing on purpose && exit 3',
      ].join('\n'),
    });
    const target = await build({ tag: tag('target'), target: 'good', builder: '2' });
    assert.equal(target.result.error, undefined, target.lines.map((l) => l.text).join('\n'));
    assert.ok(!target.lines.some((line) => line.text.includes('failing on purpose')));
    assert.ok((await client.inspectImage(tags[tags.length - 1])) !== undefined);

    const whole = await build({ tag: tag('whole'), builder: '2' });
    assert.match(whole.result.error ?? '', /exit code: 3/);
    assert.match(whole.result.failedStep ?? '', /RUN echo failing on purpose/);
    assert.equal(await client.inspectImage(tags[tags.length - 1]), undefined);
  });

  it('passes build args', async () => {
    write(root, {
      Dockerfile: [
        `FROM ${seeds.plain}`,
        'ARG GREETING=unset',
        `RUN echo ${nonce()} && echo "greeting=$GREETING"`,
      ].join('\n'),
    });
    const { result, lines } = await build({
      tag: tag('args'),
      buildArgs: { GREETING: 'hello-args' },
      builder: '2',
    });
    assert.equal(result.error, undefined);
    assert.ok(lines.some((line) => line.text.endsWith('greeting=hello-args')));
  });

  it('a cancelled build stops and leaves no tagged image', async () => {
    write(root, {
      Dockerfile: [`FROM ${seeds.plain}`, `RUN echo ${nonce()} && echo started && sleep 60`].join('\n'),
    });
    const controller = new AbortController();
    const reference = tag('cancel');
    const startedAt = Date.now();
    const { result } = await build({ tag: reference, builder: '2' }, controller.signal, (line) => {
      if (line.text.endsWith(' started')) {
        controller.abort();
      }
    });
    assert.equal(result.cancelled, true);
    assert.ok(Date.now() - startedAt < 50_000, 'stopped well before the step would have ended');
    assert.equal(await client.inspectImage(reference), undefined);
  });

  it('reports the daemon message for a Dockerfile syntax error', async () => {
    write(root, { Dockerfile: [`FROM ${seeds.plain}`, 'RUNX echo nope'].join('\n') });
    const { result } = await build({ tag: tag('syntax'), builder: '2' });
    assert.match(result.error ?? '', /unknown instruction: RUNX/i);
    const classic = await build({ tag: tag('syntax1'), builder: '1' });
    assert.match(classic.result.error ?? '', /unknown instruction: RUNX/i);
  });

  it('chooses BuildKit on its own when the daemon has it', async () => {
    write(root, { Dockerfile: `FROM ${seeds.plain}\nLABEL auto=yes\n` });
    const { result } = await build({ tag: tag('auto') });
    assert.equal(result.builder, '2');
    assert.equal(result.error, undefined);
  });
});
