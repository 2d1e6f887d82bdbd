import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { ImageDetails } from '../../../src/shared/imageDetails';
import { codeActions, FIXABLE_CODES, imagesToAsk } from '../../../src/server/features/codeActions';
import { diagnose } from '../../../src/server/rules/diagnose';
import type { Finding } from '../../../src/server/rules/finding';
import type { Range } from '../../../src/server/syntax/ast';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const EOLS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const;

const URI = 'file:///w/Dockerfile';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function toDiagnostic(finding: Finding): Diagnostic {
  return { range: finding.range, code: finding.code, message: finding.message, source: 'dockwright' };
}

/** Applies edits (non-overlapping) to a text whose lines end with `eol`. */
function applyEdits(text: string, edits: readonly TextEdit[], eol: string): string {
  const lines = text.split(eol);
  const offsetOf = (line: number, character: number): number => {
    let offset = 0;
    for (let i = 0; i < line; i++) offset += (lines[i] ?? '').length + eol.length;
    return offset + character;
  };
  const sorted = [...edits].sort(
    (a, b) =>
      offsetOf(b.range.start.line, b.range.start.character) -
      offsetOf(a.range.start.line, a.range.start.character),
  );
  let out = text;
  for (const edit of sorted) {
    const start = offsetOf(edit.range.start.line, edit.range.start.character);
    const end = offsetOf(edit.range.end.line, edit.range.end.character);
    out = out.slice(0, start) + edit.newText + out.slice(end);
  }
  return out;
}

function editsOf(action: CodeAction): TextEdit[] {
  return action.edit?.changes?.[URI] ?? [];
}

function findingsOf(text: string): Finding[] {
  return diagnose(parseDockerfile(text)).findings;
}

/**
 * The actions for the first finding with `code`, asked for as an editor does: with every
 * diagnostic on the lines of that finding.
 */
function actionsFor(text: string, code: string): { actions: CodeAction[]; findings: Finding[] } {
  const doc = parseDockerfile(text);
  const all = diagnose(doc).findings;
  const first = all.find((finding) => finding.code === code);
  assert.ok(first, `${code} is reported on:\n${text}`);
  const findings = all.filter(
    (finding) =>
      finding.range.start.line <= first.range.end.line && finding.range.end.line >= first.range.start.line,
  );
  const actions = codeActions(doc, { uri: URI, range: first.range, diagnostics: findings.map(toDiagnostic) });
  return { actions, findings: [first] };
}

const isIgnore = (action: CodeAction): boolean => /^(Ignore|Skip the check) /.test(action.title);

