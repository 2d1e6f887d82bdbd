import * as assert from 'node:assert/strict';
import { DEFAULT_HADOLINT_CONFIG, type HadolintConfig } from '../../../src/server/rules/hadolint/config';
import { hadolintFindings } from '../../../src/server/rules/hadolint/engine';
import { referencesVariable, looksSensitive } from '../../../src/server/rules/hadolint/p2Env';
import {
  isEmail,
  isGitHash,
  isRfc3339,
  isSemver,
  isSpdxExpression,
  isUrl,
} from '../../../src/server/rules/hadolint/p2Labels';
import { expandKnown } from '../../../src/server/rules/hadolint/p2Scope';
import {
  cacheMountTargets,
  imageName,
  stripQuotes,
  unquote,
} from '../../../src/server/rules/hadolint/p2Support';
import { hadolintRulesPart2 } from '../../../src/server/rules/hadolint/part2';
import type { HadolintContext } from '../../../src/server/rules/hadolint/rule';
import { parseShell } from '../../../src/server/semantics/shell';
import { stagesOf } from '../../../src/server/semantics/stages';
import { parseDockerfile } from '../../../src/server/syntax/parser';

function lint(text: string, code: string, config: Partial<HadolintConfig> = {}) {
  const rule = hadolintRulesPart2.find((r) => r.code === code);
  assert.ok(rule, `no rule ${code}`);
  return hadolintFindings(parseDockerfile(text), [rule], {
    config: { ...DEFAULT_HADOLINT_CONFIG, ...config },
    includeDefaultOff: true,
  });
}

/** Zero-based start lines of the findings. */
function lines(text: string, code: string, config: Partial<HadolintConfig> = {}): number[] {
  return lint(text, code, config).map((f) => f.range.start.line);
}

describe('hadolint rules, second half', () => {
  it('lists each code once, in order, with hadolint severities', () => {
    const codes = hadolintRulesPart2.map((r) => r.code);
    assert.deepEqual(codes, [...codes].sort());
    assert.equal(new Set(codes).size, 39);
    const severity = (code: string) => hadolintRulesPart2.find((r) => r.code === code)?.severity;
    assert.equal(severity('DL3048'), 'style');
    assert.equal(severity('DL3057'), 'info');
    assert.equal(severity('DL3044'), 'error');
    assert.equal(severity('DL4006'), 'warning');
  });

  it('never throws on odd input', () => {
    const odd = [
      '',
      'ONBUILD\n',
      'FROM\nCOPY\nLABEL\nUSER\nSHELL []\n',
      'RUN ["unterminated\n',
      'FROM a AS\nFROM --platform= b\nONBUILD ONBUILD\n',
      'RUN <<EOF\nzypper install x\nEOF\n',
      'LABEL "a\nENV =\nARG\n',
    ];
    const schema: HadolintConfig = {
      ...DEFAULT_HADOLINT_CONFIG,
      labelSchema: { a: 'url', b: 'spdx', c: 'semver', d: 'email', e: 'hash', f: 'rfc3339' },
      strictLabels: true,
    };
    for (const text of odd) {
      const doc = parseDockerfile(text);
      // Call the rules directly: the engine would swallow an exception.
      const context: HadolintContext = {
        doc,
        stages: stagesOf(doc.instructions),
        config: schema,
        script: (instruction) => {
          const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
          return run?.keyword === 'RUN' ? parseShell(run.argText) : undefined;
        },
      };
      for (const rule of hadolintRulesPart2) {
        assert.doesNotThrow(() => rule.check(context), `${rule.code} on ${JSON.stringify(text)}`);
      }
    }
  });
});

