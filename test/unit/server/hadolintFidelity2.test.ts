// Cases where the second half of the hadolint rules, the pragmas and `.hadolint.yaml` must behave
// as hadolint does beyond its own test suite.
import * as assert from 'node:assert/strict';
import {
  DEFAULT_HADOLINT_CONFIG,
  parseHadolintConfig,
  type HadolintConfig,
} from '../../../src/server/rules/hadolint/config';
import { hadolintFindings } from '../../../src/server/rules/hadolint/engine';
import { parsePragma } from '../../../src/server/rules/hadolint/pragmas';
import { hadolintRules } from '../../../src/server/rules/hadolint/registry';
import { runLint } from '../../../src/server/lintRun';
import { parseDockerfile } from '../../../src/server/syntax/parser';

/** Zero-based start lines of the findings of `code` in `text`. */
function lines(text: string, code: string, config: Partial<HadolintConfig> = {}): number[] {
  const rule = hadolintRules.find((r) => r.code === code);
  assert.ok(rule, `no rule ${code}`);
  return hadolintFindings(parseDockerfile(text), [rule], {
    config: { ...DEFAULT_HADOLINT_CONFIG, ...config },
    includeDefaultOff: true,
  }).map((finding) => finding.range.start.line);
}

function severityOf(text: string, code: string, config: Partial<HadolintConfig>): string | undefined {
  const rule = hadolintRules.find((r) => r.code === code);
  assert.ok(rule);
  return hadolintFindings(parseDockerfile(text), [rule], {
    config: { ...DEFAULT_HADOLINT_CONFIG, ...config },
  })[0]?.severity;
}

describe('hadolint fidelity: pragma grammar', () => {
  it('reads ignore lists with spaces or tabs around `=` and the commas, and a trailing comment', () => {
    const codes = (text: string) => {
      const pragma = parsePragma(text);
      return pragma?.kind === 'ignore' ? [pragma.scope, ...pragma.codes] : pragma;
    };
    assert.deepEqual(codes('# hadolint ignore=DL3008'), ['next', 'DL3008']);
    assert.deepEqual(codes('#hadolint ignore=DL3008'), ['next', 'DL3008']);
    assert.deepEqual(codes('#\thadolint\tignore\t=\tDL3008\t,\tSC2086'), ['next', 'DL3008', 'SC2086']);
    assert.deepEqual(codes('# hadolint ignore=DL3008 , DL3009 # the mirror pins them'), [
      'next',
      'DL3008',
      'DL3009',
    ]);
    assert.deepEqual(codes('# hadolint ignore=DL3008# no space before the comment'), ['next', 'DL3008']);
    assert.deepEqual(codes('# hadolint global   ignore=DL3006'), ['global', 'DL3006']);
    assert.deepEqual(codes('# hadolint stage ignore = DL3006'), ['stage', 'DL3006']);
  });

  it('leaves comments that break the grammar alone, whole', () => {
    for (const text of [
      '# Hadolint ignore=DL3008',
      '# hadolint IGNORE=DL3008',
      '# hadolint ignore=dl3008',
      '# hadolint ignore=DL3008,',
      '# hadolint ignore=DL3008 DL3009',
      '# hadolint ignore=DL3008 because of the mirror',
      '# hadolint ignore=DL3008,crazy',
      '# hadolintignore=DL3008',
      '# hadolint: ignore=DL3008',
      '# hadolint globalignore=DL3008',
      '# hadolint local ignore=DL3008',
      '# hadolint global shell=bash',
      '# please hadolint ignore=DL3008',
    ]) {
      assert.equal(parsePragma(text), undefined, text);
    }
  });

  it('reads a shell pragma up to the first blank, then only a comment', () => {
    assert.deepEqual(parsePragma('# hadolint shell=/bin/bash'), { kind: 'shell', shell: '/bin/bash' });
    assert.deepEqual(parsePragma('# hadolint shell = pwsh # Windows image'), {
      kind: 'shell',
      shell: 'pwsh',
    });
    assert.equal(parsePragma('# hadolint shell=bash -e'), undefined);
    assert.equal(parsePragma('# hadolint shell='), undefined);
  });

  it('switches findings off on the next line only, and not after a blank line', () => {
    const code = 'DL3059';
    assert.deepEqual(lines('RUN a\n# hadolint ignore=DL3059\nRUN b\n', code), []);
    assert.deepEqual(lines('RUN a\n# hadolint ignore=DL3059\n\nRUN b\n', code), [3]);
    assert.deepEqual(lines('RUN a\n# hadolint ignore=DL3059 # joined later\nRUN b\n', code), []);
    assert.deepEqual(lines('RUN a\n# hadolint ignore=DL3059 joined later\nRUN b\n', code), [2]);
  });

  it('a stage pragma reaches from two lines below it to the end of that stage, as hadolint keys it', () => {
    const text = [
      'FROM debian',
      'EXPOSE 70000',
      '# hadolint stage ignore=DL3011',
      'EXPOSE 80000',
      'EXPOSE 90000',
      'FROM debian',
      'EXPOSE 99999',
    ].join('\n');
    // Not back to the stage's start, not the line right below, not the next stage.
    assert.deepEqual(lines(`${text}\n`, 'DL3011'), [1, 3, 6]);
    // Above a FROM, it covers the stage that FROM starts, but not the FROM line itself.
    assert.deepEqual(
      lines('# hadolint stage ignore=DL3011\nFROM a\nEXPOSE 80000\nFROM b\nEXPOSE 80000\n', 'DL3011'),
      [4],
    );
    assert.deepEqual(lines('# hadolint stage ignore=DL3006\nFROM debian\n', 'DL3006'), [1]);
  });

  it('`disable-ignore-pragma` turns every ignore pragma off', () => {
    const text = '# hadolint global ignore=DL3011\nFROM a\n# hadolint ignore=DL3011\nEXPOSE 80000\n';
    assert.deepEqual(lines(text, 'DL3011'), []);
    assert.deepEqual(lines(text, 'DL3011', { disableIgnorePragma: true }), [3]);
  });
});