describe('code actions', () => {
  for (const [name, eol] of EOLS) {
    describe(`with ${name} line endings`, () => {
      const text = (lines: readonly string[]): string => lines.join(eol) + eol;

      /** Applies the quick fix for `code`, checks the result, and re-diagnoses it without that code. */
      const fix = (
        lines: readonly string[],
        code: string,
        expected: readonly string[],
        also: string[] = [],
      ): CodeAction => {
        const source = text(lines);
        const { actions, findings } = actionsFor(source, code);
        const action = actions.find(
          (candidate) => !isIgnore(candidate) && candidate.diagnostics?.some((d) => d.code === code) === true,
        );
        assert.ok(action, `a quick fix for ${code}; got ${actions.map((a) => a.title).join(' | ')}`);
        assert.equal(action.kind, 'quickfix');
        assert.equal(action.command, undefined);
        assert.ok(
          action.diagnostics?.some((d) => JSON.stringify(d) === JSON.stringify(toDiagnostic(findings[0]))),
        );
        const fixed = applyEdits(source, editsOf(action), eol);
        assert.equal(fixed, text(expected));
        const left = findingsOf(fixed).filter(
          (finding) => finding.code === code || also.includes(finding.code),
        );
        assert.deepEqual(left, [], `${code} is gone after the fix`);
        return action;
      };

      const noFix = (lines: readonly string[], code: string): void => {
        const { actions } = actionsFor(text(lines), code);
        assert.deepEqual(
          actions
            .filter((action) => !isIgnore(action) && action.diagnostics?.some((d) => d.code === code))
            .map((action) => action.title),
          [],
        );
      };

      it('matches AS to the case of FROM', () => {
        const action = fix(['FROM alpine:3.20 as build'], 'FromAsCasing', ['FROM alpine:3.20 AS build']);
        assert.equal(action.isPreferred, true);
        fix(
          ['from alpine:3.20 AS build'],
          'FromAsCasing',
          ['from alpine:3.20 as build'],
          ['ConsistentInstructionCasing'],
        );
      });

      it('writes an instruction keyword in the case most of the file uses', () => {
        fix(['FROM alpine:3.20', 'RUN true', 'run false'], 'ConsistentInstructionCasing', [
          'FROM alpine:3.20',
          'RUN true',
          'RUN false',
        ]);
        fix(['from alpine:3.20', 'run true', 'Copy a /a'], 'ConsistentInstructionCasing', [
          'from alpine:3.20',
          'run true',
          'copy a /a',
        ]);
      });

      it('lowercases a stage name and every later use of it', () => {
        fix(
          [
            'FROM alpine:3.20 AS Build',
            'RUN true',
            'FROM Build',
            'COPY --from=Build /a /b',
            'RUN --mount=type=bind,from=BUILD,target=/x true',
          ],
          'StageNameCasing',
          [
            'FROM alpine:3.20 AS build',
            'RUN true',
            'FROM build',
            'COPY --from=build /a /b',
            'RUN --mount=type=bind,from=build,target=/x true',
          ],
        );
      });

      it('turns legacy key value pairs into key=value, quoting spaces', () => {
        fix(['FROM alpine:3.20', 'ENV PATH /opt/bin:$PATH'], 'LegacyKeyValueFormat', [
          'FROM alpine:3.20',
          'ENV PATH=/opt/bin:$PATH',
        ]);
        fix(['FROM alpine:3.20', 'ENV GREETING hello big  world'], 'LegacyKeyValueFormat', [
          'FROM alpine:3.20',
          'ENV GREETING="hello big  world"',
        ]);
        fix(['FROM alpine:3.20', 'LABEL version "1.0"'], 'LegacyKeyValueFormat', [
          'FROM alpine:3.20',
          'LABEL version="1.0"',
        ]);
        noFix(['FROM alpine:3.20', 'ENV A "x y" z'], 'LegacyKeyValueFormat');
        noFix(['FROM alpine:3.20', "ENV A it's here"], 'LegacyKeyValueFormat');
      });

      it('rewrites shell-form CMD and ENTRYPOINT as JSON when the words are plain', () => {
        const action = fix(
          ['FROM alpine:3.20', 'CMD node server.js --port=80'],
          'JSONArgsRecommended',
          ['FROM alpine:3.20', 'CMD ["node", "server.js", "--port=80"]'],
          ['DL3025'],
        );
        // The hadolint twin of the check shares the action.
        assert.deepEqual(
          action.diagnostics?.map((d) => d.code),
          ['JSONArgsRecommended', 'DL3025'],
        );
        fix(
          ['FROM alpine:3.20', 'ENTRYPOINT "/usr/bin/my app" \'--x=a b\''],
          'DL3025',
          ['FROM alpine:3.20', 'ENTRYPOINT ["/usr/bin/my app", "--x=a b"]'],
          ['JSONArgsRecommended'],
        );
        fix(['FROM alpine:3.20', 'CMD node \\', '  server.js'], 'JSONArgsRecommended', [
          'FROM alpine:3.20',
          'CMD ["node", "server.js"]',
        ]);
        for (const command of ['echo $HOME', 'a && b', 'ls *.txt', 'echo "a$b"', 'echo a\\ b']) {
          noFix(['FROM alpine:3.20', `CMD ${command}`], 'JSONArgsRecommended');
        }
      });

      it('rewrites HEALTHCHECK CMD in exec form for DL3025', () => {
        fix(['FROM alpine:3.20', 'HEALTHCHECK --interval=5s CMD wget -q http://localhost/'], 'DL3025', [
          'FROM alpine:3.20',
          'HEALTHCHECK --interval=5s CMD ["wget", "-q", "http://localhost/"]',
        ]);
      });

      it('replaces MAINTAINER with the OCI authors label', () => {
        fix(
          ['FROM alpine:3.20', 'MAINTAINER Jane Doe <jane@example.com>'],
          'MaintainerDeprecated',
          ['FROM alpine:3.20', 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"'],
          ['DL4000'],
        );
        fix(
          ['from alpine:3.20', 'maintainer "J" $x'],
          'DL4000',
          ['from alpine:3.20', 'label org.opencontainers.image.authors="\\"J\\" \\$x"'],
          ['MaintainerDeprecated'],
        );
      });

      it('makes a relative WORKDIR absolute only when the directory before it is known', () => {
        fix(['FROM alpine:3.20', 'WORKDIR /srv', 'WORKDIR app'], 'DL3000', [
          'FROM alpine:3.20',
          'WORKDIR /srv',
          'WORKDIR /srv/app',
        ]);
        fix(
          ['FROM scratch', 'WORKDIR app'],
          'WorkdirRelativePath',
          ['FROM scratch', 'WORKDIR /app'],
          ['DL3000'],
        );
        fix(['FROM alpine:3.20 AS base', 'WORKDIR /opt', 'FROM base', 'WORKDIR "my dir"'], 'DL3000', [
          'FROM alpine:3.20 AS base',
          'WORKDIR /opt',
          'FROM base',
          'WORKDIR "/opt/my dir"',
        ]);
        noFix(['FROM alpine:3.20', 'WORKDIR app'], 'WorkdirRelativePath');
        noFix(['FROM alpine:3.20', 'WORKDIR app'], 'DL3000');
      });

      it('replaces an unknown instruction or flag with the suggested one', () => {
        fix(['FROM alpine:3.20', 'RUNN true'], 'DW001', ['FROM alpine:3.20', 'RUN true']);
        fix(
          ['from alpine:3.20', 'copyy a /a'],
          'DW001',
          ['from alpine:3.20', 'copy a /a'],
          ['ConsistentInstructionCasing'],
        );
        fix(['FROM alpine:3.20', 'RUN --mont=type=cache,target=/c true'], 'DW020', [
          'FROM alpine:3.20',
          'RUN --mount=type=cache,target=/c true',
        ]);
        fix(['FROM alpine:3.20', 'COPY --chmwn=1 a /a'], 'DW020', [
          'FROM alpine:3.20',
          'COPY --chown=1 a /a',
        ]);
        fix(['FROM alpine:3.20', 'RUN --mount=type=cahce,target=/c true'], 'DW024', [
          'FROM alpine:3.20',
          'RUN --mount=type=cache,target=/c true',
        ]);
        fix(['FROM alpine:3.20', 'RUN --mount=type=cache,taget=/c true'], 'DW024', [
          'FROM alpine:3.20',
          'RUN --mount=type=cache,target=/c true',
        ]);
        fix(['FROM alpine:3.20', 'RUN --mount=type=cache,target=/c,sharing=lockd true'], 'DW024', [
          'FROM alpine:3.20',
          'RUN --mount=type=cache,target=/c,sharing=locked true',
        ]);
        noFix(['FROM alpine:3.20', 'RUN --mount=type=secret,from=x true'], 'DW024');
        fix(['FROM scratch', 'ENV APP_HOME=/srv', 'WORKDIR ${APP_HOM}/x/$APP_HOM'], 'UndefinedVar', [
          'FROM scratch',
          'ENV APP_HOME=/srv',
          'WORKDIR ${APP_HOME}/x/$APP_HOME',
        ]);
        fix(['FROM scratch', 'ARG VERSION=1', 'COPY a-${VERSIN:-2} /b'], 'UndefinedVar', [
          'FROM scratch',
          'ARG VERSION=1',
          'COPY a-${VERSION:-2} /b',
        ]);
        noFix(['FROM scratch', 'LABEL x=$UNKNOWNVAR'], 'UndefinedVar');
        noFix(['FROM alpine:3.20', 'XYZZYQ true'], 'DW001');
        noFix(['FROM alpine:3.20', 'RUN --qqqqqq true'], 'DW020');
      });

      it('uses COPY for local files, keeping ADD for archives and remote sources', () => {
        fix(['FROM alpine:3.20', 'ADD --chown=1 app.py lib/ /app/'], 'DL3020', [
          'FROM alpine:3.20',
          'COPY --chown=1 app.py lib/ /app/',
        ]);
        noFix(['FROM alpine:3.20', 'ADD app.py https://example.com/x.txt /app/'], 'DL3020');
        noFix(['FROM alpine:3.20', 'ADD app.tar.gz notes.txt /app/'], 'DL3020');
      });

      it('adds a trailing slash to the destination of a COPY with several sources', () => {
        fix(['FROM alpine:3.20', 'COPY a b /dest'], 'DL3021', ['FROM alpine:3.20', 'COPY a b /dest/']);
        fix(['FROM alpine:3.20', 'COPY a b "/my dest"'], 'DL3021', [
          'FROM alpine:3.20',
          'COPY a b "/my dest/"',
        ]);
      });

      it('lowercases EXPOSE protocols and drops a redundant --platform', () => {
        fix(['FROM alpine:3.20', 'EXPOSE 80/TCP 53/udp'], 'ExposeProtoCasing', [
          'FROM alpine:3.20',
          'EXPOSE 80/tcp 53/udp',
        ]);
        fix(
          ['FROM --platform=$TARGETPLATFORM alpine:3.20'],
          'RedundantTargetPlatform',
          ['FROM alpine:3.20'],
          ['DL3065'],
        );
        fix(['FROM --platform=${TARGETPLATFORM} alpine:3.20'], 'DL3065', ['FROM alpine:3.20']);
      });

      it('removes empty continuation lines', () => {
        fix(['FROM alpine:3.20', 'RUN echo a \\', '', '  b \\', '', '  c'], 'NoEmptyContinuation', [
          'FROM alpine:3.20',
          'RUN echo a \\',
          '  b \\',
          '  c',
        ]);
      });

      it('fixes package manager commands inside RUN', () => {
        fix(['FROM debian:12', 'RUN apt install -y curl=8.0'], 'DL3027', [
          'FROM debian:12',
          'RUN apt-get install -y curl=8.0',
        ]);
        fix(['FROM debian:12', 'RUN DEBIAN_FRONTEND=noninteractive apt search curl'], 'DL3027', [
          'FROM debian:12',
          'RUN DEBIAN_FRONTEND=noninteractive apt-cache search curl',
        ]);
        noFix(['FROM debian:12', 'RUN apt list'], 'DL3027');
        fix(
          [
            'FROM debian:12',
            'RUN apt-get update && apt-get install --no-install-recommends \\',
            '  curl=8.0',
          ],
          'DL3014',
          [
            'FROM debian:12',
            'RUN apt-get update && apt-get install -y --no-install-recommends \\',
            '  curl=8.0',
          ],
        );
        fix(['FROM debian:12', 'RUN apt-get install -y curl=8.0'], 'DL3015', [
          'FROM debian:12',
          'RUN apt-get install --no-install-recommends -y curl=8.0',
        ]);
        fix(['FROM centos:7', 'RUN yum install httpd-2.4 && yum clean all'], 'DL3030', [
          'FROM centos:7',
          'RUN yum install -y httpd-2.4 && yum clean all',
        ]);
        fix(['FROM fedora:40', 'RUN dnf install httpd-2.4 && dnf clean all'], 'DL3038', [
          'FROM fedora:40',
          'RUN dnf install -y httpd-2.4 && dnf clean all',
        ]);
        fix(['FROM opensuse/leap:15', 'RUN zypper install httpd=2.4 && zypper clean'], 'DL3034', [
          'FROM opensuse/leap:15',
          'RUN zypper -n install httpd=2.4 && zypper clean',
        ]);
        fix(['FROM python:3.12', 'RUN pip install flask==3.0 && python -m pip install x==1'], 'DL3042', [
          'FROM python:3.12',
          'RUN pip install --no-cache-dir flask==3.0 && python -m pip install --no-cache-dir x==1',
        ]);
        fix(['FROM python:3.12', 'ONBUILD RUN pip install flask==3.0'], 'DL3042', [
          'FROM python:3.12',
          'ONBUILD RUN pip install --no-cache-dir flask==3.0',
        ]);
      });

      it("adds pipefail to the stage's bash SHELL, and only there", () => {
        fix(['FROM debian:12', 'SHELL ["/bin/bash", "-c"]', 'RUN curl -fsSL https://x | tar -x'], 'DL4006', [
          'FROM debian:12',
          'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
          'RUN curl -fsSL https://x | tar -x',
        ]);
        noFix(['FROM debian:12', 'RUN curl -fsSL https://x | tar -x'], 'DL4006');
        noFix(['FROM debian:12', 'SHELL ["/bin/sh", "-c"]', 'RUN curl -fsSL https://x | tar -x'], 'DL4006');
      });

      it('covers every code that has a fix in the tests above', () => {
        assert.deepEqual([...FIXABLE_CODES].sort(), [
          'ConsistentInstructionCasing',
          'DL3000',
          'DL3014',
          'DL3015',
          'DL3020',
          'DL3021',
          'DL3025',
          'DL3027',
          'DL3030',
          'DL3034',
          'DL3038',
          'DL3042',
          'DL3065',
          'DL4000',
          'DL4006',
          'DW001',
          'DW020',
          'DW024',
          'ExposeProtoCasing',
          'FromAsCasing',
          'JSONArgsRecommended',
          'LegacyKeyValueFormat',
          'MaintainerDeprecated',
          'NoEmptyContinuation',
          'RedundantTargetPlatform',
          'StageNameCasing',
          'UndefinedVar',
          'WorkdirRelativePath',
        ]);
      });

      /** Applies the "ignore" action for `code` and re-diagnoses without it. */
      const ignore = (
        lines: readonly string[],
        code: string,
        expected: readonly string[],
        diagnostic?: Diagnostic,
      ): void => {
        const source = text(lines);
        const doc = parseDockerfile(source);
        const diagnostics =
          diagnostic !== undefined
            ? [diagnostic]
            : diagnose(doc)
                .findings.filter((f) => f.code === code)
                .map(toDiagnostic);
        assert.ok(diagnostics.length > 0, `${code} is reported`);
        const range = diagnostics[0].range;
        const action = codeActions(doc, { uri: URI, range, diagnostics }).find(isIgnore);
        assert.ok(action, `an ignore action for ${code}`);
        assert.equal(action.kind, 'quickfix');
        assert.equal(action.isPreferred, undefined);
        const fixed = applyEdits(source, editsOf(action), eol);
        assert.equal(fixed, text(expected));
        if (diagnostic === undefined) {
          assert.deepEqual(
            findingsOf(fixed).filter((f) => f.code === code),
            [],
          );
        }
      };

      it('ignores a hadolint rule for one instruction with a pragma above it', () => {
        ignore(['FROM debian:12', 'RUN apt-get install -y --no-install-recommends curl'], 'DL3008', [
          'FROM debian:12',
          '# hadolint ignore=DL3008',
          'RUN apt-get install -y --no-install-recommends curl',
        ]);
        ignore(['FROM debian:12', '# hadolint ignore=DL3015', 'RUN apt-get install -y curl'], 'DL3008', [
          'FROM debian:12',
          '# hadolint ignore=DL3015,DL3008',
          'RUN apt-get install -y curl',
        ]);
        ignore(
          ['FROM debian:12', '# hadolint ignore=DL3015  # noisy', 'RUN apt-get install -y curl'],
          'DL3008',
          ['FROM debian:12', '# hadolint ignore=DL3015,DL3008  # noisy', 'RUN apt-get install -y curl'],
        );
        ignore(['FROM debian:12', '  RUN cd /x'], 'DL3003', [
          'FROM debian:12',
          '  # hadolint ignore=DL3003',
          '  RUN cd /x',
        ]);
      });

      it('ignores a ShellCheck code on the RUN that holds it, heredoc bodies included', () => {
        const at: Range = { start: { line: 3, character: 5 }, end: { line: 3, character: 7 } };
        ignore(
          ['FROM alpine:3.20', 'RUN <<EOF', 'set -e', 'echo $1', 'EOF'],
          'SC2086',
          ['FROM alpine:3.20', '# hadolint ignore=SC2086', 'RUN <<EOF', 'set -e', 'echo $1', 'EOF'],
          { range: at, code: 'SC2086', message: 'Double quote to prevent globbing', source: 'dockwright' },
        );
      });

      it('skips a BuildKit check through the check directive', () => {
        ignore(['FROM alpine:3.20', 'CMD run me'], 'JSONArgsRecommended', [
          '# check=skip=JSONArgsRecommended',
          'FROM alpine:3.20',
          'CMD run me',
        ]);
        ignore(
          ['# syntax=docker/dockerfile:1', '# escape=\\', 'FROM alpine:3.20', 'CMD run me'],
          'JSONArgsRecommended',
          [
            '# syntax=docker/dockerfile:1',
            '# escape=\\',
            '# check=skip=JSONArgsRecommended',
            'FROM alpine:3.20',
            'CMD run me',
          ],
        );
        ignore(['# check=error=true', 'FROM alpine:3.20', 'CMD run me'], 'JSONArgsRecommended', [
          '# check=error=true;skip=JSONArgsRecommended',
          'FROM alpine:3.20',
          'CMD run me',
        ]);
        ignore(
          ['# check=skip=StageNameCasing ; error=false', 'FROM alpine:3.20', 'CMD run me'],
          'JSONArgsRecommended',
          [
            '# check=skip=StageNameCasing,JSONArgsRecommended ; error=false',
            'FROM alpine:3.20',
            'CMD run me',
          ],
        );
      });

      it('offers no skip for an experimental check, which skip= would not silence', () => {
        const source = text(['# check=experimental=all', '# not a description', 'FROM alpine:3.20 AS base']);
        const doc = parseDockerfile(source);
        const finding = diagnose(doc).findings.find((f) => f.code === 'InvalidDefinitionDescription');
        assert.ok(finding);
        const actions = codeActions(doc, {
          uri: URI,
          range: finding.range,
          diagnostics: [toDiagnostic(finding)],
        });
        assert.deepEqual(actions, []);
      });

      it('offers no ignore action for syntax errors, and keeps diagnostics of other sources alone', () => {
        const source = text(['FROM alpine:3.20', 'RUNN true']);
        const doc = parseDockerfile(source);
        const finding = diagnose(doc).findings.find((f) => f.code === 'DW001') as Finding;
        const actions = codeActions(doc, {
          uri: URI,
          range: finding.range,
          diagnostics: [toDiagnostic(finding)],
        });
        assert.deepEqual(
          actions.map((a) => a.title),
          ['Change to RUN'],
        );
        const foreign = { ...toDiagnostic(finding), source: 'hadolint' };
        assert.deepEqual(codeActions(doc, { uri: URI, range: finding.range, diagnostics: [foreign] }), []);
        const only = codeActions(doc, {
          uri: URI,
          range: finding.range,
          diagnostics: [toDiagnostic(finding)],
          only: ['refactor'],
        });
        assert.deepEqual(only, []);
      });

      it('pins a FROM image to the digest the daemon knows for its repository', () => {
        const source = text([
          'FROM alpine:3.20 AS base',
          'FROM base',
          'FROM ghcr.io/org/app@' + DIGEST,
          'FROM scratch',
        ]);
        const doc = parseDockerfile(source);
        const whole: Range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
        assert.deepEqual(imagesToAsk(doc, whole), ['alpine:3.20']);
        assert.deepEqual(imagesToAsk(doc, whole, ['quickfix']), []);
        assert.deepEqual(
          imagesToAsk(doc, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }),
          [],
        );
        const details: ImageDetails = {
          id: `sha256:${'f'.repeat(64)}`,
          size: 7_800_000,
          created: '2025-01-01T00:00:00Z',
          repoTags: ['alpine:3.20'],
          repoDigests: [`127.0.0.1:5000/alpine@sha256:${'a'.repeat(64)}`, `alpine@${DIGEST}`],
        };
        const range: Range = { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } };
        const actions = codeActions(doc, {
          uri: URI,
          range,
          diagnostics: [],
          images: new Map([['alpine:3.20', details]]),
        });
        assert.equal(actions.length, 1);
        const pin = actions[0];
        assert.equal(pin.kind, 'refactor.rewrite');
        assert.equal(pin.title, 'Pin alpine:3.20 to sha256:0123456789ab…');
        const pinned = applyEdits(source, editsOf(pin), eol);
        assert.equal(pinned.split(eol)[0], `FROM alpine:3.20@${DIGEST} AS base`);
        assert.deepEqual(imagesToAsk(parseDockerfile(pinned), whole), []);
        // A digest of another repository is no digest of this image.
        const elsewhere = { ...details, repoDigests: [`docker.io/library/debian@${DIGEST}`] };
        assert.deepEqual(
          codeActions(doc, {
            uri: URI,
            range,
            diagnostics: [],
            images: new Map([['alpine:3.20', elsewhere]]),
          }),
          [],
        );
        // docker.io/library/alpine is the same repository as alpine.
        const full = { ...details, repoDigests: [`docker.io/library/alpine@${DIGEST}`] };
        assert.equal(
          codeActions(doc, { uri: URI, range, diagnostics: [], images: new Map([['alpine:3.20', full]]) })
            .length,
          1,
        );
      });
    });
  }

  it('never throws on odd documents and diagnostics', () => {
    const texts = [
      '',
      '\n',
      'FROM',
      'RUN \\',
      'ENV',
      'ENV a',
      'CMD',
      'WORKDIR',
      'FROM x AS',
      'EXPOSE /',
      'FROM a\nONBUILD RUN apt install',
    ];
    const codes = [...FIXABLE_CODES, 'DL3008', 'SC2086', 'JSONArgsRecommended', 'DW999', 'UndefinedVar'];
    for (const source of texts) {
      const doc = parseDockerfile(source);
      for (const code of codes) {
        for (const line of [0, 1, 5]) {
          const range: Range = { start: { line, character: 0 }, end: { line, character: 3 } };
          assert.doesNotThrow(() =>
            codeActions(doc, { uri: URI, range, diagnostics: [{ range, code, message: '' }] }),
          );
        }
      }
    }
  });
});
