import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../src/server/syntax/parser';
import {
  dialectOf,
  predefinedVariables,
  scriptRange,
  shebangOf,
  shellScripts,
} from '../../../src/server/rules/shellcheck/scripts';
import type { CheckedScript } from '../../../src/server/rules/shellcheck/scripts';
import { findingOf, inputOf } from '../../../src/server/rules/shellcheck/index';
import { normalizeCodes, parseJson1 } from '../../../src/server/rules/shellcheck/runner';
import type { ShellcheckComment } from '../../../src/server/rules/shellcheck/runner';

const scriptsOf = (text: string): CheckedScript[] => shellScripts(parseDockerfile(text));

/** The document text a script's [start, end) stands for, read back through its range. */
function documentText(text: string, script: CheckedScript, start: number, end: number): string {
  const lines = text.split('\n');
  const range = scriptRange(script, start, end);
  if (range.start.line === range.end.line) {
    return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  }
  return `${(lines[range.start.line] ?? '').slice(range.start.character)}…${(lines[range.end.line] ?? '').slice(0, range.end.character)}`;
}

function comment(line: number, column: number, endLine: number, endColumn: number): ShellcheckComment {
  return { line, column, endLine, endColumn, level: 'info', code: 2086, message: 'Double quote.' };
}

describe('ShellCheck scripts', () => {
  describe('dialects', () => {
    it('reads SHELL arrays, pragma names and shebang words', () => {
      assert.equal(dialectOf(['/bin/sh', '-c']), 'sh');
      assert.equal(dialectOf(['/bin/bash', '-eo', 'pipefail', '-c']), 'bash');
      assert.equal(dialectOf(['/bin/ash', '-c']), 'dash');
      assert.equal(dialectOf(['/bin/mksh']), 'ksh');
      assert.equal(dialectOf(['/usr/bin/env', 'bash']), 'bash');
      assert.equal(dialectOf(['/usr/bin/env', '-S', 'LANG=C', 'dash', '-e']), 'dash');
      assert.equal(dialectOf(['/bin/busybox', 'sh', '-c']), 'sh');
      assert.equal(dialectOf(['BASH.EXE']), 'bash');
    });

    it('refuses shells ShellCheck cannot read', () => {
      for (const shell of [
        'pwsh',
        'powershell.exe',
        'cmd.exe',
        'C:\\Windows\\System32\\cmd.exe',
        'zsh',
        'fish',
        'python3',
      ]) {
        assert.equal(dialectOf([shell, '-c']), undefined, shell);
      }
      assert.equal(dialectOf([]), undefined);
    });

    it('reads shebang lines', () => {
      assert.deepEqual(shebangOf('#!/bin/sh'), ['/bin/sh']);
      assert.deepEqual(shebangOf('#! /usr/bin/env  bash -e'), ['/usr/bin/env', 'bash', '-e']);
      assert.deepEqual(shebangOf('\t#!/bin/bash'), ['/bin/bash']);
      assert.equal(shebangOf('echo #!/bin/sh'), undefined);
    });
  });

  describe('which RUNs become scripts', () => {
    it('takes shell-form RUN and ONBUILD RUN, not exec form or empty RUN', () => {
      const scripts = scriptsOf(
        'FROM a\nRUN echo $x\nRUN ["echo", "$x"]\nONBUILD RUN ls\nONBUILD RUN ["ls"]\nRUN\n',
      );
      assert.deepEqual(
        scripts.map((s) => [s.instruction.keyword, s.text, s.dialect]),
        [
          ['RUN', 'echo $x', 'sh'],
          ['ONBUILD', 'ls', 'sh'],
        ],
      );
    });

    it('uses the stage SHELL for later RUNs and resets it at FROM', () => {
      const text = 'FROM a\nRUN one\nSHELL ["/bin/bash", "-c"]\nRUN two\nFROM b\nRUN three\n';
      assert.deepEqual(
        scriptsOf(text).map((s) => [s.text, s.dialect]),
        [
          ['one', 'sh'],
          ['two', 'bash'],
          ['three', 'sh'],
        ],
      );
    });

    it('skips RUNs under a non-POSIX SHELL or shell pragma', () => {
      assert.deepEqual(scriptsOf('FROM a\nSHELL ["pwsh", "-c"]\nRUN Get-Item x\n'), []);
      assert.deepEqual(scriptsOf('FROM a\n# hadolint shell=powershell\nRUN Get-Item x\n'), []);
      const back = scriptsOf('FROM a\nSHELL ["cmd", "/S", "/C"]\nRUN dir\nSHELL ["/bin/sh", "-c"]\nRUN ls\n');
      assert.deepEqual(
        back.map((s) => s.text),
        ['ls'],
      );
    });

    it('reads a Windows base image as cmd unless a pragma or SHELL names a POSIX shell', () => {
      assert.deepEqual(scriptsOf('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n'), []);
      assert.deepEqual(scriptsOf('FROM golang:1.26-nanoserver-ltsc2022\nRUN dir\n'), []);
      assert.deepEqual(scriptsOf('FROM --platform=windows/amd64 img\nRUN dir\n'), []);
      const named = scriptsOf(
        'FROM mcr.microsoft.com/windows/servercore AS build\nSHELL ["bash", "-c"]\nFROM build\nRUN ls\n',
      );
      assert.deepEqual(
        named.map((s) => s.dialect),
        ['bash'],
      );
      // A Linux stage that happens to be named like one stays POSIX for the stages built on it.
      const linux = scriptsOf('FROM alpine AS windows-tools\nFROM windows-tools\nRUN ls\n');
      assert.deepEqual(
        linux.map((s) => s.dialect),
        ['sh'],
      );
      assert.equal(
        scriptsOf('# hadolint shell=bash\nFROM mcr.microsoft.com/windows/nanoserver\nRUN ls\n').length,
        1,
      );
    });

    it('applies a shell pragma above the first FROM to every stage', () => {
      const text = '# hadolint shell=pwsh\nFROM a\nRUN x\nFROM b\nRUN y\n';
      assert.deepEqual(scriptsOf(text), []);
      const bash = scriptsOf('# hadolint shell=bash\nFROM a\nRUN x\nFROM b\nRUN y\n');
      assert.deepEqual(
        bash.map((s) => s.dialect),
        ['bash', 'bash'],
      );
    });

    it('inherits the shell and ENV names of the stage a FROM names, not its ARGs', () => {
      const text = [
        'FROM a AS base',
        'SHELL ["/bin/bash", "-c"]',
        'ARG only_here',
        'ENV carried=1',
        'FROM base AS next',
        'RUN one',
        'FROM a',
        'RUN two',
        'FROM NEXT',
        'RUN three',
        '',
      ].join('\n');
      const [one, two, three] = scriptsOf(text);
      assert.equal(one?.dialect, 'bash');
      assert.ok(one?.variables.includes('carried'));
      assert.ok(!one?.variables.includes('only_here'));
      assert.equal(two?.dialect, 'sh');
      assert.ok(!two?.variables.includes('carried'));
      // Stage names compare case-insensitively, and inheritance chains.
      assert.equal(three?.dialect, 'bash');
      assert.ok(three?.variables.includes('carried'));
    });
  });

  describe('declared variables', () => {
    it('declares the proxy variables and the ARG and ENV names seen so far in the stage', () => {
      const text = 'ARG global\nFROM a\nARG foo=1 bar\nENV baz=2 "quoted"=3\nRUN x\nENV later=1\n';
      const [script] = scriptsOf(text);
      const expected = [...predefinedVariables, 'bar', 'baz', 'foo', 'quoted'].sort();
      assert.deepEqual(script?.variables, expected);
    });

    it('judges ONBUILD triggers only by what the triggers declare', () => {
      const text = 'FROM a\nENV main=1\nSHELL ["/bin/bash", "-c"]\nONBUILD ENV trig=1\nONBUILD RUN x\n';
      const [script] = scriptsOf(text);
      assert.equal(script?.dialect, 'sh');
      assert.ok(script?.variables.includes('trig'));
      assert.ok(!script?.variables.includes('main'));
    });

    it('builds the ShellCheck input with the names on the first line', () => {
      const [script] = scriptsOf('FROM a\nARG v\nRUN echo "$v"\n');
      assert.ok(script !== undefined);
      const input = inputOf(script);
      const [first, second, rest] = input.split('\n');
      assert.match(first ?? '', /^export (\w+=1 )*v=1( \w+=1)*$/);
      assert.equal(second, 'echo "$v"');
      assert.equal(rest, '');
    });
  });

  describe('offset maps', () => {
    it('maps a continued RUN back through its lines', () => {
      const text = 'FROM a\nRUN --mount=type=cache,target=/x echo a \\\n  # note\n    && echo $b \\\n\n  c\n';
      const [script] = scriptsOf(text);
      assert.ok(script !== undefined);
      const at = script.text.indexOf('$b');
      assert.equal(documentText(text, script, at, at + 2), '$b');
      assert.deepEqual(scriptRange(script, at, at + 2), {
        start: { line: 3, character: 12 },
        end: { line: 3, character: 14 },
      });
      // An end right after a line's last character stays on that line.
      const echo = script.text.indexOf('echo a');
      assert.deepEqual(scriptRange(script, echo, echo + 7).end, { line: 1, character: 40 });
    });

    it('maps an ONBUILD trigger into the ONBUILD line', () => {
      const text = 'FROM a\nONBUILD RUN echo $x\n';
      const [script] = scriptsOf(text);
      assert.ok(script !== undefined);
      assert.equal(documentText(text, script, 5, 7), '$x');
    });

    it('runs a bare heredoc body in the stage shell', () => {
      const text = 'FROM a\nRUN <<EOF\necho one\n  echo $two\nEOF\n';
      const [script] = scriptsOf(text);
      assert.equal(script?.text, 'echo one\n  echo $two');
      assert.equal(script?.dialect, 'sh');
      assert.ok(script !== undefined);
      const at = script.text.indexOf('$two');
      assert.deepEqual(scriptRange(script, at, at + 4), {
        start: { line: 3, character: 7 },
        end: { line: 3, character: 11 },
      });
    });

    it('uses a POSIX shebang and keeps the body on its lines', () => {
      const text = 'FROM a\nSHELL ["pwsh", "-c"]\nRUN <<-EOF\n\t#!/usr/bin/env bash\n\techo $RANDOM\n\tEOF\n';
      const [script] = scriptsOf(text);
      assert.equal(script?.dialect, 'bash');
      // The shebang line is blanked, so the body keeps its line numbers.
      assert.equal(script?.text, '\n\techo $RANDOM');
      assert.ok(script !== undefined);
      const at = script.text.indexOf('$RANDOM');
      assert.equal(documentText(text, script, at, at + 7), '$RANDOM');
      assert.equal(scriptRange(script, at, at + 7).start.line, 4);
    });

    it('skips heredocs with another interpreter and unterminated ones', () => {
      assert.deepEqual(scriptsOf('FROM a\nRUN <<EOF\n#!/usr/bin/python3\nprint(1)\nEOF\n'), []);
      assert.deepEqual(scriptsOf('FROM a\nRUN <<EOF\necho x\n'), []);
      assert.deepEqual(scriptsOf('FROM a\nRUN <<EOF\nEOF\n'), []);
    });

    it('hands the command line and its heredocs to the shell as one script', () => {
      const text = 'FROM a\nRUN cat <<EOF >/etc/conf && cat <<-B\nuser $name\nEOF\n\tb\n\tB\n';
      const [script] = scriptsOf(text);
      assert.equal(script?.text, 'cat <<EOF >/etc/conf && cat <<-B\nuser $name\nEOF\n\tb\n\tB');
      assert.ok(script !== undefined);
      const at = script.text.indexOf('$name');
      assert.deepEqual(scriptRange(script, at, at + 5), {
        start: { line: 2, character: 5 },
        end: { line: 2, character: 10 },
      });
      const b = script.text.lastIndexOf('B');
      assert.deepEqual(scriptRange(script, b, b + 1).start, { line: 5, character: 1 });
    });
  });

  describe('findings from ShellCheck comments', () => {
    const text = 'FROM a\nRUN echo é 😀 $x \\\n\t&& echo $y\n';
    const script = scriptsOf(text)[0];

    it('drops comments on the declaration line', () => {
      assert.ok(script !== undefined);
      assert.equal(findingOf(script, comment(1, 1, 1, 5)), undefined);
    });

    it('counts columns in code points and maps them to UTF-16 positions', () => {
      assert.ok(script !== undefined);
      // `echo é 😀 $x `: `$x` starts at code point 10 (1-based), UTF-16 offset 10.
      const finding = findingOf(script, comment(2, 10, 2, 12));
      assert.deepEqual(finding?.range, {
        start: { line: 1, character: 14 },
        end: { line: 1, character: 16 },
      });
      assert.equal(finding?.code, 'SC2086');
      assert.equal(finding?.ruleSet, 'shellcheck');
      assert.equal(finding?.severity, 'information');
      assert.equal(finding?.href, 'https://www.shellcheck.net/wiki/SC2086');
    });

    it('maps a tab as one column on a continuation line', () => {
      assert.ok(script !== undefined);
      // 1-based code points: the emoji before it is one code point but two UTF-16 units.
      const at = script.text.indexOf('$y') + 1 - 1;
      const finding = findingOf(script, comment(2, at, 2, at + 2));
      assert.deepEqual(finding?.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 11 } });
    });

    it('widens zero-width comments and clamps those past the end', () => {
      assert.ok(script !== undefined);
      const zero = findingOf(script, comment(2, 1, 2, 1));
      assert.deepEqual(zero?.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } });
      const past = findingOf(script, comment(3, 1, 3, 1));
      assert.deepEqual(past?.range, { start: { line: 2, character: 10 }, end: { line: 2, character: 11 } });
    });

    it('maps levels to severities', () => {
      assert.ok(script !== undefined);
      const levels = ['error', 'warning', 'info', 'style'] as const;
      assert.deepEqual(
        levels.map((level) => findingOf(script, { ...comment(2, 1, 2, 5), level })?.severity),
        ['error', 'warning', 'information', 'hint'],
      );
    });
  });

  describe('runner helpers', () => {
    it('reads json1 output and rejects other output', () => {
      const out =
        '{"comments":[{"file":"-","line":2,"endLine":2,"column":6,"endColumn":8,"level":"info","code":2086,"message":"m","fix":null},{"line":"x"}]}';
      assert.deepEqual(parseJson1(out), [
        { line: 2, endLine: 2, column: 6, endColumn: 8, level: 'info', code: 2086, message: 'm' },
      ]);
      assert.equal(parseJson1('not json'), undefined);
      assert.equal(parseJson1('[]'), undefined);
      assert.deepEqual(parseJson1('{"comments":[]}'), []);
    });

    it('normalizes excluded codes', () => {
      assert.deepEqual(normalizeCodes(['SC2086', '2046', 'sc1091', 'DL3008', ' SC2086 ']), [
        '2086',
        '2046',
        '1091',
      ]);
    });
  });

  it('never throws on odd input', () => {
    for (const text of [
      '',
      'RUN',
      'RUN <<',
      'ONBUILD',
      'SHELL []\nRUN x',
      'FROM\nRUN <<EOF',
      '\uFEFFRUN \\',
    ]) {
      assert.doesNotThrow(() => scriptsOf(text), text);
    }
  });
});
