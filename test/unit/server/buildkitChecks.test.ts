import * as assert from 'node:assert/strict';
import { parseCheckOptions } from '../../../src/server/rules/buildkit/checkDirective';
import {
  cleanPath,
  copySourceIgnored,
  parseDockerignore,
} from '../../../src/server/rules/buildkit/dockerignore';
import { expandWord } from '../../../src/server/rules/buildkit/expander';
import {
  buildkitChecks,
  buildkitFindings,
  type CheckOptions,
} from '../../../src/server/rules/buildkit/index';
import { parseDockerfile } from '../../../src/server/syntax/parser';

/** `Rule@line detail` for every warning (1-based lines). */
function check(text: string, options: CheckOptions = {}): string[] {
  return buildkitChecks(parseDockerfile(text), options).warnings.map(
    (w) => `${w.rule.name}@${w.range.start.line + 1} ${w.detail}`,
  );
}

function rules(text: string, options: CheckOptions = {}): string[] {
  return buildkitChecks(parseDockerfile(text), options).warnings.map((w) => w.rule.name);
}

describe('buildkit checks', () => {
  describe('UndefinedVar', () => {
    it('reports every unknown name in a stage chain rooted in scratch', () => {
      const text = 'FROM scratch AS a\nENV X=1\nFROM a\nCOPY $X $Y /\n';
      assert.deepEqual(check(text), ["UndefinedVar@4 Usage of undefined variable '$Y' (did you mean $X?)"]);
    });

    it('stays quiet about names an unknown base image could define', () => {
      assert.deepEqual(check('FROM alpine\nCOPY $foo /\nWORKDIR $HOME\n'), []);
    });

    it('still reports predefined args used without their ARG, whatever the base', () => {
      assert.deepEqual(check('FROM alpine\nCOPY app-$TARGETARCH /app\n'), [
        "UndefinedVar@2 Usage of undefined variable '$TARGETARCH'",
      ]);
      assert.deepEqual(check('FROM alpine\nARG TARGETARCH\nCOPY app-$TARGETARCH /app\n'), []);
    });

    it('sees a global ARG only where the stage redeclares it', () => {
      assert.deepEqual(check('ARG V=1\nFROM scratch\nCOPY $V /\n'), [
        "UndefinedVar@3 Usage of undefined variable '$V'",
      ]);
      assert.deepEqual(check('ARG V=1\nFROM scratch\nARG V\nCOPY $V /\n'), []);
    });

    it('lets later keys of one ARG use earlier ones', () => {
      assert.deepEqual(check('FROM scratch\nARG a=1 b=$a\n'), []);
      assert.deepEqual(check('FROM scratch\nARG b=$a a=1\n'), [
        "UndefinedVar@2 Usage of undefined variable '$a'",
      ]);
    });

    it('expands ENV against the environment before the instruction', () => {
      assert.deepEqual(check('FROM scratch\nENV A=1 B=$A\n'), [
        "UndefinedVar@2 Usage of undefined variable '$A'",
      ]);
    });

    it('suggests a close name, the default PATH included', () => {
      assert.deepEqual(check('FROM scratch\nENV PATH=$PAHT:/x\n'), [
        "UndefinedVar@2 Usage of undefined variable '$PAHT' (did you mean $PATH?)",
      ]);
    });

    it('expands COPY heredocs with an unquoted delimiter, quotes taken literally', () => {
      assert.deepEqual(check("FROM scratch\nCOPY <<EOF /a\n'$X'\nEOF\nCOPY <<'EOF' /b\n$Y\nEOF\n"), [
        "UndefinedVar@2 Usage of undefined variable '$X'",
      ]);
    });

    it('does not look inside RUN, CMD or ENTRYPOINT (the shell expands those)', () => {
      assert.deepEqual(rules('FROM scratch\nRUN echo $nope\nCMD ["echo", "$nope"]\n'), []);
    });
  });

  describe('# check= options', () => {
    it('skips a rule for one instruction through the comment above it, reason after a space', () => {
      const text =
        'FROM scratch\n# check=skip=MaintainerDeprecated // kept for old tools\nMAINTAINER me\nMAINTAINER you\n';
      assert.deepEqual(check(text), [
        'MaintainerDeprecated@4 Maintainer instruction is deprecated in favor of using label',
      ]);
    });

    it('turns warnings into errors with error=true and names the rules that fired', () => {
      const doc = parseDockerfile('# check=error=true\nFROM scratch as base\nMAINTAINER me\n');
      const result = buildkitChecks(doc);
      assert.equal(result.buildError, 'lint violation found for rules: FromAsCasing, MaintainerDeprecated');
      assert.ok(buildkitFindings(doc).every((f) => f.severity === 'error' && f.ruleSet === 'buildkit'));
    });

    it('lets the BUILDKIT_DOCKERFILE_CHECK build argument replace the directive', () => {
      const text = '# check=skip=all\nFROM scratch as base\n';
      assert.deepEqual(rules(text), []);
      assert.deepEqual(rules(text, { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'error=false' } }), [
        'FromAsCasing',
      ]);
    });

    it('stops with BuildKit’s error when the options cannot be read', () => {
      const result = buildkitChecks(parseDockerfile('# check=skip=all;bogus=1\nFROM scratch as base\n'));
      assert.deepEqual(result.warnings, []);
      assert.equal(result.buildError, 'failed to parse check options: invalid check option "bogus"');
      const arg = buildkitChecks(parseDockerfile('FROM scratch\n'), {
        buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'error=maybe' },
      });
      assert.equal(
        arg.buildError,
        'failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK: failed to parse check option "error=maybe": strconv.ParseBool: parsing "maybe": invalid syntax',
      );
    });

    it('parses skip lists, experimental and error', () => {
      const parsed = parseCheckOptions(' skip = A , B ;experimental=all; error=1');
      assert.deepEqual([...(parsed.config?.skip ?? [])], ['A', 'B']);
      assert.equal(parsed.config?.experimentalAll, true);
      assert.equal(parsed.config?.error, true);
      assert.equal(parseCheckOptions('skip').error, 'invalid check option "skip"');
    });

    it('runs experimental rules only when enabled, even under skip=all', () => {
      const text = '# not a description\nARG foo=1\nFROM scratch\n';
      assert.deepEqual(rules(text), []);
      assert.deepEqual(
        rules(text, { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip=all;experimental=all' } }),
        ['InvalidDefinitionDescription'],
      );
    });
  });

  describe('InvalidDefinitionDescription', () => {
    const on = { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'experimental=InvalidDefinitionDescription' } };
    it('is separated from a plain comment by a blank line or an empty # line', () => {
      assert.deepEqual(rules('# just a note\n\nARG foo=1\nFROM scratch\n', on), []);
      assert.deepEqual(rules('# just a note\n#\nARG foo=1\nFROM scratch\n', on), []);
      assert.deepEqual(rules('# just a note\nARG foo=1\nFROM scratch\n', on), [
        'InvalidDefinitionDescription',
      ]);
    });

    it('accepts the lower-case stage name as the first word', () => {
      assert.deepEqual(rules('# build compiles things\nFROM scratch AS build\n', on), []);
    });
  });

  describe('other rules', () => {
    it('reports only the first relative WORKDIR of a stage chain, and knows Windows paths', () => {
      assert.deepEqual(check('FROM scratch\nWORKDIR a\nWORKDIR b\n'), [
        'WorkdirRelativePath@2 Relative workdir "a" can have unexpected results if the base image changes',
      ]);
      assert.deepEqual(check('FROM nanoserver\nWORKDIR C:\\\\app\n'), []);
    });

    it('reads EXPOSE port specs', () => {
      assert.deepEqual(check('FROM scratch\nEXPOSE :80 80/UDP\n'), [
        "ExposeProtoCasing@2 Defined protocol '80/UDP' in EXPOSE instruction should be lowercase",
      ]);
    });

    it('reports the earlier of two CMDs, named as the later one is written', () => {
      assert.deepEqual(
        check('FROM scratch\nCMD ["a"]\ncmd ["b"]\n').filter((w) => w.startsWith('Multiple')),
        [
          'MultipleInstructionsDisallowed@2 Multiple cmd instructions should not be used in the same stage because only the last one will be used',
        ],
      );
    });

    it('puts NoEmptyContinuation on the last line of the instruction', () => {
      assert.deepEqual(check('FROM scratch\nCOPY a \\\n\n  \\\n\n  /b\n'), [
        'NoEmptyContinuation@6 Empty continuation line',
      ]);
    });

    it('reports secrets in stage ARG and ENV names only', () => {
      assert.deepEqual(rules('ARG GITHUB_TOKEN\nFROM scratch\nARG DB_PASSWORD\nENV PUBLIC_KEY=1\n'), [
        'SecretsUsedInArgOrEnv',
      ]);
    });

    it('underlines the stage name for StageNameCasing', () => {
      const [finding] = buildkitFindings(parseDockerfile('FROM scratch AS Build\n'));
      assert.equal(finding?.code, 'StageNameCasing');
      assert.deepEqual(finding?.range, {
        start: { line: 0, character: 16 },
        end: { line: 0, character: 21 },
      });
      assert.equal(finding?.href, 'https://docs.docker.com/go/dockerfile/rule/stage-name-casing/');
    });

    it('finds constant platforms unless the stage name mentions them', () => {
      assert.deepEqual(rules('FROM --platform=linux/arm64 scratch AS build\n'), [
        'FromPlatformFlagConstDisallowed',
      ]);
      assert.deepEqual(rules('FROM --platform=linux/arm64 scratch AS build-arm64\n'), []);
    });
  });

  describe('CopyIgnoredFile', () => {
    it('reports sources under an ignored directory and glob matches', () => {
      const dockerignore = 'node_modules\n**/*.log\n';
      assert.deepEqual(check('FROM scratch\nCOPY node_modules/x ./src a/b.log /\n', { dockerignore }), [
        'CopyIgnoredFile@2 Attempting to Copy file "a/b.log" that is excluded by .dockerignore',
        'CopyIgnoredFile@2 Attempting to Copy file "node_modules/x" that is excluded by .dockerignore',
      ]);
    });

    it('ignores COPY --from, remote ADD sources and files with ! patterns around', () => {
      assert.deepEqual(
        rules('FROM scratch AS a\nFROM scratch\nCOPY --from=a x /\n', { dockerignore: 'x' }),
        [],
      );
      assert.deepEqual(rules('FROM scratch\nADD https://example.com/x /\n', { dockerignore: '*' }), []);
      assert.deepEqual(rules('FROM scratch\nCOPY x /\n', { dockerignore: 'x\n!y' }), []);
    });

    it('cleans paths as Go does', () => {
      assert.equal(cleanPath('./a//b/../c/'), 'a/c');
      assert.equal(cleanPath('/../x'), '/x');
      assert.equal(cleanPath(''), '.');
      assert.equal(copySourceIgnored(parseDockerignore('/docs/'), './docs/readme.md'), 'docs/readme.md');
    });
  });

  describe('word expansion', () => {
    it('records matched and unmatched names through every form', () => {
      const env = new Map([['A', 'x']]);
      const result = expandWord('$A ${B:-d} \'$C\' "$D" \\$E ${A:+y}', (n) => env.get(n));
      assert.equal(result.result, 'x d $C  $E y');
      assert.deepEqual([...result.matched].sort(), ['A']);
      assert.deepEqual([...result.unmatched].sort(), ['B', 'D']);
    });
  });

  it('never throws on odd input', () => {
    for (const text of [
      '',
      '\\',
      'FROM',
      'FROM ${',
      'ARG',
      'FROM scratch\nENV ${=}',
      'FROM --platform= x\n',
      'EXPOSE ::::',
    ]) {
      assert.doesNotThrow(() => buildkitChecks(parseDockerfile(text), { dockerignore: '!\n[' }));
    }
  });
});