describe('hadolint zypper and dnf rules', () => {
  it('wants non-interactive zypper and a clean after install', () => {
    assert.deepEqual(lines('RUN zypper install httpd=2.4 && zypper clean\n', 'DL3034'), [0]);
    assert.deepEqual(lines('RUN zypper -n install httpd=2.4 && zypper clean\n', 'DL3034'), []);
    assert.deepEqual(lines('RUN zypper clean && zypper install -y mariadb=10.4\n', 'DL3036'), [0]);
    assert.deepEqual(lines('RUN zypper in -y a=1 && zypper cc\n', 'DL3036'), []);
    assert.deepEqual(
      lines('RUN --mount=type=cache,target=/var/cache/zypp zypper install -y a\n', 'DL3036'),
      [],
    );
    assert.deepEqual(lines('RUN zypper dup\n', 'DL3035'), [0]);
  });

  it('accepts zypper version operators and rpm files as pins', () => {
    assert.deepEqual(lines('RUN zypper install -y tomcat\\>=9.0 b-1.rpm\n', 'DL3037'), []);
    assert.deepEqual(lines('RUN zypper install -y tomcat\n', 'DL3037'), [0]);
  });

  it('checks dnf and microdnf separately for clean all', () => {
    assert.deepEqual(lines('RUN dnf install -y a-1 && microdnf clean all\n', 'DL3040'), [0]);
    assert.deepEqual(lines('RUN dnf install -y a-1 && rm -rf /var/cache/yum/*\n', 'DL3040'), []);
    assert.deepEqual(lines('RUN rm -rf /var/cache/libdnf5 && dnf install -y a-1\n', 'DL3040'), [0]);
    assert.deepEqual(lines('RUN dnf -y up-min\n', 'DL3040'), [0]);
    assert.deepEqual(lines('RUN --mount=type=tmpfs,target=/var/cache/libdnf5 dnf in -y a\n', 'DL3040'), []);
    assert.deepEqual(lines('RUN microdnf install a-1\n', 'DL3038'), [0]);
    assert.deepEqual(lines('RUN notdnf install a\n', 'DL3038'), []);
  });

  it('pins dnf packages by version, modules by stream, and resolves variables in scope', () => {
    assert.deepEqual(lines('RUN dnf install -y rpm-sign\n', 'DL3041'), [0]);
    assert.deepEqual(lines('RUN dnf install -y gcc-c++-1.1.1 openssl-1:1.1.1k\n', 'DL3041'), []);
    assert.deepEqual(lines('RUN dnf module install -y tomcat\n', 'DL3041'), [0]);
    assert.deepEqual(lines('RUN dnf module install -y tomcat:9\n', 'DL3041'), []);
    assert.deepEqual(lines('RUN dnf -y group install "Development Tools"\n', 'DL3041'), []);
    const inherited = 'FROM f AS build\nENV v=2.1-1\nFROM build\nRUN dnf -y install git-${v}\n';
    assert.deepEqual(lines(inherited, 'DL3041'), []);
    const fresh = 'FROM f AS build\nENV v=2.1-1\nFROM f\nRUN dnf -y install git-${v}\n';
    assert.deepEqual(lines(fresh, 'DL3041'), [3]);
  });
});

describe('hadolint language package manager rules', () => {
  it('follows PIP_NO_CACHE_DIR through ENV, the script and inherited stages', () => {
    assert.deepEqual(lines('RUN pip3 install six\n', 'DL3042'), [0]);
    assert.deepEqual(lines('RUN pip install --no-cache-dir six\n', 'DL3042'), []);
    assert.deepEqual(lines('RUN python3 -m pip install six\n', 'DL3042'), [0]);
    assert.deepEqual(lines('RUN pipx install six\n', 'DL3042'), []);
    assert.deepEqual(lines('ENV PIP_NO_CACHE_DIR=on\nRUN pip install six\n', 'DL3042'), []);
    assert.deepEqual(lines('ENV PIP_NO_CACHE_DIR=off\nRUN pip install six\n', 'DL3042'), [1]);
    assert.deepEqual(lines('RUN export PIP_NO_CACHE_DIR=1 && pip install six\n', 'DL3042'), []);
    const inherited = 'FROM d AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six\n';
    assert.deepEqual(lines(inherited, 'DL3042'), []);
    assert.deepEqual(lines(inherited.replace('FROM base', 'FROM d'), 'DL3042'), [3]);
  });

  it('reports yarn caches only where they reach an image', () => {
    assert.deepEqual(lines('RUN yarn install\n', 'DL3060'), [0]);
    assert.deepEqual(lines('RUN yarn cache clean && yarn install\n', 'DL3060'), [0]);
    assert.deepEqual(lines('RUN yarn install && yarn cache clean\n', 'DL3060'), []);
    assert.deepEqual(lines('FROM n AS foo\nRUN yarn install\nFROM scratch\nRUN hey\n', 'DL3060'), []);
    assert.deepEqual(lines('FROM n AS foo\nRUN yarn install\nFROM foo\nRUN hey\n', 'DL3060'), [1]);
    assert.deepEqual(lines('FROM n AS foo\nONBUILD RUN yarn install\nFROM scratch\n', 'DL3060'), [1]);
    assert.deepEqual(lines('RUN --mount=type=cache,target=/root/.cache/yarn yarn install\n', 'DL3060'), []);
  });

  it('wants pinned go module versions, local packages excepted', () => {
    assert.deepEqual(lines('RUN go install example.com/pkg@latest\n', 'DL3062'), [0]);
    assert.deepEqual(lines('RUN go get -tool foobar\n', 'DL3062'), [0]);
    assert.deepEqual(lines('RUN go install -tags netgo example.com/pkg@v1.0.0\n', 'DL3062'), []);
    assert.deepEqual(lines('RUN go run example.com/pkg@v1.2.3 --foo bar\n', 'DL3062'), []);
    assert.deepEqual(lines('RUN go run . && go run ./cmd/x && go run main.go\n', 'DL3062'), []);
  });
});

