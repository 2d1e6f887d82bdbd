import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { ExecEngine } from '../../../src/extension/terminals/shellProbe';
import {
  missingCommand,
  probeShell,
  shellCandidates,
  splitCommandLine,
} from '../../../src/extension/terminals/shellProbe';

/** Exec calls answered from a table of paths and the exit codes their `-c :` ends with. */
function engine(exitCodes: Record<string, number>): ExecEngine & { tried: string[] } {
  const execs = new Map<string, string>();
  const tried: string[] = [];
  return {
    tried,
    createExec: (_container, spec) => {
      const path = spec.cmd[0] ?? '';
      tried.push(path);
      const id = `exec-${execs.size}`;
      execs.set(id, path);
      return Promise.resolve(id);
    },
    startExec: () => {
      const stream = new PassThrough();
      stream.end();
      return Promise.resolve(stream);
    },
    inspectExec: (id) => Promise.resolve({ running: false, exitCode: exitCodes[execs.get(id) ?? ''] ?? 127 }),
  };
}

describe('shell probe', () => {
  it('tries bash, then sh, then ash', () => {
    const names = shellCandidates.map((path) => path.split('/').pop());
    assert.deepEqual([...new Set(names)], ['bash', 'sh', 'ash']);
  });

  it('takes the first candidate the runtime could start, whatever its exit code', async () => {
    const fake = engine({ '/bin/bash': 126, '/usr/bin/bash': 127, '/bin/sh': 2 });
    assert.deepEqual(await probeShell(fake, 'c'), { shell: '/bin/sh' });
    assert.deepEqual(fake.tried, ['/bin/bash', '/usr/bin/bash', '/bin/sh']);
  });

  it('reports every path tried when there is no shell', async () => {
    const result = await probeShell(engine({}), 'c');
    assert.deepEqual(result, { shell: undefined, tried: shellCandidates });
  });

  it('tells a missing command by the exit codes 126 and 127 only', () => {
    assert.equal(missingCommand(126), true);
    assert.equal(missingCommand(127), true);
    assert.equal(missingCommand(0), false);
    assert.equal(missingCommand(1), false);
    assert.equal(missingCommand(undefined), false);
  });

  it('splits a command line for an image without a shell', () => {
    assert.deepEqual(splitCommandLine('  ls   -la /tmp '), ['ls', '-la', '/tmp']);
    assert.deepEqual(splitCommandLine(`echo "a b" 'c "d"' e\\ f ""`), ['echo', 'a b', 'c "d"', 'e f', '']);
    assert.deepEqual(splitCommandLine('say "it\\"s"'), ['say', 'it"s']);
    assert.deepEqual(splitCommandLine(''), []);
    assert.deepEqual(splitCommandLine('unterminated "quote here'), ['unterminated', 'quote here']);
  });
});
