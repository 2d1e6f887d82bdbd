import * as assert from 'node:assert/strict';
import { DEFAULT_HADOLINT_CONFIG, type HadolintConfig } from '../../../src/server/rules/hadolint/config';
import { hadolintFindings } from '../../../src/server/rules/hadolint/engine';
import { dropQuotes, operands, runMounts } from '../../../src/server/rules/hadolint/p1Support';
import { hadolintRulesPart1 } from '../../../src/server/rules/hadolint/part1';
import { parseShell } from '../../../src/server/semantics/shell';
import { stagesOf } from '../../../src/server/semantics/stages';
import { parseDockerfile } from '../../../src/server/syntax/parser';

function lint(text: string, code: string, config: Partial<HadolintConfig> = {}) {
  const rule = hadolintRulesPart1.find((r) => r.code === code);
  assert.ok(rule, `no rule ${code}`);
  return hadolintFindings(parseDockerfile(text), [rule], {
    config: { ...DEFAULT_HADOLINT_CONFIG, ...config },
    includeDefaultOff: true,
  });
}

/** The underlined text of each finding (single-line ranges). */
function spans(text: string, code: string, config: Partial<HadolintConfig> = {}): string[] {
  const lines = text.split('\n');
  return lint(text, code, config).map((f) => {
    const { start, end } = f.range;
    if (start.line !== end.line) return `${start.line}..${end.line}`;
    return (lines[start.line] ?? '').slice(start.character, end.character);
  });
}

function count(text: string, code: string, config: Partial<HadolintConfig> = {}): number {
  return lint(text, code, config).length;
}