describe('hadolint label rules', () => {
  const schema = (labelSchema: HadolintConfig['labelSchema'], strictLabels = false) => ({
    labelSchema,
    strictLabels,
  });

  it('checks label keys', () => {
    assert.deepEqual(lines('LABEL com.docker.x="a" valid.key-1="b"\n', 'DL3048'), [0]);
    assert.equal(lint('LABEL a..b=1\n', 'DL3048')[0]?.range.start.character, 6);
    assert.deepEqual(lines('LABEL org.valid-key.label3="foo"\n', 'DL3048'), []);
    assert.deepEqual(lines('LABEL "quoted.key"="foo"\n', 'DL3048'), []);
  });

  it('requires schema labels per image, following inheritance and COPY --from', () => {
    const foo = schema({ foo: 'text' });
    assert.deepEqual(lines('FROM a\nFROM b\n', 'DL3049', foo), [0, 1]);
    assert.deepEqual(lines('FROM a AS base\nFROM base\nLABEL foo=1\n', 'DL3049', foo), []);
    assert.deepEqual(
      lines('FROM a AS base\nFROM b\nLABEL foo=1\nCOPY --from=base /a /b\n', 'DL3049', foo),
      [],
    );
    assert.equal(lint('FROM a\n', 'DL3049', foo)[0]?.message, 'Label `foo` is missing.');
    assert.deepEqual(lines('FROM a\n', 'DL3049'), []);
  });

  it('rejects labels outside a strict schema', () => {
    const strict = schema({ required: 'text' }, true);
    assert.deepEqual(lines('LABEL required="a" other="b"\n', 'DL3050', strict), [0]);
    assert.deepEqual(lines('LABEL other="b"\n', 'DL3050', schema({ required: 'text' })), []);
  });

  it('validates typed label values', () => {
    assert.deepEqual(lines('LABEL e=""\n', 'DL3051', schema({ e: 'text' })), [0]);
    assert.deepEqual(lines('LABEL u="not-url" v="x"\n', 'DL3052', schema({ u: 'url' })), [0]);
    assert.deepEqual(lines('LABEL d="2021-03-10"\n', 'DL3053', schema({ d: 'rfc3339' })), [0]);
    assert.deepEqual(lines('LABEL l="MIT OR Apache-2.0"\n', 'DL3054', schema({ l: 'spdx' })), []);
    assert.deepEqual(lines('LABEL h="2dbfae9"\n', 'DL3055', schema({ h: 'hash' })), []);
    assert.deepEqual(lines('LABEL v="1.0"\n', 'DL3056', schema({ v: 'semver' })), [0]);
    assert.deepEqual(lines('LABEL m="a@b.c"\n', 'DL3058', schema({ m: 'email' })), []);
  });

  it('knows the value formats', () => {
    assert.ok(isUrl('http://example.com') && isUrl('urn:isbn:0451450523') && !isUrl('not-url'));
    assert.ok(isRfc3339('2021-03-10T10:26:33.564595127+01:00') && isRfc3339('2021-03-10T10:26:33Z'));
    assert.ok(!isRfc3339('2021-13-10T10:26:33Z') && !isRfc3339('not-date'));
    assert.ok(isSpdxExpression('BSD-3-Clause') && isSpdxExpression('(MIT OR GPL-2.0+) AND LicenseRef-x'));
    assert.ok(isSpdxExpression('Apache-2.0 WITH LLVM-exception'));
    assert.ok(!isSpdxExpression('not-spdx') && !isSpdxExpression('MIT OR') && !isSpdxExpression(''));
    assert.ok(isGitHash('43c572f1272b6b3171dd1db9e41b7027128ce080') && !isGitHash('2dbfae'));
    assert.ok(isSemver('2.0.1-rc1') && isSemver('1.0.0+build.5') && !isSemver('01.0.0') && !isSemver('1.0'));
    assert.ok(isEmail('abcd@google.com') && !isEmail('not-email') && !isEmail('a@'));
  });
});

