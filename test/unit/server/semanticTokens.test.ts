import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  semanticTokens,
  semanticTokensInRange,
  semanticTokensLegend,
  TOKEN_MODIFIERS,
  TOKEN_TYPES,
} from '../../../src/server/features/semanticTokens';
import { parseDockerfile, reparseDockerfile } from '../../../src/server/syntax/parser';

const EOLS: ReadonlyArray<readonly [string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
];

interface Decoded {
  line: number;
  character: number;
  length: number;
  text: string;
  type: string;
  modifiers: string[];
}

function decode(text: string, data: readonly number[]): Decoded[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Decoded[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine = 0, deltaStart = 0, length = 0, type = 0, bits = 0] = data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    out.push({
      line,
      character,
      length,
      text: (lines[line] ?? '').slice(character, character + length),
      type: TOKEN_TYPES[type] ?? `?${type}`,
      modifiers: TOKEN_MODIFIERS.filter((_, bit) => (bits & (1 << bit)) !== 0),
    });
  }
  return out;
}

/** `text:type[+modifier…]` for every token, in order. */
function tokensOf(source: string, eol: string): string[] {
  const text = source.replace(/\n/g, eol);
  return decode(text, semanticTokens(parseDockerfile(text)).data).map(
    (t) => `${t.text}:${t.type}${t.modifiers.map((m) => `+${m}`).join('')}`,
  );
}

/** Checks what every client expects of the data: sorted, on a line, non-empty, no overlaps. */
function assertWellFormed(text: string, data: readonly number[]): void {
  assert.equal(data.length % 5, 0);
  const lines = text.split(/\r\n|\r|\n/);
  let previous: Decoded | undefined;
  for (const token of decode(text, data)) {
    assert.ok(token.length > 0, `empty token at ${token.line}:${token.character}`);
    const lineText = lines[token.line];
    assert.ok(lineText !== undefined, `token past the last line: ${token.line}`);
    assert.ok(token.character + token.length <= lineText.length, `token past the end of line ${token.line}`);
    assert.ok(TOKEN_TYPES.includes(token.type as never), token.type);
    if (previous !== undefined && previous.line === token.line) {
      assert.ok(previous.character + previous.length <= token.character, `overlap at ${token.line}`);
    }
    previous = token;
  }
}

