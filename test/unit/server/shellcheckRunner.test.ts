import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDockerfile } from '../../../src/server/syntax/parser';
import { ShellcheckRunner } from '../../../src/server/rules/shellcheck/runner';
import { shellcheckFindings, shellcheckReport } from '../../../src/server/rules/shellcheck/index';

const posix = process.platform !== 'win32';
const realShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

/** One turn of the event loop: admitted runs have spawned their child by then. */
const spawned = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ShellCheck runner', function () {
  let dir = '';
  let stand = '';

  before(function () {
    if (!posix) return this.skip();
    dir = mkdtempSync(join(tmpdir(), 'dockwright-shellcheck-'));
    // A stand-in executable: "block" on stdin keeps it running until killed, "fail" exits 3.
    stand = join(dir, 'stand-in');
    writeFileSync(
      stand,
      [
        '#!/bin/sh',
        'read -r first',
        'case "$first" in',
        '  block) exec tail -f /dev/null ;;',
        '  fail) echo "bad option" >&2; exit 3 ;;',
        '  garbage) echo "hello"; exit 0 ;;',
        'esac',
        'echo \'{"comments":[]}\'',
        '',
      ].join('\n'),
    );
    chmodSync(stand, 0o755);
  });

  after(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('reports a missing binary once, as a result', async () => {
    const runner = new ShellcheckRunner({ path: join(tmpdir(), 'no-such-dir', 'shellcheck') });
    const result = await runner.run({ script: 'echo', dialect: 'sh' });
    assert.equal(result.kind, 'not-found');
    const doc = parseDockerfile('FROM a\nRUN one\nRUN two\nRUN three\n');
    const report = await shellcheckReport(doc, { runner });
    assert.deepEqual(report.findings, []);
    assert.match(report.problem ?? '', /shellcheck was not found/);
  });

  it('turns a failing binary and unreadable output into results', async () => {
    const runner = new ShellcheckRunner({ path: stand });
    const failed = await runner.run({ script: 'fail\n', dialect: 'sh' });
    assert.deepEqual(failed, { kind: 'failed', message: 'shellcheck failed: bad option' });
    const garbage = await runner.run({ script: 'garbage\n', dialect: 'sh' });
    assert.equal(garbage.kind, 'failed');
    assert.deepEqual(await runner.run({ script: 'fine\n', dialect: 'sh' }), { kind: 'ok', comments: [] });
  });

  it('kills a child when its signal aborts and frees its slot', async () => {
    const runner = new ShellcheckRunner({ path: stand, maxConcurrent: 1 });
    const controller = new AbortController();
    const blocked = runner.run({ script: 'block\n', dialect: 'sh', signal: controller.signal });
    await spawned();
    controller.abort();
    assert.deepEqual(await blocked, { kind: 'cancelled' });
    // With one slot, this only runs once the killed child has exited.
    assert.deepEqual(await runner.run({ script: 'after\n', dialect: 'sh' }), { kind: 'ok', comments: [] });
    assert.equal(runner.active, 0);
  });

  it('queues beyond the limit and cancels queued runs without starting them', async () => {
    const runner = new ShellcheckRunner({ path: stand, maxConcurrent: 2 });
    const controller = new AbortController();
    const runs = [1, 2, 3].map(() =>
      runner.run({ script: 'block\n', dialect: 'sh', signal: controller.signal }),
    );
    assert.equal(runner.active, 2);
    await spawned();
    controller.abort();
    assert.deepEqual(
      (await Promise.all(runs)).map((r) => r.kind),
      ['cancelled', 'cancelled', 'cancelled'],
    );
    assert.equal((await runner.run({ script: 'again\n', dialect: 'sh' })).kind, 'ok');
  });

  it('stops a child that takes too long', async () => {
    const runner = new ShellcheckRunner({ path: stand, timeoutMs: 50 });
    const result = await runner.run({ script: 'block\n', dialect: 'sh' });
    assert.equal(result.kind, 'timeout');
  });

  it('rejects with an AbortError when the document changed', async () => {
    const controller = new AbortController();
    controller.abort();
    const doc = parseDockerfile('FROM a\nRUN echo $x\n');
    await assert.rejects(shellcheckFindings(doc, { path: stand, signal: controller.signal }), {
      name: 'AbortError',
    });
  });

  describe('with the real shellcheck', function () {
    before(function () {
      if (!realShellcheck) {
        console.log('  skipped: no shellcheck on PATH');
        this.skip();
      }
    });

    it('places findings of continued RUNs and heredocs on the document', async () => {
      const text = [
        'FROM alpine',
        'ARG version',
        'RUN echo "$version" \\',
        '    && echo $unquoted',
        'RUN <<EOF',
        '#!/bin/bash',
        'echo "$RANDOM" $other',
        'EOF',
        '',
      ].join('\n');
      const findings = await shellcheckFindings(parseDockerfile(text));
      const brief = findings.map(
        (f) => `${f.code} ${f.range.start.line}:${f.range.start.character}-${f.range.end.character}`,
      );
      // Same range: ordered by code.
      assert.deepEqual(brief, ['SC2086 3:12-21', 'SC2154 3:12-21', 'SC2086 6:15-21', 'SC2154 6:15-21']);
      for (const finding of findings) {
        assert.equal(finding.ruleSet, 'shellcheck');
        assert.ok(['warning', 'information'].includes(finding.severity));
      }
    });

    it('leaves out excluded codes', async () => {
      const doc = parseDockerfile('FROM alpine\nRUN echo $HOME\n');
      assert.deepEqual(
        (await shellcheckFindings(doc)).map((f) => f.code),
        ['SC2086'],
      );
      assert.deepEqual(await shellcheckFindings(doc, { exclude: ['SC2086'] }), []);
    });

    it('never reports sourcing files that live in the image', async () => {
      const doc = parseDockerfile(
        'FROM alpine\nSHELL ["/bin/bash", "-c"]\nRUN source /etc/os-release && . "$HOME/x"\n',
      );
      assert.deepEqual(await shellcheckFindings(doc), []);
    });
  });
});