describe('hadolint stage and instruction rules', () => {
  it('reports instructions before the first FROM, ARG excepted', () => {
    assert.deepEqual(lines('ARG a=b\nLABEL foo=bar\nFROM foo\n', 'DL3061'), [1]);
    assert.deepEqual(lines('# syntax=docker/dockerfile:1\nFROM foo\nLABEL a=b\n', 'DL3061'), []);
  });

  it('reports ONBUILD of ONBUILD, FROM and MAINTAINER', () => {
    assert.deepEqual(lines('ONBUILD FROM debian\nONBUILD RUN a\n', 'DL3043'), [0]);
    assert.match(lint('ONBUILD MAINTAINER me\n', 'DL3043')[0]?.message ?? '', /MAINTAINER/);
  });

  it('tracks WORKDIR through stages for relative COPY destinations', () => {
    assert.deepEqual(lines('COPY a b\n', 'DL3045'), [0]);
    assert.deepEqual(lines('COPY a "/b"\nCOPY a c:\\b\nCOPY a $DEST\n', 'DL3045'), []);
    const chain = 'FROM d AS b1\nWORKDIR /usr\nFROM b1 AS b2\nRUN foo\nFROM b2\nCOPY foo bar\n';
    assert.deepEqual(lines(chain, 'DL3045'), []);
    assert.deepEqual(lines('FROM d AS s\nWORKDIR /usr\nFROM d\nCOPY foo bar\n', 'DL3045'), [3]);
    assert.deepEqual(lines('FROM d\nCOPY ["a", "b c"]\n', 'DL3045'), [1]);
    const variant = 'ARG V=alpine\nFROM golang AS base-alpine\nWORKDIR /src\nFROM base-${V}\nCOPY . .\n';
    assert.deepEqual(lines(variant, 'DL3045'), []);
    assert.deepEqual(lines('FROM base-${UNSET}\nCOPY . .\n', 'DL3045'), []);
  });

  it('reports copying a whole stage filesystem', () => {
    assert.deepEqual(lines('COPY --from=build "/" "/"\n', 'DL3067'), [0]);
    assert.deepEqual(lines('COPY / /\nCOPY --from=build / /app\n', 'DL3067'), []);
  });

  it('reports reserved stage names and a redundant platform', () => {
    assert.deepEqual(lines('FROM a AS scratch\nFROM b AS Context\nFROM c AS ok\n', 'DL3063'), [0, 1]);
    assert.deepEqual(
      lines('FROM --platform=${TARGETPLATFORM} a\nFROM --platform=$BUILDPLATFORM b\n', 'DL3065'),
      [0],
    );
  });

  it('reports repeated CMD and ENTRYPOINT per stage, and MAINTAINER', () => {
    assert.deepEqual(lines('FROM d\nCMD a\nCMD b\nFROM e\nCMD c\n', 'DL4003'), [2]);
    assert.deepEqual(lines('FROM d\nENTRYPOINT a\nRUN x\nENTRYPOINT b\n', 'DL4004'), [3]);
    assert.deepEqual(lines('MAINTAINER me\nFROM d\n', 'DL4000'), [0]);
  });

  it('wants a HEALTHCHECK in every image, inherited or declared', () => {
    assert.deepEqual(lines('FROM scratch\n', 'DL3057'), [0]);
    assert.deepEqual(lines('FROM s AS b1\nFROM b1 AS b2\nFROM b2\nHEALTHCHECK NONE\n', 'DL3057'), []);
    assert.deepEqual(lines('FROM s AS base\nHEALTHCHECK CMD x\nFROM s\n', 'DL3057'), [2]);
  });
});

