import * as assert from 'node:assert/strict';
import {
  DocumentHighlightKind,
  type Location,
  type Position,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import {
  definition,
  documentHighlights,
  isRefusal,
  prepareRename,
  references,
  rename,
  type NavigationOptions,
} from '../../../src/server/features/navigation';
import { mayHoldSymbol } from '../../../src/server/features/navigationCandidate';
import { navigationIndex, occurrenceAt } from '../../../src/server/features/navigationIndex';
import type { Dockerfile } from '../../../src/server/syntax/ast';
import { parseDockerfile, reparseDockerfile } from '../../../src/server/syntax/parser';

const EOLS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
] as const;

const URI = 'file:///w/Dockerfile';

/** A document and a way to point into it by text. */
class Fixture {
  readonly doc: Dockerfile;

  constructor(
    readonly lines: readonly string[],
    eol: string,
    prefix = '',
  ) {
    this.doc = parseDockerfile(prefix + lines.join(eol) + eol);
  }

  /** The position of the `nth` `needle` on `line`, plus `offset` characters. */
  at(line: number, needle: string, offset = 0, nth = 0): Position {
    const text = this.lines[line] ?? '';
    let column = -1;
    for (let i = 0; i <= nth; i++) column = text.indexOf(needle, column + 1);
    assert.ok(column >= 0, `"${needle}" not on line ${line}: ${text}`);
    return { line, character: column + offset };
  }

