import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent, Range } from 'vscode-languageserver-types';
import { ADVISED_CHECKS } from '../../../src/server/docs/checks';
import { FLAG_DOCS, flagDoc } from '../../../src/server/docs/flags';
import { INSTRUCTION_DOCS } from '../../../src/server/docs/instructions';
import { mountOptionMarkdown, mountTypeMarkdown } from '../../../src/server/docs/mounts';
import { ruleCodeMarkdown } from '../../../src/server/docs/ruleCodes';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import {
  fromImageAt,
  hover,
  imageDetailsMarkdown,
  withImageDetails,
  type HoverOptions,
} from '../../../src/server/features/hover';
import { ImageDetailsRequester } from '../../../src/server/handlers/hover';
import { humanSize, readImageDetails, type ImageDetails } from '../../../src/shared/imageDetails';
import { argOffsetAt, instructionIndexAt } from '../../../src/server/features/locate';
import { signatureHelp } from '../../../src/server/features/signatureHelp';
import { ALL_RULES } from '../../../src/server/rules/buildkit/rules';
import { hadolintRules } from '../../../src/server/rules/hadolint/registry';
import { INSTRUCTION_FLAGS, MOUNT_OPTIONS, MOUNT_TYPES } from '../../../src/server/syntax/flags';
import { parseDockerfile, reparseDockerfile } from '../../../src/server/syntax/parser';

const EOLS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const;

interface At {
  hover: Hover | null;
  text: string;
  range: Range | undefined;
  /** The document text the range covers (one line). */
  covered: string;
}

/** Hovers at the `|` in `lines` (joined with `eol`; the marker is removed). */
function hoverAt(lines: readonly string[], eol: string, options: HoverOptions = {}): At {
  const row = lines.findIndex((line) => line.includes('|'));
  assert.ok(row >= 0, 'no | marker');
  const column = (lines[row] ?? '').indexOf('|');
  const clean = lines.map((line, i) => (i === row ? line.replace('|', '') : line));
  const doc = parseDockerfile(clean.join(eol) + eol);
  const result = hover(doc, { line: row, character: column }, options);
  const range = result?.range;
  const covered =
    range === undefined || range.start.line !== range.end.line
      ? ''
      : (clean[range.start.line] ?? '').slice(range.start.character, range.end.character);
  return {
    hover: result,
    text: result === null ? '' : (result.contents as MarkupContent).value,
    range,
    covered,
  };
}