describe('hadolint fidelity: .hadolint.yaml', () => {
  it('a code in two override lists takes the more severe one, as hadolint applies them in turn', () => {
    const { config, problems } = parseHadolintConfig(
      'override:\n  style: [DL3011]\n  error: [DL3011]\n  info: [DL4000, DL3059]\n  warning: [DL3059]\n',
    );
    assert.deepEqual(problems, []);
    assert.equal(config.override.DL3011, 'error');
    assert.equal(config.override.DL3059, 'warning');
    assert.equal(config.override.DL4000, 'info');
    assert.equal(severityOf('FROM a\nEXPOSE 80000\n', 'DL3011', config), 'error');
  });

  it('reads disable-ignore-pragma and both spellings of the trusted registries', () => {
    const { config, problems } = parseHadolintConfig(
      'disable-ignore-pragma: true\ntrustedRegistries: [a.example]\ntrusted-registries: [b.example]\n',
    );
    assert.deepEqual(problems, []);
    assert.equal(config.disableIgnorePragma, true);
    assert.deepEqual(config.trustedRegistries, ['a.example', 'b.example']);
    assert.equal(parseHadolintConfig('ignored: []\n').config.disableIgnorePragma, undefined);
  });

  it('accepts the command-line keys without complaint and names wrongly typed ones', () => {
    const quiet = parseHadolintConfig(
      'failure-threshold: warning\nno-fail: true\nno-color: true\nformat: json\nverbose: false\nignored: [DL3008]\n',
    );
    assert.deepEqual(quiet.problems, []);
    assert.deepEqual(quiet.config.ignored, ['DL3008']);
    const wrong = parseHadolintConfig(
      'override:\n  error: DL3008\nstrict-labels: "yes"\nlabel-schema: [author]\nignored: DL3008\n',
    );
    assert.equal(wrong.problems.length, 4, wrong.problems.join('\n'));
    assert.equal(wrong.config.strictLabels, false);
    assert.deepEqual(wrong.config.override, {});
  });
});

