import * as assert from 'node:assert/strict';
import {
  commandFlags,
  flagValues,
  hasFlag,
  parseShell,
  positionalArgs,
} from '../../../src/server/semantics/shell';

const names = (script: string): string[] => parseShell(script).commands.map((c) => c.name);

describe('shell reader', () => {
  it('splits commands on && || ; | & and newlines', () => {
    assert.deepEqual(names('apt-get update && apt-get install -y curl || true; echo a | grep a & wait\nls'), [
      'apt-get',
      'apt-get',
      'true',
      'echo',
      'grep',
      'wait',
      'ls',
    ]);
    const script = parseShell('a | b && c');
    assert.equal(script.hasPipes, true);
    assert.deepEqual(
      script.commands.map((c) => [c.name, c.join, c.inPipeline]),
      [
        ['a', 'start', true],
        ['b', '|', true],
        ['c', '&&', false],
      ],
    );
    assert.equal(parseShell('a || b').hasPipes, false);
  });

  it('removes quotes, keeps expansions literal and tracks offsets', () => {
    const text = `echo "a b" 'c $d' e\\ f $HOME`;
    const [cmd] = parseShell(text).commands;
    assert.deepEqual(
      cmd.args.map((a) => a.value),
      ['a b', 'c $d', 'e f', '$HOME'],
    );
    assert.equal(text.slice(cmd.args[0].start, cmd.args[0].end), '"a b"');
    assert.equal(cmd.args[0].quoted, true);
    assert.equal(cmd.args[3].quoted, false);
  });

  it('separates assignments and redirections from arguments', () => {
    const [cmd] = parseShell('DEBIAN_FRONTEND=noninteractive apt-get install -y x > /dev/null 2>&1').commands;
    assert.equal(cmd.name, 'apt-get');
    assert.deepEqual(
      cmd.assignments.map((a) => a.value),
      ['DEBIAN_FRONTEND=noninteractive'],
    );
    assert.deepEqual(positionalArgs(cmd), ['install', 'x']);
    assert.deepEqual(
      cmd.redirects.map((r) => [r.op, r.target?.value]),
      [
        ['>', '/dev/null'],
        ['2>&', '1'],
      ],
    );
  });

  it('finds commands inside substitutions, subshells and control flow', () => {
    assert.deepEqual(names('export V=$(cat /etc/version) && (cd /src && make)'), [
      'export',
      'cat',
      'cd',
      'make',
    ]);
    assert.deepEqual(names('if [ -f x ]; then rm x; else touch x; fi'), ['[', 'rm', 'touch']);
    assert.deepEqual(names('for f in a b; do echo $f; done'), ['echo']);
    assert.deepEqual(names('echo `date`'), ['echo', 'date']);
  });

  it('reads flags the way lint rules ask for them', () => {
    const [cmd] = parseShell('pip install --no-cache-dir -qU --index-url=https://x -r req.txt pkg').commands;
    assert.deepEqual(commandFlags(cmd), ['no-cache-dir', 'q', 'U', 'index-url', 'r']);
    assert.ok(hasFlag(cmd, 'no-cache-dir'));
    assert.ok(!hasFlag(cmd, 'user'));
    assert.deepEqual(flagValues(cmd, 'index-url'), ['https://x']);
    assert.deepEqual(flagValues(cmd, 'r'), ['req.txt']);
  });

  it('never throws on unbalanced input', () => {
    for (const junk of ['echo "unterminated', "it's", '$(', '`', 'a &&', '| b', '((((', '2>', '${x']) {
      assert.doesNotThrow(() => parseShell(junk));
    }
  });

  it('places commands inside substitutions where their text stands', () => {
    const text = 'x=$(apt-get install foo) y="a `cat  /etc/os` b" && echo "$(ls -l "$(pwd)")"';
    for (const command of parseShell(text).commands) {
      assert.equal(text.slice(command.start, command.start + command.name.length), command.name);
      for (const word of command.words) assert.equal(text.slice(word.start, word.end), word.raw);
    }
    const names = parseShell(text).commands.map((command) => command.name);
    assert.deepEqual(
      names.filter((name) => name !== ''),
      ['apt-get', 'cat', 'echo', 'ls', 'pwd'],
    );
  });
});