describe('hover', () => {
  for (const [name, eol] of EOLS) {
    describe(`with ${name} line endings`, () => {
      const at = (lines: readonly string[], options?: HoverOptions): At => hoverAt(lines, eol, options);

      it('documents instruction keywords in any case, with the forms and a reference link', () => {
        const from = at(['FR|OM alpine:3.20']);
        assert.match(from.text, /^\*\*FROM\*\*/);
        assert.match(from.text, /FROM \[OPTIONS\] <image>/);
        assert.match(from.text, /https:\/\/docs\.docker\.com\/reference\/dockerfile\/#from/);
        assert.equal(from.covered, 'FROM');
        const copy = at(['FROM alpine', 'co|py a b']);
        assert.match(copy.text, /^\*\*COPY\*\*/);
        assert.match(copy.text, /--chown=<user>\[:<group>\]/);
        assert.equal(copy.covered, 'copy');
        assert.match(at(['FROM alpine', 'MAINTAINER| me']).text, /Deprecated/);
      });

      it('documents ONBUILD and the instruction it wraps', () => {
        assert.match(at(['FROM alpine', 'ON|BUILD RUN make']).text, /^\*\*ONBUILD\*\*/);
        const trigger = at(['FROM alpine', 'ONBUILD R|UN make']);
        assert.match(trigger.text, /^\*\*RUN\*\*/);
        assert.equal(trigger.covered, 'RUN');
      });

      it('documents flags by instruction, with versions and values', () => {
        const chown = at(['FROM alpine', 'COPY --ch|own=1:1 a b']);
        assert.match(chown.text, /--chown=<user>\[:<group>\]/);
        assert.match(chown.text, /COPY flag/);
        assert.equal(chown.covered, '--chown');
        const network = at(['FROM alpine', 'RUN --network=n|one true']);
        assert.match(network.text, /`none`/);
        assert.match(network.text, /dockerfile:1\.3/);
        const link = at(['FROM alpine', 'ADD --li|nk a b']);
        assert.match(link.text, /add---link/);
        assert.match(at(['FROM alpine', 'HEALTHCHECK --retr|ies=3 CMD true']).text, /--retries=<n>/);
        assert.equal(at(['FROM alpine', 'COPY --nope|=1 a b']).hover, null);
      });

      it('documents mount types and options, aliases included', () => {
        const type = at(['FROM alpine', 'RUN --mount=type=ca|che,target=/root/.cache go build']);
        assert.match(type.text, /RUN mount type/);
        assert.match(type.text, /run---mounttypecache/);
        assert.equal(type.covered, 'cache');
        const key = at(['FROM alpine', 'RUN --mount=type=cache,tar|get=/root/.cache go build']);
        assert.match(key.text, /RUN --mount option/);
        assert.equal(key.covered, 'target');
        assert.match(at(['FROM alpine', 'RUN --mount=type=bind,d|st=/x true']).text, /^\*\*`target=/);
        const sharing = at(['FROM alpine', 'RUN --mount=type=cache,target=/x,sharing=lo|cked true']);
        assert.match(sharing.text, /sharing=<shared\|private\|locked>/);
        assert.equal(sharing.covered, 'locked');
        assert.match(
          at(['FROM alpine', 'RUN --mount=type=secret,id=a,requi|red true']).text,
          /Fail the step/,
        );
        assert.equal(at(['FROM alpine', 'RUN --mount=type=cache,bogu|s=1 true']).hover, null);
      });

      it('documents parser directives and the check names inside # check=', () => {
        const syntax = at(['# syn|tax=docker/dockerfile:1', 'FROM alpine']);
        assert.match(syntax.text, /parser directive/);
        assert.equal(syntax.covered, 'syntax');
        assert.match(at(['# esc|ape=`', 'FROM alpine']).text, /backtick/);
        const check = at(['# check=skip=StageNameCasing,JSONArgs|Recommended;error=true', 'FROM alpine']);
        assert.match(check.text, /^\*\*JSONArgsRecommended\*\*/);
        assert.match(check.text, /docs\.docker\.com\/go\/dockerfile\/rule\/json-args-recommended/);
        assert.equal(check.covered, 'JSONArgsRecommended');
        assert.match(at(['# check=sk|ip=all', 'FROM alpine']).text, /Checks not to run/);
        assert.match(at(['# check=skip=all;er|ror=true', 'FROM alpine']).text, /fails/);
        assert.match(
          at(['# check=experimental=InvalidDefinition|Description', 'FROM alpine']).text,
          /experimental/,
        );
      });

      it('documents DL and SC codes in hadolint pragmas, and nothing in other comments', () => {
        const dl = at(['FROM alpine', '# hadolint ignore=DL3018,SC2|086', 'RUN apk add curl']);
        assert.match(dl.text, /^\*\*SC2086\*\*/);
        assert.match(dl.text, /shellcheck\.net\/wiki\/SC2086/);
        assert.equal(dl.covered, 'SC2086');
        const first = at(['FROM alpine', '# hadolint ignore=DL30|18', 'RUN apk add curl']);
        assert.match(first.text, /Pin versions in apk add/);
        assert.match(first.text, /github\.com\/hadolint\/hadolint\/wiki\/DL3018/);
        assert.match(at(['# hadolint global ignore=DL3|006', 'FROM alpine']).text, /DL3006/);
        assert.equal(at(['FROM alpine', '# mentions DL30|18 in passing', 'RUN true']).hover, null);
      });

      it('shows an ENV value and where it was set', () => {
        const result = at(['FROM alpine', 'ENV APP=/srv', 'WORKDIR $A|PP']);
        assert.match(result.text, /environment variable/);
        assert.match(result.text, /Value here: `\/srv`/);
        assert.match(result.text, /Set by ENV on line 2: `ENV APP=\/srv`/);
        assert.equal(result.covered, '$APP');
        const braces = at(['FROM alpine', 'ENV APP=/srv', 'RUN echo ${AP|P:-x}']);
        assert.equal(braces.covered, '${APP:-x}');
      });

      it('expands values through earlier variables, ENV reading the scope before it', () => {
        const env = at(['FROM alpine', 'ENV A=1', 'ENV A=2 B=$A', 'RUN echo $|B']);
        assert.match(env.text, /Value here: `1`/);
        const arg = at(['FROM alpine', 'ARG A=1 B=${A}0', 'RUN echo $|B']);
        assert.match(arg.text, /Value here: `10`/);
        assert.match(arg.text, /Default of the ARG on line 2/);
      });

      it('follows variables into the stages a stage is built on', () => {
        const result = at([
          'FROM scratch AS base',
          'ENV PATH=/opt/bin:$PATH',
          'FROM base AS child',
          'ENV PATH=/usr/app/bin:$PATH',
          'RUN echo $PA|TH',
        ]);
        assert.match(result.text, /Value here: `\/usr\/app\/bin:\/opt\/bin:\/usr\/local\/sbin:/);
        assert.doesNotMatch(result.text, /partly unknown/);
        const open = at(['FROM alpine', 'ENV PATH=/opt/bin:$PATH', 'RUN echo $PA|TH']);
        assert.match(open.text, /`\/opt\/bin:\$PATH` \(partly unknown/);
      });

      it('explains global ARGs, their use in FROM and in stages', () => {
        const inFrom = at(['ARG VERSION=3.20', 'FROM alpine:${VER|SION}']);
        assert.match(inFrom.text, /Value here: `3\.20`/);
        assert.match(inFrom.text, /global ARG on line 1/);
        const brought = at(['ARG VERSION=3.20', 'FROM alpine', 'ARG VERSION', 'RUN echo $VER|SION']);
        assert.match(
          brought.text,
          /Declared in this stage by ARG on line 3; the value comes from the global ARG on line 1/,
        );
        const notBrought = at(['ARG VERSION=3.20', 'FROM alpine', 'RUN echo $VER|SION']);
        assert.match(notBrought.text, /may come from the base image/);
        const notGlobal = at(['FROM alpine:${TA|G}']);
        assert.match(notGlobal.text, /Not a global ARG/);
        const noValue = at(['FROM alpine', 'ARG TOKEN', 'RUN echo $TOK|EN']);
        assert.match(noValue.text, /without a value/);
      });

      it('explains predefined platform and proxy args', () => {
        const fromLine = at(['FROM --platform=$BUILD|PLATFORM golang']);
        assert.match(fromLine.text, /predefined build argument/);
        assert.match(fromLine.text, /Value here: `linux\/amd64`/);
        const declared = at(['FROM alpine', 'ARG TARGETARCH', 'RUN echo $TARGET|ARCH']);
        assert.match(declared.text, /Value here: `amd64`/);
        assert.match(declared.text, /BuildKit predefines the value/);
        const undeclared = at(['FROM alpine', 'RUN echo $TARGET|ARCH']);
        assert.match(undeclared.text, /only after `ARG TARGETARCH`/);
        assert.match(at(['FROM alpine', 'RUN echo $http_pro|xy']).text, /proxy variable/);
      });

      it('uses build arguments when given', () => {
        const result = at(['ARG VERSION=1', 'FROM alpine', 'ARG VERSION', 'RUN echo $VER|SION'], {
          buildArgs: { VERSION: '2' },
        });
        assert.match(result.text, /Value here: `2`/);
        assert.match(result.text, /Passed as a build argument/);
      });

      it('shows the variable an ENV or ARG key declares', () => {
        const key = at(['FROM alpine', 'ENV A|PP=/srv']);
        assert.match(key.text, /Value from here on: `\/srv`/);
        assert.equal(key.covered, 'APP');
      });

      it('finds variables on continuation lines, in heredoc bodies and inside ONBUILD', () => {
        const continued = at(['FROM alpine', 'ENV A=1 \\', '    B=2', 'RUN echo hi \\', '    $|B']);
        assert.match(continued.text, /Value here: `2`/);
        assert.equal(continued.covered, '$B');
        const heredoc = at(['FROM alpine', 'ENV A=1', 'RUN <<EOF', 'echo $|A', 'EOF']);
        assert.match(heredoc.text, /Value here: `1`/);
        assert.equal(heredoc.covered, '$A');
        assert.equal(at(['FROM alpine', 'ENV A=1', "RUN <<'EOF'", 'echo $|A', 'EOF']).hover, null);
        const onbuild = at(['FROM alpine', 'ENV A=1', 'ONBUILD RUN echo $|A']);
        assert.match(onbuild.text, /Inside ONBUILD/);
      });

      it('honours the backtick escape character', () => {
        const result = at(['# escape=`', 'FROM alpine', 'ENV A=1', 'RUN echo `', '    $|A']);
        assert.match(result.text, /Value here: `1`/);
      });

      it('shows the stage a reference names, with its FROM line and index', () => {
        const lines = ['FROM golang:1.22 AS build', 'RUN make', 'FROM alpine AS final'];
        const copy = at([...lines, 'COPY --from=bu|ild /out /app']);
        assert.match(copy.text, /^\*\*Stage `build`\*\* · index 0/);
        assert.match(copy.text, /FROM golang:1\.22 AS build/);
        assert.match(copy.text, /line 1/);
        assert.equal(copy.covered, 'build');
        assert.match(at([...lines, 'COPY --from=|0 /out /app']).text, /Stage `build`/);
        assert.match(at([...lines, 'FROM bui|ld AS again']).text, /Stage `build`/);
        assert.match(at([...lines, 'RUN --mount=from=bu|ild,target=/b true']).text, /Stage `build`/);
        const self = at(['FROM golang:1.22 AS bu|ild']);
        assert.match(self.text, /Stage `build`\*\* · index 0/);
        const later = at(['FROM alpine', 'COPY --from=la|ter /a /b', 'FROM alpine AS later']);
        assert.match(later.text, /Not a stage of this file/);
      });

      it('parses image references', () => {
        const full = at([
          'FROM ghcr.io/acme/t|ool:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        ]);
        assert.match(full.text, /Registry: `ghcr\.io`/);
        assert.match(full.text, /Repository: `acme\/tool`/);
        assert.match(full.text, /Tag: `1\.2`/);
        assert.match(full.text, /Digest: `sha256:0123/);
        const hub = at(['FROM alp|ine']);
        assert.match(hub.text, /Docker Hub, implied/);
        assert.match(hub.text, /Repository: `library\/alpine`/);
        assert.match(hub.text, /latest/);
        assert.match(at(['FROM scra|tch']).text, /empty image/);
        const withArg = at(['ARG V=3.20', 'FROM alpi|ne:${V}']);
        assert.match(withArg.text, /With the values in this file: `alpine:3\.20`/);
        assert.match(at(['FROM Alp|ine']).text, /Not a valid reference/);
      });

      it('returns null on whitespace, plain arguments, comments and unknown words', () => {
        assert.equal(at(['FROM alpine', 'RUN  |  make']).hover, null);
        assert.equal(at(['FROM alpine', 'COPY s|rc /app']).hover, null);
        assert.equal(at(['FROM alpine', '# just a co|mment', 'RUN true']).hover, null);
        assert.equal(at(['FROM alpine', 'FRO|B x']).hover, null);
        assert.equal(at(['FROM alpine', '', '|']).hover, null);
        assert.equal(at(['FROM alpine AS b', 'RUN echo $1 $|@']).hover, null);
      });
    });
  }

  it('answers for positions outside the document', () => {
    const doc = parseDockerfile('FROM alpine\n');
    assert.equal(hover(doc, { line: 40, character: 2 }), null);
    assert.equal(hover(doc, { line: 0, character: 400 }), null);
  });

  for (const [name, eol] of EOLS) {
    it(`answers after incremental edits as on a fresh parse (${name} line endings)`, () => {
      const versions = [
        ['ARG V=1', 'FROM alpine', 'ENV A=$V B=x', 'RUN echo $A \\', '  ${B:-$A}', 'ONBUILD RUN $A'],
        ['ARG V=1', 'FROM alpine', 'ENV A=$V B=x', 'RUN echo $B \\', '  ${B:-$A}', 'ONBUILD RUN $A'],
        ['ARG V=1', 'FROM alpine', 'ENV A=$V B=x', 'RUN echo $B \\', '  ${A:-$B}', 'ONBUILD RUN $A'],
        ['ARG V=1', 'FROM alpine', 'ENV A=$V C=x', 'RUN echo $B \\', '  ${A:-$B}', 'ONBUILD RUN $A'],
        ['ARG V=1', 'FROM alpine', 'ENV A=$V C=x', 'RUN echo $B $C \\', '  ${A:-$B}', 'ONBUILD RUN $C'],
        ['ARG V=1', 'FROM alpine', 'ENV A=$V C=x', 'RUN echo $B $C \\', '  ${A:-$B}', 'ONBUILD RUN $C'],
      ];
      let doc = parseDockerfile((versions[0] ?? []).join(eol));
      for (const lines of versions) {
        const text = lines.join(eol);
        doc = reparseDockerfile(doc, text);
        const fresh = parseDockerfile(text);
        lines.forEach((line, row) => {
          for (let character = 0; character <= line.length; character++) {
            const position = { line: row, character };
            assert.deepEqual(hover(doc, position), hover(fresh, position), `${row}:${character}`);
          }
        });
      }
    });
  }
});

describe('hover locate', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    'FROM alpine',
    '',
    'RUN echo a \\',
    '  # a comment inside',
    '    b',
    'COPY <<EOF /x',
    'body',
    'EOF',
    'CMD ["x"]',
  ];

  for (const [name, eol] of EOLS) {
    it(`finds the instruction of every line by binary search (${name})`, () => {
      const doc = parseDockerfile(text.join(eol));
      const expected = [-1, 0, -1, 1, 1, 1, 2, 2, 2, 3];
      assert.deepEqual(
        text.map((_, line) => instructionIndexAt(doc, line)),
        expected,
      );
      const run = doc.instructions[1];
      assert.ok(run !== undefined);
      assert.equal(argOffsetAt(run, { line: 3, character: 4 }), 0);
      assert.equal(run.argText.slice(argOffsetAt(run, { line: 5, character: 4 }) ?? -1), 'b');
      assert.equal(argOffsetAt(run, { line: 4, character: 4 }), undefined);
      assert.equal(argOffsetAt(run, { line: 3, character: 1 }), undefined);
    });
  }
});