describe('hadolint rules, first half', () => {
  it('registers each code once with hadolint severities', () => {
    const codes = hadolintRulesPart1.map((r) => r.code);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(codes.length, 32);
    const severity = (code: string) => hadolintRulesPart1.find((r) => r.code === code)?.severity;
    assert.equal(severity('DL3000'), 'error');
    assert.equal(severity('DL3001'), 'info');
    assert.equal(severity('DL3008'), 'warning');
    assert.equal(severity('DL1001'), 'info');
  });

  it('leaves DL1001 to the engine as a default-off rule', () => {
    const doc = parseDockerfile('# hadolint ignore=DL3003\nRUN cd /x\n');
    const on = hadolintFindings(doc, hadolintRulesPart1, {});
    assert.equal(on.filter((f) => f.code === 'DL1001').length, 0);
    assert.deepEqual(spans('# hadolint ignore=DL3003\nRUN cd /x\n', 'DL1001'), ['# hadolint ignore=DL3003']);
    assert.equal(count('# hadolint global ignore=DL3003\nRUN cd /x\n', 'DL1001'), 0);
  });

  it('underlines the package that lacks a version', () => {
    assert.deepEqual(spans('RUN apt-get update && apt-get install -y curl=7 git\n', 'DL3008'), ['git']);
    assert.deepEqual(spans('RUN pip install flask==2 requests\n', 'DL3013'), ['requests']);
    assert.deepEqual(spans('RUN npm install express @scope/pkg@1\n', 'DL3016'), ['express']);
    assert.deepEqual(spans('RUN apk add --no-cache curl bash=5\n', 'DL3018'), ['curl']);
    assert.deepEqual(spans('RUN gem install rails:7 rake\n', 'DL3028'), ['rake']);
    assert.deepEqual(spans('RUN yum install -y tomcat httpd-2.4\n', 'DL3033'), ['tomcat']);
    const [finding] = lint('RUN apt-get install -y git\n', 'DL3008');
    assert.match(finding?.message ?? '', /`git`/);
  });

  it('maps words of a continued RUN to their own lines', () => {
    const text = 'RUN apt-get update \\\n && apt-get install -y \\\n   curl=1 \\\n   wget\n';
    const [finding] = lint(text, 'DL3008');
    assert.deepEqual(finding?.range, { start: { line: 3, character: 3 }, end: { line: 3, character: 7 } });
  });

  it('maps words of a heredoc script onto its body', () => {
    const text = 'FROM a:1\nRUN <<EOF\napt-get update\napt-get install -y git\nEOF\n';
    const [finding] = lint(text, 'DL3008');
    assert.deepEqual(finding?.range, { start: { line: 3, character: 19 }, end: { line: 3, character: 22 } });
    const chomped = 'FROM a:1\nRUN <<-EOF\n\tapt-get install -y git\n\tEOF\n';
    const [tabbed] = lint(chomped, 'DL3008');
    assert.deepEqual(tabbed?.range, { start: { line: 2, character: 20 }, end: { line: 2, character: 23 } });
  });

  it('fires once for an ONBUILD RUN and underlines inside the trigger', () => {
    assert.deepEqual(spans('FROM a:1\nONBUILD RUN sudo make\n', 'DL3004'), ['sudo make']);
    // hadolint fails an instruction once per rule, however many commands offend.
    assert.equal(count('FROM a:1\nONBUILD RUN sudo x && sudo y\n', 'DL3004'), 1);
  });

  it('names the command in DL3001', () => {
    const [finding] = lint('RUN ps aux | grep x\n', 'DL3001');
    assert.match(finding?.message ?? '', /`ps`/);
  });

  it('skips RUNs of a non-POSIX shell', () => {
    const text = 'FROM mcr.microsoft.com/windows:1\nSHELL ["powershell", "-Command"]\nRUN cd C:\\\n';
    assert.equal(count(text, 'DL3003'), 0);
  });

  it('reads commands inside command substitutions', () => {
    assert.equal(count('RUN echo "$(sudo id)"\n', 'DL3004'), 1);
  });

  it('DL3009: lists matter in the last stage and in stages built on later', () => {
    const text = [
      'FROM debian:12 AS base',
      'RUN apt-get update && apt-get install -y curl=1',
      'FROM debian:12 AS unused',
      'RUN apt-get update',
      'FROM base',
      'RUN apt-get update',
      '',
    ].join('\n');
    assert.deepEqual(
      lint(text, 'DL3009').map((f) => f.range.start.line),
      [1, 5],
    );
    assert.equal(count('FROM a:1\nRUN apt-get update && rm -rf /var/lib/apt/lists/\n', 'DL3009'), 0);
    assert.equal(
      count('FROM a:1\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n', 'DL3009'),
      0,
    );
  });

  it('DL3014: -qq implies yes, -q alone does not', () => {
    assert.equal(count('RUN apt-get install -q x=1\n', 'DL3014'), 1);
    assert.equal(count('RUN apt-get -qq install x=1\n', 'DL3014'), 0);
    assert.equal(count('RUN apt-get --quiet=2 install x=1\n', 'DL3014'), 0);
    assert.equal(count('RUN apt-get --assume-yes install x=1\n', 'DL3014'), 0);
  });

  it('DL3013: reads python -m pip, pipx, and skips requirement files', () => {
    assert.equal(count('RUN python3 -m pip install requests\n', 'DL3013'), 1);
    assert.equal(count('RUN pip install -r req.txt requests\n', 'DL3013'), 0);
    assert.equal(count('RUN pip install --requirement=req.txt\n', 'DL3013'), 0);
    assert.equal(count('RUN pip install -e git+https://x/y.git#egg=y\n', 'DL3013'), 0);
    assert.equal(count('RUN pip install --index-url=https://x requests\n', 'DL3013'), 1);
    assert.equal(count('RUN pipenv install requests\n', 'DL3013'), 0);
    assert.equal(count('RUN pip download requests\n', 'DL3013'), 0);
  });

  it('DL3016: only `npm install` as the subcommand', () => {
    assert.equal(count('RUN npm ci\n', 'DL3016'), 0);
    assert.equal(count('RUN npm --prefix /app install lodash\n', 'DL3016'), 1);
    assert.equal(count('RUN npm install @scope/pkg\n', 'DL3016'), 1);
  });

  it('DL3019: apk add needs --no-cache or a cache mount on /var/cache/apk', () => {
    assert.equal(count('RUN apk add x=1\n', 'DL3019'), 1);
    assert.equal(count('RUN apk --no-cache add x=1\n', 'DL3019'), 0);
    assert.equal(count('RUN --mount=type=cache,dst=/var/cache/apk apk add x=1\n', 'DL3019'), 0);
  });

  it('DL3028: flags that take values and build options after -- are not gems', () => {
    assert.equal(count('RUN gem install --no-document -i /opt rails:7\n', 'DL3028'), 0);
    assert.equal(count('RUN gem install nokogiri -- --use-system-libraries\n', 'DL3028'), 1);
    assert.equal(count('RUN gem list rails\n', 'DL3028'), 0);
  });

  it('DL3032: the clean must come after the last install', () => {
    assert.equal(count('RUN yum install -y a-1 && yum clean all && yum install -y b-1\n', 'DL3032'), 1);
    assert.equal(count('RUN yum install -y a-1 && rm -rf /var/cache/yum\n', 'DL3032'), 0);
  });

  it('DL3033: versions from variables the RUN can see', () => {
    const inherited = 'FROM f:1 AS a\nENV V=1.2\nFROM a\nRUN yum install -y pkg-$V\n';
    assert.equal(count(inherited, 'DL3033'), 0);
    const unrelated = 'FROM f:1 AS a\nENV V=1.2\nFROM f:1\nRUN yum install -y pkg-$V\n';
    assert.equal(count(unrelated, 'DL3033'), 1);
    assert.equal(count('FROM f:1\nARG V\nRUN yum install -y "pkg-${V:-1}"\n', 'DL3033'), 1);
    assert.equal(count('FROM f:1\nRUN yum install -y ./local.rpm python3-devel\n', 'DL3033'), 1);
    assert.equal(count('FROM f:1\nRUN yum module install -y nodejs:18\n', 'DL3033'), 0);
  });

  it('DL3000: absolute paths, variables and drive letters', () => {
    assert.equal(count('WORKDIR app\n', 'DL3000'), 1);
    assert.equal(count('WORKDIR /app\n', 'DL3000'), 0);
    assert.equal(count('WORKDIR $HOME/app\n', 'DL3000'), 0);
    assert.equal(count('WORKDIR d:\\app\n', 'DL3000'), 0);
    assert.equal(count('WORKDIR\n', 'DL3000'), 0);
  });

  it('DL3002: only the last USER of each stage counts', () => {
    const text = 'FROM a:1\nUSER root\nUSER app\nFROM b:1\nUSER 0:0\n';
    assert.deepEqual(
      lint(text, 'DL3002').map((f) => f.range.start.line),
      [4],
    );
  });

  it('DL3006 and DL3007 underline the image', () => {
    assert.deepEqual(spans('FROM --platform=$BUILDPLATFORM node AS build\n', 'DL3006'), ['node']);
    assert.deepEqual(spans('FROM node:latest\n', 'DL3007'), ['node:latest']);
    assert.equal(count('FROM localhost:5000/app\n', 'DL3006'), 1);
    assert.equal(count('FROM localhost:5000/app:1\n', 'DL3006'), 0);
    assert.equal(count('FROM a:1 AS Build\nFROM build\n', 'DL3006'), 0);
  });

  it('DL3010: extracted archives, per stage, options with a dash only', () => {
    assert.equal(count('FROM a:1\nCOPY app.tgz /tmp/\nRUN tar xzf /tmp/app.tgz\n', 'DL3010'), 0);
    assert.equal(count('FROM a:1\nCOPY app.tgz /tmp/\nFROM b:1\nRUN tar -xzf /tmp/app.tgz\n', 'DL3010'), 0);
    assert.equal(count('FROM a:1\nCOPY app.tgz /tmp/\nRUN tar -czf /tmp/app.tgz /src\n', 'DL3010'), 0);
    assert.equal(count('FROM a:1\nCOPY ["app.tar", "/tmp/"]\nRUN tar -xf /tmp/app.tar\n', 'DL3010'), 1);
  });

  it('DL3011: each port word, literal ends of ranges with variables', () => {
    assert.deepEqual(spans('EXPOSE 80 70000/udp 1-2\n', 'DL3011'), ['70000/udp']);
    assert.equal(count('EXPOSE ${LOW}-70000\n', 'DL3011'), 1);
  });

  it('DL3012 fires on every extra HEALTHCHECK', () => {
    const text = 'FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD x\nHEALTHCHECK CMD y\n';
    assert.equal(count(text, 'DL3012'), 2);
  });

  it('DL3020 and DL3021 read the exec form', () => {
    assert.equal(count('ADD ["a.txt", "/x/"]\n', 'DL3020'), 1);
    assert.equal(count('ADD ["a.tar.xz", "https://x/y", "/x/"]\n', 'DL3020'), 0);
    assert.equal(count('COPY ["a", "b", "/x"]\n', 'DL3021'), 1);
    assert.deepEqual(spans('COPY a b c\n', 'DL3021'), ['c']);
  });

  it('DL3022 and DL3023 on stage names and indexes', () => {
    assert.equal(count('FROM a:1 AS one\nFROM b:1\nCOPY --from=ONE /x /y\n', 'DL3022'), 0);
    assert.equal(count('FROM a:1\nCOPY --from=0 /x /y\n', 'DL3022'), 1);
    assert.equal(count('FROM a:1\nCOPY --from=$STAGE /x /y\n', 'DL3022'), 0);
    assert.equal(count('FROM a:1 AS me\nCOPY --from=Me /x /y\n', 'DL3023'), 1);
    assert.equal(count('FROM a:1 AS me\nCOPY --from=me /x /y\n', 'DL3022'), 0);
  });

  it('DL3024 underlines the repeated name', () => {
    assert.deepEqual(spans('FROM a:1 AS x\nFROM b:1 AS x\n', 'DL3024'), ['x']);
  });

  it('DL3025 on shell-form CMD, ENTRYPOINT and HEALTHCHECK CMD', () => {
    assert.equal(count('CMD echo hi\nENTRYPOINT ["x"]\nHEALTHCHECK --interval=5s CMD curl x\n', 'DL3025'), 2);
    assert.equal(count('HEALTHCHECK NONE\nCMD ["a"]\n', 'DL3025'), 0);
  });

  it('DL3026: trusted registries, wildcards and image sources of COPY and RUN', () => {
    const trusted = (list: string[]) => ({ trustedRegistries: list });
    assert.equal(count('FROM docker.io/library/debian:12\n', 'DL3026', trusted(['docker.io'])), 0);
    assert.equal(count('FROM a.example.com/x:1\n', 'DL3026', trusted(['*.example.com'])), 0);
    assert.equal(count('FROM example.com/x:1\n', 'DL3026', trusted(['*.example.com'])), 1);
    assert.equal(count('FROM $BASE\n', 'DL3026', trusted(['example.com'])), 0);
    const copy =
      'FROM example.com/x:1 AS b\nCOPY --from=b /a /b\nCOPY --from=0 /a /b\nCOPY --from=alpine:3 /a /b\n';
    assert.deepEqual(spans(copy, 'DL3026', trusted(['example.com'])), ['--from=alpine:3']);
    assert.match(lint(copy, 'DL3026', trusted(['example.com']))[0]?.message ?? '', /docker\.io/);
  });

  it('DL3029 allows BuildKit platform variables only', () => {
    assert.equal(count('FROM --platform=linux/amd64 a:1\n', 'DL3029'), 1);
    assert.equal(count('FROM --platform=$TARGETOS/$TARGETARCH a:1\n', 'DL3029'), 0);
    assert.equal(count('FROM --platform=$MYPLATFORM a:1\n', 'DL3029'), 1);
  });

  it('DL3027 and DL3030', () => {
    assert.equal(count('RUN apt install -y x\n', 'DL3027'), 1);
    assert.equal(count('RUN apt-get install -y x\n', 'DL3027'), 0);
    assert.equal(count('RUN yum --assumeyes install x-1\n', 'DL3030'), 0);
    assert.equal(count('RUN yum install x-1\n', 'DL3030'), 1);
  });

  it('support: operands, mounts and quotes', () => {
    const [cmd] = parseShell('apt-get install -t stable --target-release=x -yq a b').commands;
    assert.ok(cmd);
    assert.deepEqual(
      operands(cmd, ['t', 'target-release']).map((w) => w.value),
      ['install', 'a', 'b'],
    );
    const [run] = parseDockerfile(
      'RUN --mount=type=cache,target=/c,from=img:1 --mount=src=x,dst=/y echo\n',
    ).instructions;
    assert.ok(run);
    assert.deepEqual(
      runMounts(run).map((m) => [m.type, m.target, m.from]),
      [
        ['cache', '/c', 'img:1'],
        ['bind', '/y', undefined],
      ],
    );
    assert.equal(dropQuotes('"/x"'), '/x');
    assert.equal(dropQuotes("'"), '');
  });

  it('never throws on odd input', () => {
    const samples = [
      'RUN',
      'FROM',
      'FROM --platform= :',
      'COPY --from=',
      'RUN --mount=type=cache,target= apt-get update',
      'ONBUILD',
      'ONBUILD RUN',
      'EXPOSE -/tcp 99999999999999999999',
      'WORKDIR "',
      'RUN $(( echo `sudo',
      'RUN yum install -y ${',
      'FROM a AS\nFROM a AS a AS b',
      'USER',
      'HEALTHCHECK CMD',
    ];
    for (const sample of samples) {
      const doc = parseDockerfile(sample + '\n');
      for (const rule of hadolintRulesPart1) {
        assert.doesNotThrow(
          () =>
            rule.check({
              doc,
              stages: stagesOf(doc.instructions),
              config: { ...DEFAULT_HADOLINT_CONFIG, trustedRegistries: ['x.com'] },
              script: (instruction) => {
                const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
                return run?.keyword === 'RUN' ? parseShell(run.argText) : undefined;
              },
            }),
          `${rule.code} on ${JSON.stringify(sample)}`,
        );
      }
      assert.doesNotThrow(() => hadolintFindings(doc, hadolintRulesPart1, { includeDefaultOff: true }));
    }
  });
});
