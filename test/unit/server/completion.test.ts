import * as assert from 'node:assert/strict';
import { CompletionItemKind, CompletionItemTag, InsertTextFormat } from 'vscode-languageserver-types';
import type { CompletionItem, Range } from 'vscode-languageserver-types';
import { imagesFromRepoTags, mergeImageEntries } from '../../../src/shared/imageCompletion';
import {
  completionAt,
  imageCompletionItems,
  type CompletionOptions,
  type CompletionResult,
} from '../../../src/server/features/completion';
import { resolveCompletionItem } from '../../../src/server/features/completionDocs';
import { ImageRequester, readImagesAnswer } from '../../../src/server/handlers/completion';
import { parseDockerfile } from '../../../src/server/syntax/parser';
import { CancellationTokenSource, ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** The cursor in test texts. */
const CURSOR = '‸';
const EOLS: ReadonlyArray<readonly [string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
];

interface Completed extends CompletionResult {
  labels: string[];
  item(label: string): CompletionItem;
  newText(label: string): string;
  rangeOf(label: string): Range;
}

/** Completes at the cursor mark of `source` (written with \n), with `eol` as the line ending. */
function complete(source: string, eol: string, options: CompletionOptions = {}): Completed {
  const at = source.indexOf(CURSOR);
  assert.ok(at >= 0, 'the test text needs a cursor');
  const head = source.slice(0, at).split('\n');
  const position = { line: head.length - 1, character: head[head.length - 1]?.length ?? 0 };
  const text = source.replace(CURSOR, '').replace(/\n/g, eol);
  const result = completionAt(parseDockerfile(text), position, options);
  const item = (label: string): CompletionItem => {
    const found = result.items.find((i) => i.label === label);
    assert.ok(found, `no item ${label} in ${result.items.map((i) => i.label).join(', ')}`);
    return found;
  };
  const edit = (label: string): { newText: string; range: Range } => {
    const textEdit = item(label).textEdit;
    assert.ok(textEdit !== undefined && 'range' in textEdit);
    return textEdit;
  };
  return {
    ...result,
    labels: result.items.map((i) => i.label),
    item,
    newText: (label) => edit(label).newText,
    rangeOf: (label) => edit(label).range,
  };
}

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Runs a case once with \n and once with \r\n line endings. */
function both(name: string, body: (eol: string) => void): void {
  for (const [label, eol] of EOLS) it(`${name} (${label})`, () => body(eol));
}

describe('completion', () => {
  describe('instructions', () => {
    both('offers only FROM and ARG (and directives) in an empty file', (eol) => {
      const c = complete(CURSOR, eol);
      assert.ok(c.labels.includes('FROM'));
      assert.ok(c.labels.includes('ARG'));
      assert.ok(!c.labels.includes('RUN'));
      assert.ok(c.labels.includes('# syntax=docker/dockerfile:1'));
      assert.equal(c.newText('FROM'), 'FROM ');
      assert.deepEqual(c.rangeOf('FROM'), range(0, 0, 0));
      assert.equal(c.item('FROM').kind, CompletionItemKind.Keyword);
      assert.deepEqual(c.item('FROM').command?.command, 'editor.action.triggerSuggest');
    });

    both('offers only FROM and ARG before the first FROM', (eol) => {
      const c = complete(`ARG V=1\n${CURSOR}\nFROM alpine\n`, eol);
      assert.deepEqual(
        c.items.filter((i) => i.kind === CompletionItemKind.Keyword).map((i) => i.label),
        ['FROM', 'ARG'],
      );
      assert.ok(!c.labels.some((l) => l.startsWith('#')), 'directives only at the very top');
      const editing = complete(`ARG V=1\nFR${CURSOR}OM alpine\nRUN x\n`, eol);
      assert.ok(!editing.labels.includes('RUN'), 'the first FROM itself is still before the first FROM');
    });

    both('offers every instruction after FROM, MAINTAINER marked deprecated', (eol) => {
      const c = complete(`FROM alpine\nR${CURSOR}`, eol);
      for (const keyword of ['RUN', 'COPY', 'ADD', 'ENV', 'HEALTHCHECK', 'ONBUILD', 'FROM', 'SHELL']) {
        assert.ok(c.labels.includes(keyword), keyword);
      }
      assert.deepEqual(c.item('MAINTAINER').tags, [CompletionItemTag.Deprecated]);
      assert.deepEqual(c.rangeOf('RUN'), range(1, 0, 1));
      assert.ok(typeof c.item('RUN').detail === 'string' && c.item('RUN').detail !== '');
    });

    both('offers snippets for the common shapes, and none when snippets are off', (eol) => {
      const c = complete(`FROM alpine AS base\n${CURSOR}`, eol);
      const cache = c.items.find((i) => i.label.startsWith('RUN --mount=type=cache'));
      assert.equal(cache?.insertTextFormat, InsertTextFormat.Snippet);
      assert.equal(cache?.kind, CompletionItemKind.Snippet);
      assert.equal(cache?.filterText, 'RUN');
      assert.equal(
        (cache?.textEdit as { newText: string }).newText,
        'RUN --mount=type=cache,target=${1:/root/.cache} ${2:command}',
      );
      assert.equal(c.newText('FROM image AS name'), 'FROM ${1:image} AS ${2:name}');
      assert.equal(c.newText('COPY --from=stage src dest'), 'COPY --from=${1:stage} ${2:src} ${3:dest}');
      assert.ok(c.labels.some((l) => l.startsWith('HEALTHCHECK --interval=')));
      const plain = complete(`FROM alpine AS base\n${CURSOR}`, eol, { snippets: false });
      assert.ok(!plain.items.some((i) => i.kind === CompletionItemKind.Snippet));
    });

    both("follows the file's keyword casing", (eol) => {
      const lower = complete(`from alpine as base\nrun echo\n${CURSOR}`, eol);
      assert.ok(lower.labels.includes('run'));
      assert.ok(!lower.labels.includes('RUN'));
      assert.equal(lower.newText('from image as name'), 'from ${1:image} as ${2:name}');
      assert.ok(lower.labels.includes('healthcheck --interval=… --timeout=… cmd command'));
      const upper = complete(`FROM alpine\nRUN echo\nr${CURSOR}`, eol);
      assert.ok(upper.labels.includes('RUN'));
      const typed = complete(`fr${CURSOR}`, eol);
      assert.ok(typed.labels.includes('from'), 'an empty file follows what is typed');
    });

    both('replaces the whole keyword when editing one, without adding a space', (eol) => {
      const c = complete(`FROM alpine\nCO${CURSOR}PY . /src\n`, eol);
      assert.deepEqual(c.rangeOf('COPY'), range(1, 0, 4));
      assert.equal(c.newText('COPY'), 'COPY');
      assert.ok(!c.items.some((i) => i.kind === CompletionItemKind.Snippet));
    });

    both('offers ONBUILD triggers without ONBUILD, FROM and MAINTAINER', (eol) => {
      for (const source of [`FROM alpine\nONBUILD ${CURSOR}`, `FROM alpine\nONBUILD R${CURSOR}`]) {
        const c = complete(source, eol);
        assert.ok(c.labels.includes('RUN'));
        assert.ok(c.labels.includes('COPY'));
        for (const banned of ['ONBUILD', 'FROM', 'MAINTAINER']) assert.ok(!c.labels.includes(banned), banned);
        assert.ok(!c.labels.some((l) => l.startsWith('FROM ')), 'no FROM snippet');
      }
      const editing = complete(`FROM alpine\nONBUILD CO${CURSOR}PY . .`, eol);
      assert.deepEqual(editing.rangeOf('COPY'), range(1, 8, 12));
    });
  });

  describe('flags', () => {
    both('offers the flags of RUN, with the labs syntax too', (eol) => {
      const c = complete(`FROM alpine\nRUN --${CURSOR}`, eol);
      assert.deepEqual(c.labels, ['--mount', '--network', '--security', '--device']);
      assert.equal(c.newText('--mount'), '--mount=');
      assert.deepEqual(c.rangeOf('--mount'), range(1, 4, 6));
      assert.equal(c.item('--mount').kind, CompletionItemKind.Property);
      const labs = complete(`# syntax=docker/dockerfile:1-labs\nFROM alpine\nRUN -${CURSOR}`, eol);
      assert.ok(labs.labels.includes('--device'));
    });

    both('leaves out flags already given unless they repeat; bool flags stand bare', (eol) => {
      const c = complete(`FROM alpine\nCOPY --link --chown=1 --exclude=*.md --${CURSOR} . /app`, eol);
      assert.ok(!c.labels.includes('--link'));
      assert.ok(!c.labels.includes('--chown'));
      assert.ok(c.labels.includes('--exclude'));
      assert.ok(c.labels.includes('--from'));
      const bare = complete(`FROM alpine\nCOPY --${CURSOR}`, eol);
      assert.equal(bare.newText('--link'), '--link');
      assert.equal(bare.newText('--parents'), '--parents');
      const mounts = complete(`FROM alpine\nRUN --mount=type=cache,target=/c --${CURSOR}`, eol);
      assert.ok(mounts.labels.includes('--mount'));
    });

    both('offers ADD, HEALTHCHECK and FROM flags', (eol) => {
      assert.ok(complete(`FROM alpine\nADD --${CURSOR}`, eol).labels.includes('--checksum'));
      assert.ok(complete(`FROM alpine\nADD --${CURSOR}`, eol).labels.includes('--keep-git-dir'));
      const health = complete(`FROM alpine\nHEALTHCHECK --interval=5s --${CURSOR}`, eol).labels;
      assert.deepEqual(health, ['--timeout', '--start-period', '--start-interval', '--retries']);
      assert.deepEqual(complete(`FROM --${CURSOR}`, eol).labels, ['--platform']);
      assert.deepEqual(complete(`FROM alpine\nWORKDIR --${CURSOR}`, eol).labels, []);
    });

    both('offers no flags once the arguments have started', (eol) => {
      assert.deepEqual(complete(`FROM alpine\nRUN apt-get -${CURSOR}`, eol).items, []);
      assert.deepEqual(complete(`FROM alpine\nCOPY src --${CURSOR}`, eol).items, []);
    });

    both('offers the values of enumerated and boolean flags', (eol) => {
      const network = complete(`FROM alpine\nRUN --network=${CURSOR}`, eol);
      assert.deepEqual(network.labels, ['default', 'none', 'host']);
      assert.deepEqual(network.rangeOf('host'), range(1, 14, 14));
      assert.deepEqual(complete(`FROM alpine\nRUN --security=ins${CURSOR}`, eol).labels, [
        'sandbox',
        'insecure',
      ]);
      assert.deepEqual(
        complete(`FROM alpine\nRUN --security=ins${CURSOR}`, eol).rangeOf('insecure'),
        range(1, 15, 18),
      );
      assert.deepEqual(complete(`FROM alpine\nCOPY --link=${CURSOR}`, eol).labels, ['true', 'false']);
      const platform = complete(`FROM --platform=${CURSOR}`, eol).labels;
      assert.ok(platform.includes('$BUILDPLATFORM'));
      assert.ok(platform.includes('linux/arm64'));
      assert.ok(complete(`FROM alpine\nCOPY --chmod=${CURSOR}`, eol).labels.includes('755'));
      const quoted = complete(`FROM alpine\nRUN --network="${CURSOR}`, eol);
      assert.deepEqual(quoted.rangeOf('none'), range(1, 15, 15));
    });
  });

  describe('RUN --mount', () => {
    both('offers type first and the keys of the default bind type', (eol) => {
      const c = complete(`FROM alpine\nRUN --mount=${CURSOR}`, eol);
      assert.equal(c.newText('type'), 'type=');
      assert.equal(c.item('type').sortText, '0');
      assert.ok(c.labels.includes('target'));
      assert.ok(c.labels.includes('readonly'));
      assert.equal(c.newText('readonly'), 'readonly');
      assert.ok(!c.labels.includes('sharing'), 'sharing is for cache mounts');
      assert.deepEqual(c.rangeOf('target'), range(1, 12, 12));
    });

    both('offers the mount types after type=', (eol) => {
      const c = complete(`FROM alpine\nRUN --mount=type=${CURSOR}`, eol);
      assert.deepEqual(c.labels, ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
      assert.deepEqual(c.rangeOf('cache'), range(1, 17, 17));
      assert.ok(typeof c.item('cache').detail === 'string');
    });

    both('offers the keys of the type in use, leaving out keys (and aliases) already given', (eol) => {
      const cache = complete(`FROM alpine\nRUN --mount=type=cache,target=/root/.cache,${CURSOR}`, eol);
      assert.ok(cache.labels.includes('sharing'));
      assert.ok(cache.labels.includes('id'));
      assert.ok(!cache.labels.includes('type'));
      assert.ok(!cache.labels.includes('target'));
      assert.ok(!cache.labels.includes('size'));
      assert.deepEqual(cache.rangeOf('sharing'), range(1, 43, 43));
      const alias = complete(`FROM alpine\nRUN --mount=type=bind,dst=/x,ro,${CURSOR}`, eol);
      assert.ok(!alias.labels.includes('target'));
      assert.ok(!alias.labels.includes('readonly'));
      const secret = complete(`FROM alpine\nRUN --mount=type=secret,${CURSOR}`, eol);
      assert.ok(secret.labels.includes('required'));
      assert.ok(secret.labels.includes('env'));
      const tmpfs = complete(`FROM alpine\nRUN --mount=type=tmpfs,s${CURSOR}`, eol);
      assert.ok(tmpfs.labels.includes('size'));
      assert.deepEqual(tmpfs.rangeOf('size'), range(1, 23, 24));
    });

    both('offers the values of keys with fixed values, and stages after from=', (eol) => {
      const sharing = complete(`FROM alpine\nRUN --mount=type=cache,sharing=${CURSOR}`, eol);
      assert.deepEqual(sharing.labels, ['shared', 'private', 'locked']);
      const ro = complete(`FROM alpine\nRUN --mount=type=bind,readonly=${CURSOR}`, eol);
      assert.deepEqual(ro.labels, ['true', 'false']);
      const from = complete(`FROM alpine AS deps\nFROM alpine\nRUN --mount=type=bind,from=${CURSOR}`, eol);
      assert.deepEqual(from.labels, ['deps']);
      assert.equal(from.item('deps').kind, CompletionItemKind.Reference);
    });
  });

  describe('stages', () => {
    both('offers the earlier stages after COPY --from=', (eol) => {
      const c = complete(
        `FROM alpine AS one\nFROM alpine AS two\nFROM alpine\nCOPY --from=${CURSOR}\nFROM alpine AS later\n`,
        eol,
      );
      assert.deepEqual(c.labels, ['one', 'two']);
      assert.deepEqual(c.rangeOf('two'), range(3, 12, 12));
    });

    both('offers scratch and earlier stages in FROM, and where images go', (eol) => {
      const c = complete(`FROM alpine AS build\nFROM ${CURSOR}\nFROM x AS later\n`, eol);
      assert.deepEqual(c.labels, ['scratch', 'build']);
      assert.deepEqual(c.image, { prefix: '', line: 1, start: 5, end: 5 });
      const typed = complete(`FROM --platform=$BUILDPLATFORM ghcr.io/org/ap${CURSOR}`, eol);
      assert.deepEqual(typed.image, { prefix: 'ghcr.io/org/ap', line: 0, start: 31, end: 45 });
      const tag = complete(`FROM nginx:1.2${CURSOR}`, eol);
      assert.deepEqual(tag.labels, [], 'a tag is being typed: only tags fit');
      assert.equal(tag.image?.prefix, 'nginx:1.2');
      assert.equal(complete(`FROM nginx@sha${CURSOR}`, eol).image, undefined);
    });

    both('offers AS after the image and nothing for the stage name', (eol) => {
      const c = complete(`FROM alpine ${CURSOR}`, eol);
      assert.deepEqual(c.labels, ['AS']);
      assert.equal(c.image, undefined);
      assert.deepEqual(complete(`from alpine a${CURSOR}`, eol).labels, ['as']);
      assert.deepEqual(complete(`FROM alpine AS ${CURSOR}`, eol).items, []);
      const editing = complete(`FROM alpine A${CURSOR}S build`, eol);
      assert.equal(editing.newText('AS'), 'AS');
      assert.deepEqual(editing.rangeOf('AS'), range(0, 12, 14));
      assert.equal(complete(`FROM alpine ${CURSOR}`, eol).newText('AS'), 'AS ');
    });
  });

  describe('variables', () => {
    const stages = [
      'ARG BASE=3.20',
      'ARG UNUSED',
      'FROM alpine:$BASE AS base',
      'ARG BASE',
      'ENV APP_HOME=/srv',
      'FROM base AS child',
      'ARG VERSION=1.0',
      'RUN echo $‸',
      'ENV LATER=1',
      'FROM alpine AS other',
      'ENV OTHER=1',
    ].join('\n');

    both('offers the ARGs and ENVs in scope, through the stages a stage derives from', (eol) => {
      const c = complete(stages, eol);
      assert.deepEqual(c.labels, ['BASE', 'APP_HOME', 'VERSION']);
      assert.equal(c.item('BASE').detail, 'ARG BASE = 3.20');
      assert.equal(c.item('APP_HOME').detail, 'ENV APP_HOME = /srv');
      assert.equal(c.item('VERSION').kind, CompletionItemKind.Variable);
      assert.deepEqual(c.rangeOf('VERSION'), range(7, 10, 10));
    });

    both('offers global ARGs and the platform args in FROM', (eol) => {
      const c = complete(`ARG TAG=1\nFROM alpine:\${${CURSOR}`, eol);
      assert.ok(c.labels.includes('TAG'));
      assert.ok(c.labels.includes('TARGETARCH'));
      assert.ok(c.labels.includes('BUILDPLATFORM'));
      assert.equal(c.newText('TAG'), 'TAG}');
      assert.deepEqual(c.rangeOf('TAG'), range(1, 14, 14));
      const closed = complete(`ARG TAG=1\nFROM alpine:\${TA${CURSOR}}`, eol);
      assert.equal(closed.newText('TAG'), 'TAG');
      assert.deepEqual(closed.rangeOf('TAG'), range(1, 14, 16));
      assert.ok(
        complete(`ARG TAG=1\nFROM --platform=$${CURSOR} alpine`, eol).labels.includes('BUILDPLATFORM'),
      );
    });

    both('does not offer platform args inside a stage unless declared', (eol) => {
      const c = complete(`FROM alpine\nARG TARGETARCH\nRUN echo \${${CURSOR}`, eol);
      assert.deepEqual(c.labels, ['TARGETARCH']);
    });

    both('offers nothing after an escaped dollar', (eol) => {
      assert.deepEqual(complete(`FROM alpine\nENV A=1\nRUN echo \\$${CURSOR}`, eol).items, []);
    });

    both('offers variables inside heredoc bodies, and inside continued lines', (eol) => {
      const heredoc = complete(`FROM alpine\nENV A=1\nRUN <<EOF\necho $${CURSOR}\nEOF\n`, eol);
      assert.deepEqual(heredoc.labels, ['A']);
      assert.deepEqual(complete(`FROM alpine\nENV A=1\nRUN <<EOF\necho ${CURSOR}\nEOF\n`, eol).items, []);
      const continued = complete(`FROM alpine\nENV A=1\nRUN echo \\\n  $${CURSOR}`, eol);
      assert.deepEqual(continued.labels, ['A']);
    });

    both('offers ARG names: globals to redeclare, platform, BuildKit and proxy args', (eol) => {
      const c = complete(`ARG VERSION=1\nFROM alpine\nARG ${CURSOR}`, eol);
      assert.ok(c.labels.includes('VERSION'));
      assert.ok(c.labels.includes('TARGETPLATFORM'));
      assert.ok(c.labels.includes('BUILDKIT_INLINE_CACHE'));
      assert.ok(c.labels.includes('HTTP_PROXY'));
      const declared = complete(`ARG VERSION=1\nFROM alpine\nARG VERSION TARGETOS\nARG ${CURSOR}`, eol);
      assert.ok(!declared.labels.includes('VERSION'));
      assert.ok(!declared.labels.includes('TARGETOS'));
      assert.deepEqual(complete(`FROM alpine\nARG A=${CURSOR}`, eol).items, []);
    });
  });

  describe('arguments', () => {
    both('offers CMD and NONE after HEALTHCHECK flags, and signals after STOPSIGNAL', (eol) => {
      assert.deepEqual(complete(`FROM alpine\nHEALTHCHECK --interval=5s ${CURSOR}`, eol).labels, [
        'CMD',
        'NONE',
      ]);
      assert.deepEqual(complete(`FROM alpine\nHEALTHCHECK ${CURSOR}`, eol).labels, ['CMD', 'NONE']);
      assert.deepEqual(complete(`FROM alpine\nHEALTHCHECK CMD ${CURSOR}`, eol).items, []);
      assert.ok(complete(`FROM alpine\nSTOPSIGNAL ${CURSOR}`, eol).labels.includes('SIGTERM'));
      assert.deepEqual(complete(`FROM alpine\nRUN echo ${CURSOR}`, eol).items, []);
    });

    both('answers a space trigger only where a word is expected', (eol) => {
      const space = { triggerCharacter: ' ' };
      assert.deepEqual(complete(`FROM alpine\n ${CURSOR}`, eol, space).items, []);
      assert.deepEqual(complete(`FROM alpine\nRUN --network=host ${CURSOR}`, eol, space).items, []);
      assert.deepEqual(complete(`FROM alpine\n# ${CURSOR}`, eol, space).items, []);
      assert.ok(complete(`FROM ${CURSOR}`, eol, space).image !== undefined);
      assert.ok(complete(`FROM alpine\nONBUILD ${CURSOR}`, eol, space).labels.includes('RUN'));
    });
  });

  describe('comments', () => {
    both('offers parser directives at the top, leaving out ones already there', (eol) => {
      const c = complete(`# syntax=docker/dockerfile:1\n# ${CURSOR}\nFROM alpine`, eol);
      assert.deepEqual(c.labels.slice(0, 2), ['escape', 'check']);
      assert.equal(c.newText('escape'), 'escape=');
      assert.deepEqual(c.rangeOf('check'), range(1, 2, 2));
      assert.ok(c.labels.includes('hadolint'));
      const values = complete(`# syntax=${CURSOR}\nFROM alpine`, eol);
      assert.deepEqual(values.labels, ['docker/dockerfile:1', 'docker/dockerfile:1-labs']);
      assert.deepEqual(values.rangeOf('docker/dockerfile:1'), range(0, 9, 9));
      assert.deepEqual(complete(`# escape=${CURSOR}`, eol).labels, ['\\', '`']);
    });

    both('does not offer directives below an instruction', (eol) => {
      const c = complete(`FROM alpine\n# ${CURSOR}`, eol);
      assert.ok(!c.labels.includes('syntax'));
      assert.ok(c.labels.includes('check'));
      assert.ok(c.labels.includes('hadolint'));
      assert.deepEqual(complete(`FROM alpine\n# installs the ${CURSOR}`, eol).items, []);
    });

    both('offers check options, check names and experimental check names', (eol) => {
      assert.deepEqual(complete(`# check=${CURSOR}`, eol).labels, ['skip', 'error', 'experimental']);
      assert.deepEqual(complete(`# check=skip=all;${CURSOR}`, eol).labels, ['error', 'experimental']);
      const skip = complete(`# check=skip=StageNameCasing,${CURSOR}\nFROM alpine`, eol);
      assert.ok(skip.labels.includes('FromAsCasing'));
      assert.ok(!skip.labels.includes('StageNameCasing'));
      assert.ok(!skip.labels.includes('all'));
      assert.deepEqual(skip.rangeOf('FromAsCasing'), range(0, 29, 29));
      assert.ok(complete(`# check=skip=${CURSOR}`, eol).labels.includes('all'));
      assert.deepEqual(complete(`FROM alpine\n# check=experimental=${CURSOR}`, eol).labels, [
        'all',
        'InvalidDefinitionDescription',
      ]);
      assert.deepEqual(complete(`# check=error=${CURSOR}`, eol).labels, ['true', 'false']);
    });

    both('offers hadolint pragmas, rule codes and shells', (eol) => {
      assert.deepEqual(complete(`FROM alpine\n# hadolint ${CURSOR}`, eol).labels, [
        'ignore',
        'global ignore',
        'stage ignore',
        'shell',
      ]);
      assert.deepEqual(complete(`FROM alpine\n# hadolint global ${CURSOR}`, eol).labels, ['ignore']);
      const codes = complete(`FROM alpine\n# hadolint ignore=DL3008,${CURSOR}\nRUN apt-get install x`, eol);
      assert.ok(codes.labels.includes('DL3006'));
      assert.ok(codes.labels.includes('SC2086'));
      assert.ok(!codes.labels.includes('DL3008'));
      assert.deepEqual(codes.rangeOf('DL3006'), range(1, 25, 25));
      assert.ok(typeof codes.item('DL3006').detail === 'string');
      const shells = complete(`FROM alpine\n# hadolint shell=${CURSOR}`, eol);
      assert.ok(shells.labels.includes('powershell'));
    });
  });

  describe('documentation on resolve', () => {
    it('adds the reference text an item points to', () => {
      const c = complete(`FROM alpine\nRUN --${CURSOR}`, '\n');
      const mount = resolveCompletionItem(c.item('--mount'));
      const text = (mount.documentation as { value: string }).value;
      assert.ok(text.includes('RUN flag'));
      const keyword = resolveCompletionItem(complete(`FROM alpine\n${CURSOR}`, '\n').item('COPY'));
      assert.ok((keyword.documentation as { value: string }).value.includes('https://docs.docker.com/'));
      const type = resolveCompletionItem(complete(`FROM a\nRUN --mount=type=${CURSOR}`, '\n').item('cache'));
      assert.ok((type.documentation as { value: string }).value.includes('type=cache'));
      const rule = resolveCompletionItem(
        complete(`FROM a\n# hadolint ignore=${CURSOR}`, '\n').item('DL3006'),
      );
      assert.ok((rule.documentation as { value: string }).value.includes('DL3006'));
      const check = resolveCompletionItem(complete(`# check=skip=${CURSOR}`, '\n').item('UndefinedVar'));
      assert.ok((check.documentation as { value: string }).value.includes('UndefinedVar'));
    });

    it('leaves items without a reference, or with a malformed one, as they were', () => {
      const item: CompletionItem = { label: 'x', data: { doc: 'nonsense' } };
      assert.deepEqual(resolveCompletionItem(item), item);
      assert.deepEqual(resolveCompletionItem({ label: 'y', data: { doc: ['flag', 'RUN'] } }), {
        label: 'y',
        data: { doc: ['flag', 'RUN'] },
      });
      assert.deepEqual(resolveCompletionItem({ label: 'z' }), { label: 'z' });
    });
  });

  describe('images', () => {
    const images = [
      { name: 'nginx', tags: ['1.27', 'latest'] },
      { name: 'ghcr.io/org/app', tags: [] },
    ];

    it('turns reported images into names at the reference', () => {
      const items = imageCompletionItems({ prefix: 'ng', line: 3, start: 5, end: 7 }, images);
      assert.deepEqual(
        items.map((i) => i.label),
        ['nginx', 'ghcr.io/org/app'],
      );
      assert.equal(items[0]?.detail, 'Local image: 1.27, latest');
      assert.deepEqual((items[0]?.textEdit as { range: Range }).range, range(3, 5, 7));
    });

    it('offers the tags of the named image after a colon', () => {
      const items = imageCompletionItems({ prefix: 'nginx:1', line: 0, start: 5, end: 12 }, images);
      assert.deepEqual(
        items.map((i) => i.label),
        ['1.27', 'latest'],
      );
      assert.deepEqual((items[0]?.textEdit as { range: Range }).range, range(0, 11, 12));
      assert.deepEqual(imageCompletionItems({ prefix: 'redis:', line: 0, start: 5, end: 11 }, images), []);
    });

    it("offers a registry's repositories after host:port/ and its tags after repo:, replacing what was typed", () => {
      // `FROM 127.0.0.1:5000/` and `FROM 127.0.0.1:5000/seed/plain:` with the cursor at the end.
      const answer = [
        { name: '127.0.0.1:5000/seed/plain', tags: ['1'] },
        { name: '127.0.0.1:5000/seed/plain', tags: ['latest', '1'], registry: '127.0.0.1:5000' },
        { name: '127.0.0.1:5000/seed/service', tags: [], registry: '127.0.0.1:5000' },
      ];
      const names = imageCompletionItems({ prefix: '127.0.0.1:5000/', line: 1, start: 5, end: 20 }, answer);
      assert.deepEqual(
        names.map((i) => [i.label, i.detail, i.textEdit?.newText]),
        [
          ['127.0.0.1:5000/seed/plain', 'Local image: 1', '127.0.0.1:5000/seed/plain'],
          ['127.0.0.1:5000/seed/service', 'Repository on 127.0.0.1:5000', '127.0.0.1:5000/seed/service'],
        ],
      );
      assert.deepEqual((names[1]?.textEdit as { range: Range }).range, range(1, 5, 20));
      const prefix = '127.0.0.1:5000/seed/plain:';
      const end = 5 + prefix.length;
      const tags = imageCompletionItems({ prefix, line: 1, start: 5, end }, answer);
      assert.deepEqual(
        tags.map((i) => [i.label, i.detail]),
        [
          ['1', '127.0.0.1:5000/seed/plain:1 (local image)'],
          ['latest', '127.0.0.1:5000/seed/plain:latest (on 127.0.0.1:5000)'],
        ],
      );
      assert.deepEqual((tags[1]?.textEdit as { range: Range }).range, range(1, end, end));
      assert.deepEqual(
        tags.map((i) => i.sortText),
        ['0000', '0001'],
      );
    });

    it("merges the daemon images with a registry's, local first", () => {
      const local = [{ name: 'h:1/a', tags: ['1'] }];
      assert.deepEqual(
        mergeImageEntries(local, [
          { name: 'h:1/a', tags: [], registry: 'h:1' },
          { name: 'h:1/b', tags: [], registry: 'h:1' },
        ]),
        [
          { name: 'h:1/a', tags: ['1'] },
          { name: 'h:1/b', tags: [], registry: 'h:1' },
        ],
      );
      assert.deepEqual(mergeImageEntries(local, [{ name: 'h:1/a', tags: ['2'], registry: 'h:1' }]), [
        { name: 'h:1/a', tags: ['1'] },
        { name: 'h:1/a', tags: ['2'], registry: 'h:1' },
      ]);
      const many = Array.from({ length: 600 }, (_, i) => ({ name: `h:1/r${i}`, tags: [], registry: 'h:1' }));
      assert.equal(mergeImageEntries(local, many).length, 500);
    });

    it('groups the daemon tags by repository', () => {
      const tags = ['nginx:1.27', 'nginx:latest', 'localhost:5000/app:v1', '<none>:<none>', 'busybox'];
      assert.deepEqual(imagesFromRepoTags(tags, ''), [
        { name: 'nginx', tags: ['1.27', 'latest'] },
        { name: 'localhost:5000/app', tags: ['v1'] },
        { name: 'busybox', tags: [] },
      ]);
      assert.deepEqual(imagesFromRepoTags(tags, 'localhost:5000/app:'), [
        { name: 'localhost:5000/app', tags: ['v1'] },
      ]);
      // Without a slash after it, a colon starts a tag (`localhost:50` is the image localhost).
      assert.deepEqual(imagesFromRepoTags(tags, 'localhost:50'), []);
      assert.equal(imagesFromRepoTags(tags, 'localhost:5000/a').length, 3);
    });

    it('keeps only well-formed entries of an answer', () => {
      assert.deepEqual(readImagesAnswer(null), []);
      assert.deepEqual(readImagesAnswer({ images: 'x' }), []);
      assert.deepEqual(readImagesAnswer({ images: [{ name: 'a', tags: ['1', 2] }, { name: 3 }, null] }), [
        { name: 'a', tags: ['1'] },
      ]);
      assert.deepEqual(readImagesAnswer({ images: [{ name: 'h:1/a', tags: [], registry: 'h:1' }] }), [
        { name: 'h:1/a', tags: [], registry: 'h:1' },
      ]);
    });

    it('asks the client, and gives up on a client that does not answer in time', async () => {
      const never = new Promise<never>(() => undefined);
      let cancelled = false;
      const silent = new ImageRequester(
        {
          sendRequest: ((
            _method: string,
            _params: unknown,
            token: { onCancellationRequested(f: () => void): void },
          ) => {
            token.onCancellationRequested(() => (cancelled = true));
            return never;
          }) as never,
        },
        10,
      );
      const source = new CancellationTokenSource();
      assert.deepEqual(await silent.images('', source.token), []);
      assert.ok(cancelled, 'the unanswered request is cancelled');

      const answering = new ImageRequester({
        sendRequest: (() => Promise.resolve({ images: [{ name: 'nginx', tags: ['1'] }] })) as never,
      });
      assert.deepEqual(await answering.images('ng', source.token), [{ name: 'nginx', tags: ['1'] }]);
    });

    it('stops asking a client that does not know the request, and survives errors', async () => {
      let calls = 0;
      const unknown = new ImageRequester({
        sendRequest: (() => {
          calls++;
          return Promise.reject(new ResponseError(ErrorCodes.MethodNotFound, 'Unhandled method'));
        }) as never,
      });
      const token = new CancellationTokenSource().token;
      assert.deepEqual(await unknown.images('', token), []);
      assert.deepEqual(await unknown.images('', token), []);
      assert.equal(calls, 1);
      const failing = new ImageRequester({
        sendRequest: (() => Promise.reject(new Error('boom'))) as never,
      });
      assert.deepEqual(await failing.images('', token), []);
    });
  });

  describe('robustness', () => {
    const samples = [
      '',
      '\n\n',
      '# syntax=docker/dockerfile:1\n# check=skip=all\nARG A=1\nFROM alpine:$A AS b\nRUN --mount=type=cache,target=/c \\\n  # note\n  echo ${A:-x} \\\n\n  && true\nCOPY <<EOF /x\n$A\nEOF\nONBUILD RUN --network=none echo\nONBUILD\nHEALTHCHECK --interval=1s CMD ["x"]\n',
      'FROM\nRUN\nCOPY --\nENV\n  ARG =\n$\n${\nFROM a AS\nRUN <<-"E"\n\tbody\nONBUILD ONBUILD x\n',
      '# escape=`\nFROM a\nRUN echo `\n  $',
    ];

    both('never throws at any position of odd documents', (eol) => {
      for (const sample of samples) {
        const text = sample.replace(/\n/g, eol);
        const doc = parseDockerfile(text);
        const lines = sample.split('\n');
        lines.forEach((line, l) => {
          for (let ch = 0; ch <= line.length + 1; ch++) {
            for (const triggerCharacter of [undefined, ' ']) {
              const result = completionAt(
                doc,
                { line: l, character: ch },
                triggerCharacter === undefined ? {} : { triggerCharacter },
              );
              assert.ok(Array.isArray(result.items));
            }
          }
        });
        assert.deepEqual(completionAt(doc, { line: lines.length + 5, character: 0 }).items, []);
      }
    });
  });
});