describe('hadolint fidelity: DL4006', () => {
  it('wants pipefail from SHELL: `set -o pipefail` inside the RUN does not count', () => {
    assert.deepEqual(lines('FROM a\nRUN set -o pipefail && wget -O - x | wc -l\n', 'DL4006'), [1]);
    assert.deepEqual(lines('FROM a\nRUN set -euo pipefail; curl x | tar -x\n', 'DL4006'), [1]);
  });

  it('counts bash, zsh and ash by basename, with -o among combined flags; not sh or dash', () => {
    const run = 'RUN wget -O - x | wc -l\n';
    for (const shell of ['/bin/ash', 'zsh', '/usr/local/bin/bash']) {
      assert.deepEqual(
        lines(`FROM a\nSHELL ["${shell}", "-euxo", "pipefail", "-c"]\n${run}`, 'DL4006'),
        [],
        shell,
      );
    }
    for (const shell of ['/bin/sh', '/bin/dash']) {
      assert.deepEqual(
        lines(`FROM a\nSHELL ["${shell}", "-o", "pipefail", "-c"]\n${run}`, 'DL4006'),
        [2],
        shell,
      );
    }
    assert.deepEqual(lines(`FROM a\nSHELL ["/bin/bash", "-c"]\n${run}`, 'DL4006'), [2]);
  });

  it('sees pipes inside command substitutions and `|&`, not `||` or quoted bars', () => {
    assert.deepEqual(lines('FROM a\nRUN echo "$(ls | head -n 1)"\n', 'DL4006'), [1]);
    assert.deepEqual(lines('FROM a\nRUN make |& tee log\n', 'DL4006'), [1]);
    assert.deepEqual(lines('FROM a\nRUN test -f x || exit 1\n', 'DL4006'), []);
    assert.deepEqual(lines("FROM a\nRUN grep 'a|b' file\n", 'DL4006'), []);
  });

  it('resets at FROM and ignores ONBUILD triggers', () => {
    const text =
      'FROM a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nFROM b\nRUN a | b\nONBUILD RUN a | b\n';
    assert.deepEqual(lines(text, 'DL4006'), [4]);
  });
});

describe('hadolint fidelity: DL3059', () => {
  it('compares mounts by their options, not their spelling order', () => {
    const text = 'RUN --mount=type=cache,target=/a,id=x a\nRUN --mount=id=x,type=cache,target=/a b\n';
    assert.deepEqual(lines(text, 'DL3059'), [1]);
    assert.deepEqual(
      lines('RUN --mount=type=cache,target=/a a\nRUN --mount=type=cache,target=/b b\n', 'DL3059'),
      [],
    );
    assert.deepEqual(lines('RUN --network=none a\nRUN --network=host b\n', 'DL3059'), []);
  });

  it('counts commands in pipelines, substitutions and compound commands', () => {
    assert.deepEqual(lines('RUN a | b\nRUN c\n', 'DL3059'), []);
    assert.deepEqual(lines('RUN echo $(date)\nRUN c\n', 'DL3059'), []);
    assert.deepEqual(lines('RUN if true; then a; fi\nRUN c\n', 'DL3059'), []);
    assert.deepEqual(lines('RUN a\n\n# why\n\nRUN b\n', 'DL3059'), [4]);
    assert.deepEqual(lines('RUN a\nONBUILD RUN b\nRUN c\n', 'DL3059'), []);
  });
});