describe('hover and signature help robustness', () => {
  const samples = [
    '',
    'FROM',
    'FROM --',
    'FROM --platform= ',
    'ONBUILD',
    'ONBUILD ONBUILD RUN $',
    'RUN ${',
    'RUN ${A:-${B',
    'FROM a\nRUN <<EOF\nunterminated $X',
    '# escape=`\nFROM a\nRUN echo `\n  $A',
    'FROM a\nRUN --mount=,,=,type=\n',
    'FROM a\nRUN --mount="type=cache,target=/x" true',
    'FROM a AS\nCOPY --from= a b',
    'FROM a\nCOPY --from=-1 a b\nCOPY --from=99 a b',
    '# check=skip=;=;\nFROM a',
    '# hadolint ignore=DL,SC\nFROM a',
    'ARG A=$A\nFROM $A\nARG A\nENV A=$A B=$A\nRUN $A',
    'FROM a\nENV A=1 \\\n# c\n  B=$A\nRUN $B',
    'FROM a\nHEALTHCHECK --interval= CMD\n',
    'FROM \u{1F600}\nENV \u{1F600}=1\nRUN $\u{1F600}',
    'FROM a AS b\nFROM b AS a\nFROM a\nRUN $PATH',
    'FROM a\r\nRUN \\\r\n\r\n  $A\r\n',
  ];

  it('never throws, at any position of odd documents', () => {
    for (const text of samples) {
      const doc = parseDockerfile(text);
      const lines = text.split(/\r\n|\r|\n/);
      for (let line = 0; line <= lines.length; line++) {
        for (let character = 0; character <= (lines[line]?.length ?? 0) + 1; character++) {
          const position = { line, character };
          assert.doesNotThrow(() => hover(doc, position), `${JSON.stringify(text)} ${line}:${character}`);
          assert.doesNotThrow(
            () => signatureHelp(doc, position),
            `${JSON.stringify(text)} ${line}:${character}`,
          );
        }
      }
    }
  });

  it('keeps a long chain of stages from running away', () => {
    const lines = ['FROM alpine AS s0', 'ENV PATH=/p0:$PATH'];
    for (let i = 1; i < 400; i++) lines.push(`FROM s${i - 1} AS s${i}`, `ENV PATH=/p${i}:$PATH`);
    lines.push('RUN echo $PATH');
    const doc = parseDockerfile(lines.join('\n'));
    const result = hover(doc, { line: lines.length - 1, character: 11 });
    assert.match((result?.contents as MarkupContent).value, /Value here: `\/p399:\/p398:/);
    assert.match((result?.contents as MarkupContent).value, /partly unknown/);
  });
});

describe('hover docs', () => {
  it('document every instruction with a form, an example and an anchor', () => {
    const keywords = INSTRUCTION_DOCS.map((doc) => doc.keyword).sort();
    assert.deepEqual(keywords, [
      'ADD',
      'ARG',
      'CMD',
      'COPY',
      'ENTRYPOINT',
      'ENV',
      'EXPOSE',
      'FROM',
      'HEALTHCHECK',
      'LABEL',
      'MAINTAINER',
      'ONBUILD',
      'RUN',
      'SHELL',
      'STOPSIGNAL',
      'USER',
      'VOLUME',
      'WORKDIR',
    ]);
    for (const doc of INSTRUCTION_DOCS) {
      assert.ok(doc.forms.length > 0 && doc.example !== '' && doc.anchor !== '', doc.keyword);
      for (const form of doc.forms) {
        assert.ok(form.parts.filter((part) => part.kind === 'many').length <= 1, doc.keyword);
      }
    }
  });

  it('give every flag of the flag table its longer text, and nothing else', () => {
    for (const [keyword, specs] of Object.entries(INSTRUCTION_FLAGS)) {
      for (const spec of specs) assert.ok(flagDoc(keyword, spec.name), `${keyword} --${spec.name}`);
      assert.deepEqual(Object.keys(FLAG_DOCS[keyword] ?? {}).sort(), specs.map((spec) => spec.name).sort());
    }
    assert.deepEqual(Object.keys(FLAG_DOCS).sort(), Object.keys(INSTRUCTION_FLAGS).sort());
  });

  it('document every mount type and key, and every BuildKit check', () => {
    for (const type of MOUNT_TYPES) assert.ok(mountTypeMarkdown(type), type);
    for (const option of MOUNT_OPTIONS) {
      for (const key of option.keys) assert.ok(mountOptionMarkdown(key), key);
    }
    assert.deepEqual([...ADVISED_CHECKS].sort(), ALL_RULES.map((rule) => rule.name).sort());
  });

  it('document every hadolint rule from the registry', () => {
    for (const rule of hadolintRules) {
      const text = ruleCodeMarkdown(rule.code) ?? '';
      assert.ok(text.includes(rule.message), rule.code);
      assert.ok(text.includes(`https://github.com/hadolint/hadolint/wiki/${rule.code}`), rule.code);
    }
    assert.equal(ruleCodeMarkdown('XY1'), undefined);
  });
});