  /** `line:start-end=text` for a single-line range. */
  show(range: Range): string {
    const text = (this.lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
    assert.equal(range.start.line, range.end.line);
    return `${range.start.line}:${range.start.character}-${range.end.character}=${text}`;
  }

  shown(locations: readonly Location[] | null): string[] {
    return (locations ?? []).map((location) => this.show(location.range));
  }

  refs(position: Position, includeDeclaration = true, options?: NavigationOptions): string[] {
    return this.shown(references(this.doc, URI, position, includeDeclaration, options));
  }

  def(position: Position, options?: NavigationOptions): string[] {
    return this.shown(definition(this.doc, URI, position, options));
  }

  highlights(position: Position): string[] {
    return (documentHighlights(this.doc, position) ?? []).map(
      (h) => `${this.show(h.range)}:${h.kind === DocumentHighlightKind.Write ? 'W' : 'R'}`,
    );
  }

  /** The document after applying a rename, or the refusal text. */
  renamed(position: Position, newName: string, options?: NavigationOptions): string[] | string {
    const result = rename(this.doc, URI, position, newName, options);
    if (result === null) return 'null';
    if (isRefusal(result)) return result.refused;
    return applyEdit(this.lines, result);
  }
}

function applyEdit(lines: readonly string[], edit: WorkspaceEdit): string[] {
  const out = lines.slice();
  const edits = (edit.changes?.[URI] ?? [])
    .slice()
    .sort((a, b) =>
      a.range.start.line !== b.range.start.line
        ? b.range.start.line - a.range.start.line
        : b.range.start.character - a.range.start.character,
    );
  for (const e of edits) {
    assert.equal(e.range.start.line, e.range.end.line);
    const line = out[e.range.start.line] ?? '';
    out[e.range.start.line] =
      line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
  }
  return out;
}

describe('navigation', () => {
  for (const [eolName, eol] of EOLS) {
    describe(`stages (${eolName})`, () => {
      const f = new Fixture(
        [
          'FROM alpine AS Build', // 0
          'RUN make',
          'FROM build AS test', // 2
          'COPY --from=BUILD /a /b', // 3
          'RUN --mount=type=cache,from=build,target=/x make', // 4
          'FROM scratch', // 5
          'COPY --from=0 /a /b', // 6
          'COPY --from=nginx:latest /a /b', // 7
          'ONBUILD COPY --from=build /a /b', // 8
          'COPY --from="test" /c /d', // 9
        ],
        eol,
      );

      it('finds every use of a stage, whatever its case', () => {
        assert.deepEqual(f.refs(f.at(0, 'Build')), [
          '0:15-20=Build',
          '2:5-10=build',
          '3:12-17=BUILD',
          '4:28-33=build',
          '8:20-25=build',
        ]);
        assert.deepEqual(f.refs(f.at(3, 'BUILD', 2), false), [
          '2:5-10=build',
          '3:12-17=BUILD',
          '4:28-33=build',
          '8:20-25=build',
        ]);
      });

      it('goes to the declaration from any use', () => {
        for (const position of [
          f.at(2, 'build'),
          f.at(3, 'BUILD', 5),
          f.at(4, 'from=build', 6),
          f.at(8, 'build'),
        ]) {
          assert.deepEqual(f.def(position), ['0:15-20=Build']);
        }
        assert.deepEqual(f.def(f.at(0, 'Build')), ['0:15-20=Build']);
        // Quotes around the flag value are not part of the name.
        assert.deepEqual(f.def(f.at(9, 'test')), ['2:14-18=test']);
      });

      it('leaves stage indexes and images alone', () => {
        assert.equal(prepareRename(f.doc, f.at(6, '0')), null);
        assert.deepEqual(f.refs(f.at(7, 'nginx')), []);
        assert.equal(definition(f.doc, URI, f.at(0, 'alpine')), null);
      });

      it('highlights the declaration as a write and the uses as reads', () => {
        assert.deepEqual(f.highlights(f.at(2, 'build')), [
          '0:15-20=Build:W',
          '2:5-10=build:R',
          '3:12-17=BUILD:R',
          '4:28-33=build:R',
          '8:20-25=build:R',
        ]);
      });

      it('prepares a rename on the name as written', () => {
        assert.deepEqual(prepareRename(f.doc, f.at(3, 'BUILD')), {
          range: { start: { line: 3, character: 12 }, end: { line: 3, character: 17 } },
          placeholder: 'BUILD',
        });
      });

      it('renames the declaration and every use, from a use', () => {
        assert.deepEqual(f.renamed(f.at(4, 'from=build', 7), 'compile'), [
          'FROM alpine AS compile',
          'RUN make',
          'FROM compile AS test',
          'COPY --from=compile /a /b',
          'RUN --mount=type=cache,from=compile,target=/x make',
          'FROM scratch',
          'COPY --from=0 /a /b',
          'COPY --from=nginx:latest /a /b',
          'ONBUILD COPY --from=compile /a /b',
          'COPY --from="test" /c /d',
        ]);
        const quoted = f.renamed(f.at(2, 'test'), 'Check.1');
        assert.ok(Array.isArray(quoted));
        assert.equal(quoted[9], 'COPY --from="Check.1" /c /d');
      });

      it('refuses invalid and clashing stage names', () => {
        assert.match(String(f.renamed(f.at(0, 'Build'), '1st')), /invalid name for build stage/);
        assert.match(String(f.renamed(f.at(0, 'Build'), 'a b')), /invalid name for build stage/);
        assert.match(String(f.renamed(f.at(0, 'Build'), 'TEST')), /already exists/);
        assert.match(String(f.renamed(f.at(0, 'Build'), 'alpine')), /image or build context/);
        // The same name in another case is fine.
        assert.ok(Array.isArray(f.renamed(f.at(0, 'Build'), 'BUILD')));
      });

      it('does not take a later stage for a FROM base', () => {
        const g = new Fixture(
          ['FROM later AS first', 'FROM alpine AS later', 'COPY --from=later /a /b'],
          eol,
        );
        assert.deepEqual(g.refs(g.at(1, 'later')), ['1:15-20=later', '2:12-17=later']);
        assert.equal(prepareRename(g.doc, g.at(0, 'later')), null);
      });
      it('lets COPY --from name a later stage, as BuildKit resolves sources after every stage', () => {
        const g = new Fixture(
          ['FROM alpine AS a', 'COPY --from=b /x /y', 'FROM alpine AS b', 'FROM a AS b'],
          eol,
        );
        // A repeated name is one symbol: renaming it renames every declaration.
        assert.deepEqual(g.refs(g.at(1, 'b')), ['1:12-13=b', '2:15-16=b', '3:10-11=b']);
        assert.deepEqual(g.def(g.at(1, 'b')), ['3:10-11=b']);
        assert.deepEqual(g.def(g.at(3, ' a ', 1)), ['0:15-16=a']);
      });
    });

    describe(`variables (${eolName})`, () => {
      const f = new Fixture(
        [
          'ARG VERSION=1.0', // 0
          'FROM alpine:${VERSION} AS base', // 1
          'ARG VERSION', // 2
          'ENV APP=/srv APP_V=$VERSION', // 3
          'RUN echo $APP ${VERSION:-x} \\', // 4
          '  && echo "$APP_V" \'$APP\'', // 5
          'FROM base AS child', // 6
          'ENV APP=/opt', // 7
          'RUN echo $APP $VERSION', // 8
          'CMD echo $APP $LATE', // 9
          'ENV LATE=1', // 10
          'FROM --platform=$BUILDPLATFORM alpine', // 11
          'RUN echo $TARGETPLATFORM $APP', // 12
          'ARG TARGETPLATFORM', // 13
          'RUN echo ${TARGETPLATFORM}', // 14
        ],
        eol,
      );

      it('binds a FROM line to the global ARG', () => {
        assert.deepEqual(f.def(f.at(1, 'VERSION')), ['0:4-11=VERSION']);
      });

      it('links a bare ARG in a stage to the global ARG', () => {
        assert.deepEqual(f.def(f.at(4, 'VERSION')), ['2:4-11=VERSION']);
        assert.deepEqual(f.def(f.at(2, 'VERSION')), ['0:4-11=VERSION']);
        assert.deepEqual(f.refs(f.at(0, 'VERSION')), [
          '0:4-11=VERSION',
          '1:14-21=VERSION',
          '2:4-11=VERSION',
          '3:20-27=VERSION',
          '4:16-23=VERSION',
          '8:15-22=VERSION',
        ]);
        assert.deepEqual(f.refs(f.at(8, 'VERSION'), false), [
          '1:14-21=VERSION',
          '3:20-27=VERSION',
          '4:16-23=VERSION',
          '8:15-22=VERSION',
        ]);
      });

      it('follows continuation lines and skips single quotes', () => {
        assert.deepEqual(f.refs(f.at(3, 'APP_V')), ['3:13-18=APP_V', '5:12-17=APP_V']);
        assert.deepEqual(f.refs(f.at(3, 'APP')), ['3:4-7=APP', '4:10-13=APP']);
      });

      it('keeps a shadowing ENV in a later stage apart', () => {
        assert.deepEqual(f.refs(f.at(7, 'APP')), ['7:4-7=APP', '8:10-13=APP', '9:10-13=APP']);
        assert.deepEqual(f.def(f.at(8, 'APP')), ['7:4-7=APP']);
        // A stage that does not build on either knows no APP.
        assert.deepEqual(f.def(f.at(12, 'APP')), []);
      });

      it('lets CMD see ENV set later in the stage', () => {
        assert.deepEqual(f.def(f.at(9, 'LATE')), ['10:4-8=LATE']);
      });

      it('treats predefined args as references without a definition', () => {
        assert.deepEqual(f.def(f.at(11, 'BUILDPLATFORM')), []);
        assert.deepEqual(f.refs(f.at(11, 'BUILDPLATFORM')), ['11:17-30=BUILDPLATFORM']);
        const refused = prepareRename(f.doc, f.at(11, 'BUILDPLATFORM'));
        assert.ok(isRefusal(refused));
        assert.match(refused.refused, /predefined/);
        // Before its ARG the name is the predefined one; the ARG links to it.
        assert.deepEqual(f.refs(f.at(12, 'TARGETPLATFORM')), [
          '12:10-24=TARGETPLATFORM',
          '13:4-18=TARGETPLATFORM',
          '14:11-25=TARGETPLATFORM',
        ]);
        assert.deepEqual(f.def(f.at(14, 'TARGETPLATFORM')), ['13:4-18=TARGETPLATFORM']);
        assert.match(String(f.renamed(f.at(14, 'TARGETPLATFORM'), 'PLATFORM')), /predefined/);
      });

      it('highlights declarations as writes', () => {
        assert.deepEqual(f.highlights(f.at(7, 'APP')), ['7:4-7=APP:W', '8:10-13=APP:R', '9:10-13=APP:R']);
      });

      it('renames a variable from a use, including the linked declarations', () => {
        assert.deepEqual(f.renamed(f.at(4, 'VERSION'), 'RELEASE').slice(0, 9), [
          'ARG RELEASE=1.0',
          'FROM alpine:${RELEASE} AS base',
          'ARG RELEASE',
          'ENV APP=/srv APP_V=$RELEASE',
          'RUN echo $APP ${RELEASE:-x} \\',
          '  && echo "$APP_V" \'$APP\'',
          'FROM base AS child',
          'ENV APP=/opt',
          'RUN echo $APP $RELEASE',
        ]);
      });

      it('refuses invalid names and names already in use', () => {
        assert.match(String(f.renamed(f.at(7, 'APP'), '9lives')), /not a valid variable name/);
        assert.match(String(f.renamed(f.at(7, 'APP'), 'A-B')), /not a valid variable name/);
        assert.match(String(f.renamed(f.at(0, 'VERSION'), 'APP')), /already used on line/);
        assert.match(String(f.renamed(f.at(10, 'LATE'), 'APP')), /already used on line/);
      });

      it('reads ENV values before setting and ARG pairs in turn', () => {
        const g = new Fixture(
          ['FROM alpine', 'ENV A=1', 'ENV A=2 B=$A', 'ARG X=1 Y=$X', 'ENV PATH=/x:$PATH'],
          eol,
        );
        assert.deepEqual(g.def(g.at(2, '$A', 1)), ['1:4-5=A']);
        assert.deepEqual(g.def(g.at(3, '$X', 1)), ['3:4-5=X']);
        // PATH comes from the base image: references work, rename does not.
        assert.deepEqual(g.def(g.at(4, '$PATH', 1)), []);
        assert.deepEqual(g.refs(g.at(4, '$PATH', 1)), ['4:13-17=PATH']);
        assert.match(String(g.renamed(g.at(4, '$PATH', 1), 'P')), /no declaration in scope/);
        // The declaration of PATH itself is a new variable that can be renamed.
        assert.ok(Array.isArray(g.renamed(g.at(4, 'PATH'), 'P')));
      });

      it('binds uses in flags, heredoc bodies and the legacy ENV form', () => {
        const g = new Fixture(
          [
            'FROM alpine',
            'ENV DIR /cache',
            'ARG USER=app',
            'RUN --mount=type=cache,target=$DIR <<EOF',
            'echo ${DIR} $USER',
            'EOF',
            "COPY --chown=$USER <<'EOT' /x",
            '$USER stays literal',
            'EOT',
          ],
          eol,
        );
        assert.deepEqual(g.refs(g.at(1, 'DIR')), ['1:4-7=DIR', '3:31-34=DIR', '4:7-10=DIR']);
        assert.deepEqual(g.refs(g.at(2, 'USER')), ['2:4-8=USER', '4:13-17=USER', '6:14-18=USER']);
      });

      it('reads global ARGs in order, FROM lines seeing the last', () => {
        const g = new Fixture(['ARG V=1', 'ARG W=$V V=2 X=$V', 'FROM alpine:$V', 'ONBUILD RUN echo $V'], eol);
        assert.deepEqual(g.def(g.at(1, '$V', 1)), ['0:4-5=V']);
        assert.deepEqual(g.def(g.at(1, '$V', 1, 1)), ['1:9-10=V']);
        assert.deepEqual(g.def(g.at(2, 'V')), ['1:9-10=V']);
        assert.deepEqual(g.refs(g.at(0, 'V')), ['0:4-5=V', '1:7-8=V']);
        // ONBUILD runs in another build: its variables are not this file's.
        assert.equal(definition(g.doc, URI, g.at(3, 'V')), null);
      });

      it('follows a long chain of stages', () => {
        const lines = ['FROM alpine AS s0', 'ENV ROOT=1'];
        for (let i = 1; i < 40; i++) lines.push(`FROM s${i - 1} AS s${i}`);
        lines.push('RUN echo $ROOT');
        const g = new Fixture(lines, eol);
        assert.deepEqual(g.def(g.at(lines.length - 1, 'ROOT')), ['1:4-8=ROOT']);
      });
    });

    describe(`heredoc delimiters (${eolName})`, () => {
      const f = new Fixture(
        [
          'FROM alpine',
          'RUN <<-"EOF" 3<<END bash',
          '\techo hi',
          '\tEOF',
          'one',
          'END',
          'ONBUILD RUN << DONE',
          'x',
          'DONE',
        ],
        eol,
      );

      it('pairs the opener with the closing line', () => {
        assert.deepEqual(f.refs(f.at(1, 'EOF')), ['1:8-11=EOF', '3:1-4=EOF']);
        assert.deepEqual(f.refs(f.at(3, 'EOF'), false), ['3:1-4=EOF']);
        assert.deepEqual(f.def(f.at(3, 'EOF')), ['1:8-11=EOF']);
        assert.deepEqual(f.highlights(f.at(5, 'END')), ['1:16-19=END:W', '5:0-3=END:R']);
        assert.deepEqual(f.refs(f.at(8, 'DONE')), ['6:15-19=DONE', '8:0-4=DONE']);
      });

      it('renames both ends, keeping quotes and the dash', () => {
        assert.deepEqual(f.renamed(f.at(3, 'EOF'), 'SCRIPT').slice(1, 4), [
          'RUN <<-"SCRIPT" 3<<END bash',
          '\techo hi',
          '\tSCRIPT',
        ]);
        assert.deepEqual(prepareRename(f.doc, f.at(1, 'END')), {
          range: { start: { line: 1, character: 16 }, end: { line: 1, character: 19 } },
          placeholder: 'END',
        });
      });

      it('refuses a name the body holds as a line, or an unusable one', () => {
        assert.match(String(f.renamed(f.at(1, 'END'), 'one')), /end it early/);
        assert.match(String(f.renamed(f.at(1, 'END'), '-x')), /not a usable heredoc delimiter/);
        assert.match(String(f.renamed(f.at(1, 'EOF'), 'a b')), /not a usable heredoc delimiter/);
      });
    });

    describe(`positions (${eolName})`, () => {
      it('counts a byte-order mark on the first line', () => {
        const f = new Fixture(['FROM alpine AS build', 'COPY --from=build /a /b'], eol, '\uFEFF');
        const bom = { bom: true };
        // The client's first line has one more character.
        assert.deepEqual(
          definition(f.doc, URI, { line: 1, character: 13 }, bom)?.map((l) => l.range),
          [{ start: { line: 0, character: 16 }, end: { line: 0, character: 21 } }],
        );
        assert.equal(references(f.doc, URI, { line: 0, character: 16 }, true, bom)?.length, 2);
        assert.equal(references(f.doc, URI, { line: 0, character: 15 }, true, bom), null);
      });

      it('maps names after escape-newlines and with the backtick escape', () => {
        const f = new Fixture(
          ['# escape=`', 'FROM alpine', 'ENV A=1 `', '  B=2', 'RUN echo `', '  $A `', '  && echo $B'],
          eol,
        );
        assert.deepEqual(f.refs(f.at(2, 'A')), ['2:4-5=A', '5:3-4=A']);
        assert.deepEqual(f.refs(f.at(3, 'B')), ['3:2-3=B', '6:11-12=B']);
      });

      it('answers null where there is no symbol and never throws on odd text', () => {
        const f = new Fixture(
          ['FROM', 'RUN $', 'ENV =', 'ARG', 'COPY --from= a b', 'RUN <<', 'FROM a AS'],
          eol,
        );
        for (let line = 0; line < f.lines.length; line++) {
          for (let character = 0; character <= (f.lines[line] ?? '').length; character++) {
            const p = { line, character };
            definition(f.doc, URI, p);
            references(f.doc, URI, p, true);
            documentHighlights(f.doc, p);
            prepareRename(f.doc, p);
            rename(f.doc, URI, p, 'X');
          }
        }
        assert.equal(definition(f.doc, URI, { line: 0, character: 1 }), null);
      });

      it('never rules out a position the index holds a symbol at', () => {
        const texts = [
          ['ARG V=1', 'FROM alpine:${V} AS Build', 'ARG V', 'ENV A=1 \\', '  B=$A', 'RUN echo $A ${B:-x} \\'],
          [
            '  && echo "$V"',
            'COPY --from=build /a /b',
            'RUN --mount=type=bind,from=build,target=/x <<-  "EOF"',
          ],
          [
            '\t# $A stays in the body',
            '\tEOF',
            'FROM build',
            'ONBUILD COPY --from=build <<END /x',
            '$HOME',
            'END',
          ],
        ].flat();
        const f = new Fixture(texts, eol);
        const index = navigationIndex(f.doc);
        let checked = 0;
        for (let line = 0; line < texts.length; line++) {
          for (let character = 0; character <= (texts[line] ?? '').length; character++) {
            const p = { line, character };
            if (occurrenceAt(index, p) === undefined) continue;
            checked++;
            assert.ok(mayHoldSymbol(f.doc, p), `ruled out ${line}:${character} in ${texts[line]}`);
          }
        }
        assert.ok(checked > 60);
        assert.equal(mayHoldSymbol(f.doc, f.at(5, 'echo')), false);
        assert.equal(mayHoldSymbol(f.doc, f.at(8, 'bind')), false);
      });

      it('builds the index once per parse', () => {
        const f = new Fixture(['FROM alpine'], eol);
        assert.equal(navigationIndex(f.doc), navigationIndex(f.doc));
      });

      it('answers after incremental edits as on a fresh parse', () => {
        const versions = [
          [
            'ARG V=1 W=$V',
            'FROM alpine AS base',
            'ARG V X=$V',
            'ENV A=$V \\',
            '    B=${A}',
            'RUN --mount=type=cache,from=base,target=/c echo $A $B',
            'COPY --from=base <<EOF /x',
            '$A',
            'EOF',
            'FROM base',
            'RUN echo $B $X',
          ],
          [
            'ARG V=1 W=$V',
            'FROM alpine AS base',
            'ARG V X=$V',
            'ENV A=$V \\',
            '    C=${A}',
            'RUN --mount=type=cache,from=base,target=/c echo $A $B',
            'COPY --from=base <<EOF /x',
            '$A',
            'EOF',
            'FROM base',
            'RUN echo $B $X',
          ],
          [
            'ARG V=1 W=$V',
            'FROM alpine AS base',
            'ARG V X=$V',
            'ENV A=$V \\',
            '    C=${A}',
            'RUN --mount=type=cache,from=base,target=/c echo $A $B',
            ' COPY --from=base <<END /x',
            '$A',
            'END',
            'FROM base',
            'RUN echo $B $X',
          ],
          [
            'ARG V=1 W=$V',
            'FROM alpine AS base',
            'ARG X=$V V',
            'ENV A=$V \\',
            '    C=${A}',
            'RUN --mount=type=cache,from=other,target=/c echo $A $B',
            ' COPY --from=base <<END /x',
            '$A',
            'END',
            'FROM base',
            'RUN echo $B $X',
          ],
        ];
        let doc = parseDockerfile((versions[0] ?? []).join(eol));
        for (const lines of versions) {
          const text = lines.join(eol);
          doc = reparseDockerfile(doc, text);
          const fresh = parseDockerfile(text);
          lines.forEach((line, row) => {
            for (let character = 0; character <= line.length; character++) {
              const p = { line: row, character };
              const where = `${row}:${character}`;
              assert.deepEqual(definition(doc, URI, p), definition(fresh, URI, p), where);
              assert.deepEqual(references(doc, URI, p, true), references(fresh, URI, p, true), where);
              assert.deepEqual(documentHighlights(doc, p), documentHighlights(fresh, p), where);
              assert.deepEqual(rename(doc, URI, p, 'NEW'), rename(fresh, URI, p, 'NEW'), where);
            }
          });
        }
      });
    });
  }
});