describe('hadolint fidelity: severities', () => {
  it('reports wget without a progress setting as a warning, as hadolint prints it', () => {
    assert.equal(severityOf('FROM a\nRUN wget https://example.com/x\n', 'DL3047', {}), 'warning');
    assert.equal(
      severityOf('FROM a\nRUN wget https://example.com/x\n', 'DL3047', { override: { DL3047: 'info' } }),
      'information',
    );
  });
});

describe('hadolint fidelity: .hadolint.yaml over ShellCheck codes', () => {
  it('overrides, ignores and pragmas apply to SC codes as to DL codes', async function () {
    const text = 'FROM a\nRUN echo $x\n# hadolint ignore=SC2154\nRUN echo $y\n';
    const run = async (yaml: string) => {
      const { config } = parseHadolintConfig(yaml);
      const outcome = runLint(parseDockerfile(text), { hadolint: config }, new AbortController().signal);
      const { findings, problem } = (await outcome.background) ?? { findings: [] };
      return {
        findings: findings.map((f) => `${f.code}:${f.range.start.line}:${f.severity}`).sort(),
        problem,
      };
    };
    const plain = await run('');
    if (plain.problem !== undefined) {
      console.log(`  skipped: ${plain.problem}`);
      return this.skip();
    }
    assert.deepEqual(plain.findings, ['SC2086:1:information', 'SC2086:3:information', 'SC2154:1:warning']);
    const configured = await run('override:\n  error: [SC2086]\nignored: [SC2154]\n');
    assert.deepEqual(configured.findings, ['SC2086:1:error', 'SC2086:3:error']);
  });
});

describe('hadolint fidelity: shell pragma reach', () => {
  // DL3008 reads apt-get installs only in POSIX scripts: it shows which shell a RUN was given.
  const install = 'RUN apt-get install -y curl';

  it('holds to the end of its stage', () => {
    const text = ['FROM a', '# hadolint shell=pwsh', install, 'FROM b', install, ''].join('\n');
    assert.deepEqual(lines(text, 'DL3008'), [4]);
  });

  it('above the first FROM, is the default of every stage', () => {
    const text = ['# hadolint shell=pwsh', 'FROM a', install, 'FROM b', install, ''].join('\n');
    assert.deepEqual(lines(text, 'DL3008'), []);
  });

  it('gives way to a SHELL instruction that follows it', () => {
    const text = ['FROM a', '# hadolint shell=pwsh', install, 'SHELL ["/bin/sh", "-c"]', install, ''].join(
      '\n',
    );
    assert.deepEqual(lines(text, 'DL3008'), [4]);
    const preamble = ['# hadolint shell=cmd', 'FROM a', 'SHELL ["/bin/bash", "-c"]', install, ''].join('\n');
    assert.deepEqual(lines(preamble, 'DL3008'), [3]);
  });
});

describe('hadolint fidelity: pragma placement', () => {
  it('a pragma on a comment line inside a continued instruction covers nothing', () => {
    assert.deepEqual(lines('FROM a\nEXPOSE 1 \\\n# hadolint ignore=DL3011\n  80000\n', 'DL3011'), [3]);
    assert.deepEqual(lines('FROM a\n# hadolint ignore=DL3011\nEXPOSE 1 \\\n  80000\n', 'DL3011'), []);
  });

  it('a pragma-like line in a heredoc body is script, not a pragma', () => {
    assert.deepEqual(lines('RUN <<EOF\n# hadolint ignore=DL3059\nEOF\nRUN b\n', 'DL3059'), [3]);
  });

  it('a stage built on another stage keeps its SHELL for the DL rules', () => {
    const text = [
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base',
      'SHELL ["powershell", "-Command"]',
      'FROM base AS app',
      'RUN cd C:\\app; sudo foo',
      'FROM alpine AS other',
      'RUN cd /tmp && sudo foo',
      '',
    ].join('\n');
    // Only the stage on alpine runs its script in a POSIX shell.
    assert.deepEqual(lines(text, 'DL3003'), [5]);
    assert.deepEqual(lines(text, 'DL3004'), [5]);
  });
});