describe('hover: image details from the daemon', () => {
  const details: ImageDetails = {
    id: `sha256:0123456789ab${'c'.repeat(52)}`,
    size: 7_834_112,
    created: '2025-01-02T03:04:05.123456789Z',
    repoTags: ['alpine:3.20'],
    repoDigests: [`alpine@sha256:${'d'.repeat(64)}`],
  };
  const now = Date.parse('2025-01-05T03:04:05Z');

  for (const [name, eol] of EOLS) {
    it(`finds the image of a FROM, not a stage, scratch or an unknown variable (${name})`, () => {
      const doc = parseDockerfile(
        [
          'ARG V=3.20',
          'FROM alpine:${V} AS base',
          'FROM base',
          'FROM scratch',
          'FROM $UNSET',
          'FROM ghcr.io/org/app@sha256:' + 'e'.repeat(64),
        ].join(eol) + eol,
      );
      const image = fromImageAt(doc, { line: 1, character: 7 });
      assert.equal(image?.reference, 'alpine:3.20');
      assert.deepEqual(image?.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 16 } });
      assert.equal(fromImageAt(doc, { line: 1, character: 2 }), undefined);
      assert.equal(fromImageAt(doc, { line: 1, character: 22 }), undefined);
      assert.equal(fromImageAt(doc, { line: 2, character: 6 }), undefined);
      assert.equal(fromImageAt(doc, { line: 3, character: 6 }), undefined);
      assert.equal(fromImageAt(doc, { line: 4, character: 6 }), undefined);
      assert.equal(fromImageAt(doc, { line: 5, character: 6 })?.ref.digest, `sha256:${'e'.repeat(64)}`);
    });
  }

  it('appends id, size, age and digests to the image hover', () => {
    const doc = parseDockerfile('FROM alpine:3.20\n');
    const base = hover(doc, { line: 0, character: 7 });
    const image = fromImageAt(doc, { line: 0, character: 7 });
    assert.ok(image);
    const merged = withImageDetails(base, details, image.range, now);
    const text = (merged.contents as MarkupContent).value;
    assert.ok(text.startsWith((base?.contents as MarkupContent).value));
    assert.match(text, /\*\*Local image\*\*/);
    assert.match(text, /Id: `0123456789ab`/);
    assert.match(text, /Size: 7\.83 MB/);
    assert.match(text, /Created: 3 days ago \(2025-01-02 03:04:05 UTC\)/);
    assert.match(text, new RegExp(`Digest: \`alpine@sha256:${'d'.repeat(64)}\``));
    assert.deepEqual(merged.range, base?.range);
    const epoch = imageDetailsMarkdown({ ...details, created: now / 1000 - 90, repoDigests: [] }, now);
    assert.match(epoch, /Created: 1 minute ago/);
    assert.doesNotMatch(epoch, /Digest/);
  });

  it('reads only well-formed answers and formats sizes', () => {
    assert.equal(readImageDetails(null), undefined);
    assert.equal(readImageDetails({ id: 3 }), undefined);
    assert.deepEqual(readImageDetails({ id: 'sha256:1', size: -1, repoTags: ['a:1', 2, '<none>:<none>'] }), {
      id: 'sha256:1',
      size: 0,
      created: '',
      repoTags: ['a:1'],
      repoDigests: [],
    });
    assert.equal(humanSize(0), '0 B');
    assert.equal(humanSize(999), '999 B');
    assert.equal(humanSize(1_500), '1.5 kB');
    assert.equal(humanSize(123_456_789), '123 MB');
    assert.equal(humanSize(2_000_000_000), '2 GB');
  });

  /** A connection whose answers the test holds. */
  function fakeConnection(answer: (params: unknown) => Promise<unknown>): {
    sent: unknown[];
    connection: { sendRequest: (method: string, params: unknown) => Promise<unknown> };
  } {
    const sent: unknown[] = [];
    return {
      sent,
      connection: {
        sendRequest: (method: string, params: unknown) => {
          sent.push({ method, params });
          return answer(params);
        },
      },
    };
  }

  it('asks the client once per reference and reuses the answer', async () => {
    const fake = fakeConnection(() => Promise.resolve(details));
    const requester = new ImageDetailsRequester(fake.connection as never, 10_000);
    assert.deepEqual(await requester.details('alpine:3.20'), details);
    assert.deepEqual(await requester.details('alpine:3.20'), details);
    assert.deepEqual(fake.sent, [
      { method: 'dockwright/imageDetails', params: { reference: 'alpine:3.20' } },
    ]);
  });

  it('gives up on a silent client after the timeout, keeping a late answer', async () => {
    let release: ((value: unknown) => void) | undefined;
    const fake = fakeConnection(
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    const requester = new ImageDetailsRequester(fake.connection as never, 1);
    assert.equal(await requester.details('alpine:3.20'), undefined);
    assert.ok(release);
    release(details);
    assert.deepEqual(await requester.details('alpine:3.20'), details);
    assert.equal(fake.sent.length, 1);
  });

  it('stops asking a client that lacks the request', async () => {
    const fake = fakeConnection(() => Promise.reject(new ResponseError(ErrorCodes.MethodNotFound, 'no')));
    const requester = new ImageDetailsRequester(fake.connection as never, 10_000);
    assert.equal(await requester.details('a:1'), undefined);
    assert.equal(await requester.details('b:1'), undefined);
    assert.equal(fake.sent.length, 1);
  });
});