describe('semantic tokens', () => {
  it('has a legend naming every type and modifier once', () => {
    assert.deepEqual(semanticTokensLegend.tokenTypes, [...TOKEN_TYPES]);
    assert.deepEqual(semanticTokensLegend.tokenModifiers, [...TOKEN_MODIFIERS]);
    assert.equal(new Set(TOKEN_TYPES).size, TOKEN_TYPES.length);
  });

  for (const [name, eol] of EOLS) {
    describe(`with ${name} line endings`, () => {
      it('marks directives, comments, keywords, flags, images and stage names', () => {
        const source = [
          '# syntax=docker/dockerfile:1',
          '# a comment',
          'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
          'FROM build AS test',
          'COPY --from=build /out /bin',
          'COPY --from=0 /a /b',
          'COPY --from=alpine:3 /c /d',
        ].join('\n');
        assert.deepEqual(tokensOf(source, eol), [
          'syntax:macro',
          'docker/dockerfile:1:string',
          '# a comment:comment',
          'FROM:keyword',
          '--platform:parameter',
          '$BUILDPLATFORM:variable+defaultLibrary',
          'golang:1.22:type',
          'AS:keyword',
          'build:class+declaration',
          'FROM:keyword',
          'build:class',
          'AS:keyword',
          'test:class+declaration',
          'COPY:keyword',
          '--from:parameter',
          'build:class',
          'COPY:keyword',
          '--from:parameter',
          '0:number',
          'COPY:keyword',
          '--from:parameter',
          'alpine:3:type',
        ]);
      });

      it('cuts values around the variables inside them', () => {
        const source = [
          'FROM ${REGISTRY}/app:$TAG',
          'ENV PATH="/opt/bin:$PATH" HOME=/root',
          'LABEL "a.b"=x',
        ].join('\n');
        assert.deepEqual(tokensOf(source, eol), [
          'FROM:keyword',
          '${REGISTRY}:variable',
          '/app::type',
          '$TAG:variable',
          'ENV:keyword',
          'PATH:variable+declaration',
          '"/opt/bin::string',
          '$PATH:variable',
          '":string',
          'HOME:variable+declaration',
          '/root:string',
          'LABEL:keyword',
          '"a.b":property+declaration',
          'x:string',
        ]);
      });

      it('marks ARG declarations, predefined args and variables with modifiers', () => {
        const source = [
          'ARG TARGETARCH',
          'FROM alpine',
          'ARG V=1',
          "RUN echo ${V:-none} $TARGETARCH '$NOT'",
        ].join('\n');
        assert.deepEqual(tokensOf(source, eol), [
          'ARG:keyword',
          'TARGETARCH:variable+declaration+defaultLibrary',
          'FROM:keyword',
          'alpine:type',
          'ARG:keyword',
          'V:variable+declaration',
          '1:string',
          'RUN:keyword',
          '${V:-none}:variable',
          '$TARGETARCH:variable+defaultLibrary',
        ]);
      });

      it('splits mount options into keys and values, a stage after from=', () => {
        const source = [
          'FROM alpine AS deps',
          'FROM alpine',
          'RUN --mount=type=cache,target=/root/.cache --mount=from=deps,source=/x,target=/y make',
        ].join('\n');
        assert.deepEqual(
          tokensOf(source, eol).slice(-13),
          [
            'RUN:keyword',
            '--mount:parameter',
            'type:property',
            'cache:string',
            'target:property',
            '/root/.cache:string',
            '--mount:parameter',
            'from:property',
            'deps:class',
            'source:property',
            '/x:string',
            'target:property',
            '/y:string',
          ].slice(-13),
        );
      });

      it('marks exec-form strings without variables, and COPY exec form with them', () => {
        const source = ['FROM alpine', 'CMD ["echo", "$HOME \\"x\\""]', 'COPY ["$SRC", "/dst"]'].join('\n');
        assert.deepEqual(tokensOf(source, eol).slice(2), [
          'CMD:keyword',
          '"echo":string',
          '"$HOME \\"x\\"":string',
          'COPY:keyword',
          '":string',
          '$SRC:variable',
          '":string',
          '"/dst":string',
        ]);
      });

      it('marks heredoc markers and terminators and leaves the body to the grammar', () => {
        const source = [
          'FROM alpine',
          'RUN <<EOF',
          'echo $HOME',
          'EOF',
          'COPY <<-"END" /etc/x',
          '\tliteral $X',
          '\tEND',
        ].join('\n');
        assert.deepEqual(tokensOf(source, eol).slice(2), [
          'RUN:keyword',
          '<<EOF:label',
          'EOF:label',
          'COPY:keyword',
          '<<-"END":label',
          'END:label',
        ]);
      });

      it('splits tokens at continuation lines and keeps comments between them in order', () => {
        const source = ['FROM alpine', 'ENV A="one \\', '# between', 'two" B=$A', 'RUN echo \\', '  $A'].join(
          '\n',
        );
        assert.deepEqual(tokensOf(source, eol).slice(2), [
          'ENV:keyword',
          'A:variable+declaration',
          '"one :string',
          '# between:comment',
          'two":string',
          'B:variable+declaration',
          '$A:variable',
          'RUN:keyword',
          '$A:variable',
        ]);
      });

      it('marks EXPOSE ports, HEALTHCHECK sub-commands and ONBUILD triggers', () => {
        const source = [
          'FROM alpine',
          'EXPOSE 80/tcp 9000-9010 $PORT',
          'HEALTHCHECK --interval=5s CMD curl -f http://localhost/',
          'HEALTHCHECK NONE',
          'ONBUILD COPY --chown=$USER . /app',
          'BOGUS x',
        ].join('\n');
        assert.deepEqual(tokensOf(source, eol).slice(2), [
          'EXPOSE:keyword',
          '80:number',
          '9000-9010:number',
          '$PORT:variable',
          'HEALTHCHECK:keyword',
          '--interval:parameter',
          '5s:string',
          'CMD:keyword',
          'HEALTHCHECK:keyword',
          'NONE:keyword',
          'ONBUILD:keyword',
          'COPY:keyword',
          '--chown:parameter',
          '$USER:variable',
        ]);
      });

      it('returns the lines of a range, the same tokens as the full result', () => {
        const source = [
          '# syntax=docker/dockerfile:1',
          'FROM alpine AS a',
          'RUN echo $A \\',
          '# inside',
          '  && echo $B',
          '# after',
          'ENV C=3',
          'FROM a',
        ].join('\n');
        const text = source.replace(/\n/g, eol);
        const doc = parseDockerfile(text);
        const full = decode(text, semanticTokens(doc).data);
        for (let first = 0; first < 8; first++) {
          for (let last = first; last < 8; last++) {
            const data = semanticTokensInRange(doc, {
              start: { line: first, character: 0 },
              end: { line: last, character: 3 },
            }).data;
            assertWellFormed(text, data);
            assert.deepEqual(
              decode(text, data),
              full.filter((t) => t.line >= first && t.line <= last),
              `lines ${first}-${last}`,
            );
          }
        }
      });
    });
  }

  it('is well formed on any text, and a range agrees with the full result', () => {
    const pieces = [
      'FROM ',
      'RUN ',
      'ENV ',
      'ARG ',
      'COPY ',
      'ONBUILD ',
      'EXPOSE ',
      'HEALTHCHECK ',
      'LABEL ',
      ' AS ',
      '--from=',
      '--mount=type=cache,from=a ',
      '$A',
      '${B:-$C}',
      '${',
      '}',
      '"',
      "'",
      '\\\n',
      '`\n',
      '\n',
      '\r\n',
      '# c\n',
      '# escape=`\n',
      '<<EOF',
      '<<-E\n',
      'EOF\n',
      '\tE\n',
      '[',
      ']',
      '=',
      ',',
      ' ',
      'x',
      '8080',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.nat(20), (parts, cut) => {
        const text = parts.join('');
        const doc = parseDockerfile(text);
        const data = semanticTokens(doc).data;
        assertWellFormed(text, data);
        const lineCount = text.split(/\r\n|\r|\n/).length;
        const first = cut % lineCount;
        const ranged = semanticTokensInRange(doc, {
          start: { line: first, character: 0 },
          end: { line: first + 1, character: 0 },
        }).data;
        assertWellFormed(text, ranged);
        assert.deepEqual(
          decode(text, ranged),
          decode(text, data).filter((t) => t.line >= first && t.line <= first + 1),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('after each edit, equals the tokens of a fresh parse (moved instructions keep cached tokens only while they hold)', () => {
    const head = 'FROM scratch\nRUN a\nRUN b\n';
    const versions = [
      `${head}FROM alpine AS base\nRUN echo $HOME\nFROM base AS build\nCOPY --from=base /a /b\nRUN --mount=type=cache,from=base,target=/c make\n`,
      // A line above: every later instruction moves down.
      `${head}RUN top\nFROM alpine AS base\nRUN echo $HOME\nFROM base AS build\nCOPY --from=base /a /b\nRUN --mount=type=cache,from=base,target=/c make\n`,
      // The stage is renamed: the unchanged COPY and RUN now name an image, not a stage.
      `${head}RUN top\nFROM alpine AS basis\nRUN echo $HOME\nFROM base AS build\nCOPY --from=base /a /b\nRUN --mount=type=cache,from=base,target=/c make\n`,
      // A stage named base appears between: the later instructions refer to it again.
      `${head}RUN top\nFROM alpine AS basis\nRUN echo $HOME\nFROM scratch AS base\nFROM base AS build\nCOPY --from=base /a /b\nRUN --mount=type=cache,from=base,target=/c make\n`,
      // Lines removed above.
      `${head}FROM scratch AS base\nFROM base AS build\nCOPY --from=base /a /b\nRUN --mount=type=cache,from=base,target=/c make\n`,
      // Another escape character: every line ends differently.
      `# escape=\`\n${head}FROM scratch AS base\nFROM base AS build\nCOPY --from=base /a /b\nRUN --mount=type=cache,from=base,target=/c make\n`,
    ];
    // Far enough apart that the parser keeps the later instructions instead of reading them again.
    const filler = Array.from({ length: 300 }, (_, i) => `RUN echo ${i}\n`).join('');
    const spread = (text: string): string =>
      text.replace('FROM base AS build\n', `${filler}FROM base AS build\n${filler}`);
    for (const [, eol] of EOLS) {
      let previous = parseDockerfile(spread(versions[0]).replace(/\n/g, eol));
      semanticTokens(previous);
      for (const version of versions.slice(1)) {
        const text = spread(version).replace(/\n/g, eol);
        previous = reparseDockerfile(previous, text);
        assert.deepEqual(
          decode(text, semanticTokens(previous).data),
          decode(text, semanticTokens(parseDockerfile(text)).data),
          text,
        );
      }
    }
  });

  it('stays linear: ten times the input costs well under forty times the time', function () {
    this.timeout(60_000);
    const unit = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG VERSION=1',
      'ENV PATH="/opt/bin:$PATH" HOME=/root',
      'RUN --mount=type=cache,target=/root/.cache go build -o /out ./... \\',
      '  # a comment',
      '  && echo "${VERSION:-dev}"',
      'COPY <<EOF /etc/x',
      'hello $X',
      'EOF',
      'FROM alpine',
      'COPY --from=build /out /bin',
      'CMD ["/bin/app", "--flag"]',
      'EXPOSE 8080/tcp',
      '',
    ].join('\n');
    const shapes: Array<readonly [string, string, string, string?]> = [
      ['a small Dockerfile', '', unit],
      ['one long continued RUN', 'FROM alpine\nRUN a \\\n', '  $b && c \\\n'],
      ['comments inside one instruction', 'FROM alpine\nRUN a \\\n', '# c\n  $b \\\n'],
      ['a long ENV', 'FROM alpine\nENV ', 'K="v $X" '],
      ['a long LABEL', 'FROM alpine\nLABEL ', 'k=v '],
      ['a long exec form', 'FROM alpine\nCMD ["a"', ', "b \\" c"', ']'],
      ['unclosed braces', 'FROM alpine\nRUN echo ', '${x:-'],
      ['many stages', '', 'FROM a AS s\nCOPY --from=s /a /b\n'],
      ['one long mount', 'FROM alpine\nRUN --mount=type=cache', ',target=/x$Y'],
    ];
    for (const [label, head, body, tail = ''] of shapes) {
      const time = (copies: number): number => {
        const text = head + body.repeat(copies) + tail + '\n';
        // Parsed before the timing (the parse's own garbage would otherwise be collected during it),
        // once per run: tokens are cached per instruction, and a fresh parse has none cached.
        const docs = [parseDockerfile(text), parseDockerfile(text), parseDockerfile(text)];
        let best = Infinity;
        for (const doc of docs) {
          const start = process.hrtime.bigint();
          semanticTokens(doc);
          best = Math.min(best, Number(process.hrtime.bigint() - start));
        }
        return best;
      };
      // About 30 kB against 300 kB: both sizes large enough for collections to happen in both.
      const copies = Math.ceil(30_000 / body.length);
      time(copies);
      const ratios: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const small = Math.max(time(copies), 1);
        ratios.push(time(copies * 10) / small);
        if ((ratios[ratios.length - 1] ?? 0) < 40) break;
      }
      const best = Math.min(...ratios);
      assert.ok(best < 40, `10× input cost ${best.toFixed(1)}× the time for ${label}`);
    }
  });
});