describe('hadolint RUN script rules', () => {
  it('reports RUN rules once on ONBUILD RUN', () => {
    const findings = lint('FROM a\nONBUILD RUN wget x\n', 'DL3047');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]?.range.start, { line: 1, character: 0 });
  });

  it('checks useradd UIDs and wget output options', () => {
    assert.deepEqual(lines('RUN useradd -u 123456 luser\n', 'DL3046'), [0]);
    assert.deepEqual(lines('RUN useradd -l -u 123456 luser && useradd --uid=1234 x\n', 'DL3046'), []);
    assert.deepEqual(lines('RUN wget -nv a && wget -qO- b && wget -o log c\n', 'DL3047'), []);
    assert.deepEqual(lines('RUN wget -O - a\n', 'DL3047'), [0]);
  });

  it('reports consecutive single-command RUNs with the same flags', () => {
    assert.deepEqual(lines('RUN a\n# note\nRUN b\nRUN c\n', 'DL3059'), [2, 3]);
    assert.deepEqual(lines('RUN a && b\nRUN c\nWORKDIR /\nRUN d\n', 'DL3059'), []);
    assert.deepEqual(lines('RUN --mount=type=secret,id=a x\nRUN y\n', 'DL3059'), []);
  });

  it('reports wget and curl in one stage on each RUN that uses one of them', () => {
    const text = 'FROM n\nRUN wget a\nRUN curl b\nRUN echo\nRUN wget c\nFROM m\nRUN curl d\n';
    assert.deepEqual(lines(text, 'DL4001'), [2, 4]);
  });

  it('reports replacing /bin/sh with ln', () => {
    assert.deepEqual(lines('RUN ln -sfv /bin/bash /bin/sh\n', 'DL4005'), [0]);
    assert.deepEqual(lines('RUN ln -s a b && other /bin/sh\n', 'DL4005'), []);
  });

  it('wants pipefail before a pipe, per stage and per SHELL', () => {
    assert.deepEqual(lines('FROM s\nRUN a | b\n', 'DL4006'), [1]);
    assert.deepEqual(
      lines('FROM s\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN a | b\n', 'DL4006'),
      [],
    );
    assert.deepEqual(lines('FROM s\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\n', 'DL4006'), [2]);
    assert.deepEqual(lines('FROM s\nSHELL ["pwsh", "-c"]\nRUN a | b\n', 'DL4006'), []);
    // hadolint looks at SHELL only: `set -o pipefail` in the script is not enough.
    assert.deepEqual(lines('FROM s\nRUN set -o pipefail && a | b\n', 'DL4006'), [1]);
    const reset = 'FROM s\nSHELL ["/bin/zsh", "-o", "pipefail", "-c"]\nRUN a | b\nFROM t\nRUN a | b\n';
    assert.deepEqual(lines(reset, 'DL4006'), [4]);
  });
});

describe('hadolint variable and user rules', () => {
  it('reports a variable used in the ENV that defines it', () => {
    assert.deepEqual(lines('ENV A=1 B="$A/x"\n', 'DL3044'), [0]);
    assert.deepEqual(lines('ENV A=1 B="$AB/x"\n', 'DL3044'), []);
    assert.deepEqual(lines('ARG A\nENV A=1 B=${A}\n', 'DL3044'), []);
    assert.deepEqual(lines('ENV PATH=/a:$PATH\n', 'DL3044'), []);
  });

  it('reports names that look like secrets', () => {
    assert.deepEqual(lines('ARG GITHUB_TOKEN\nENV my_password=x\nENV harmless=1\n', 'DL3064'), [0, 1]);
    assert.ok(looksSensitive('openai_api_key') && !looksSensitive('foobar'));
  });

  it('reports non-numeric user ids unless a variable is used', () => {
    assert.deepEqual(lines('USER foo:bar\nUSER 1000:1000\nUSER ${UID}\n', 'DL3066'), [0]);
  });

  it('finds variable references by whole name', () => {
    assert.ok(referencesVariable('$BLA/x', 'BLA') && referencesVariable('${BLA}', 'BLA'));
    assert.ok(!referencesVariable('$BLAFOO', 'BLA') && !referencesVariable('BLA', 'BLA'));
  });
});

describe('hadolint part 2 helpers', () => {
  it('reads cache and tmpfs mount targets', () => {
    const [run] = parseDockerfile(
      'RUN --mount=type=cache,target=/a --mount=type=bind,target=/b --mount=type=tmpfs,dst=/c x\n',
    ).instructions;
    assert.ok(run);
    assert.deepEqual(cacheMountTargets(run), ['/a', '/c']);
  });

  it('removes quotes and expands known variables', () => {
    assert.equal(unquote('"a b"c\\"d'), 'a bc"d');
    assert.equal(stripQuotes('"c:\\x"'), 'c:\\x');
    assert.equal(imageName('registry:5000/a/b:1.0@sha256:x'), 'registry:5000/a/b');
    const vars = new Map<string, string | undefined>([
      ['v', '1.0'],
      ['u', undefined],
    ]);
    assert.deepEqual(expandKnown('a-${v}-$w', vars), { text: 'a-1.0-$w', unknown: false });
    assert.equal(expandKnown('a-$u', vars).unknown, true);
  });
});
