import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile, reparseDockerfile } from '../../../src/server/syntax/parser';
import { generateDockerfile } from '../../../bench/generate';
import { snapshot } from './treeSnapshot';

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const snippets = [
  '\n',
  ' \\\n',
  '\\',
  'RUN echo hi\n',
  '# a comment\n',
  'FROM alpine AS x\n',
  'RUN <<EOF\necho body\nEOF\n',
  'EOF\n',
  '<<EOF',
  'ENV A=1 B=2\n',
  'ONBUILD RUN x\n',
  '\r\n',
  '   ',
  '$VAR',
  '"',
  '# escape=`\n',
  'COPY <<-"END" /x\n\tbody\n\tEND\n',
];

/** Applies a random edit: insert a snippet, delete a span, or replace a span. */
function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const choice = next();
  if (choice < 0.4) {
    const piece = snippets[Math.floor(next() * snippets.length)] ?? '';
    return text.slice(0, at) + piece + text.slice(at);
  }
  const length = Math.floor(next() * 40);
  if (choice < 0.7) return text.slice(0, at) + text.slice(at + length);
  const piece = snippets[Math.floor(next() * snippets.length)] ?? '';
  return text.slice(0, at) + piece + text.slice(at + length);
}

function checkChain(start: string, seed: number, steps: number): void {
  const next = random(seed);
  let text = start;
  let doc = parseDockerfile(text);
  for (let step = 0; step < steps; step++) {
    const edited = edit(text, next);
    const incremental = reparseDockerfile(doc, edited);
    const full = parseDockerfile(edited);
    assert.deepEqual(
      snapshot(incremental),
      snapshot(full),
      `seed ${seed}, step ${step}: incremental and full parses differ`,
    );
    text = edited;
    doc = incremental;
  }
}

const CRLF = (text: string): string => text.replace(/\n/g, '\r\n');

describe('incremental parse', () => {
  const base = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE=alpine',
    'FROM $BASE AS build',
    '# install',
    'RUN apk add \\',
    '    # a comment inside',
    '',
    '    curl',
    'RUN <<EOF bash',
    'set -e',
    'echo one',
    'EOF',
    'COPY --from=build <<-"END" /etc/x',
    '\tliteral $X',
    '\tEND',
    'ENV A=1 \\',
    '    B="two words"',
    'ONBUILD RUN make',
    'LABEL a=b',
    'HEALTHCHECK --interval=5s CMD ["true"]',
    '# trailing',
    '',
  ].join('\n');

  it('gives the same tree as a full parse for a typed character in the middle', () => {
    const doc = parseDockerfile(base);
    const at = base.indexOf('curl');
    const edited = base.slice(0, at) + 'x' + base.slice(at);
    assert.deepEqual(snapshot(reparseDockerfile(doc, edited)), snapshot(parseDockerfile(edited)));
  });

  it('moves the instructions after an inserted line', () => {
    const doc = parseDockerfile(base);
    const at = base.indexOf('LABEL');
    const edited = base.slice(0, at) + 'RUN added\n' + base.slice(at);
    const reparsed = reparseDockerfile(doc, edited);
    assert.deepEqual(snapshot(reparsed), snapshot(parseDockerfile(edited)));
    const label = reparsed.instructions.find((i) => i.keyword === 'LABEL');
    assert.equal(label?.range.start.line, 19);
  });

  it('reuses the untouched instructions when no line is added or removed', () => {
    const doc = parseDockerfile(base);
    const at = base.indexOf('make');
    const edited = base.slice(0, at) + 'M' + base.slice(at + 1);
    const reparsed = reparseDockerfile(doc, edited);
    assert.equal(reparsed.instructions[0], doc.instructions[0]);
    assert.equal(reparsed.instructions.at(-1), doc.instructions.at(-1));
    assert.notEqual(
      reparsed.instructions.find((i) => i.keyword === 'ONBUILD'),
      doc.instructions.find((i) => i.keyword === 'ONBUILD'),
    );
  });

  it('reads a heredoc again when its terminator is edited away and back', () => {
    let doc = parseDockerfile(base);
    const at = base.indexOf('EOF\nCOPY');
    const broken = base.slice(0, at) + 'EO' + base.slice(at + 3);
    doc = reparseDockerfile(doc, broken);
    assert.deepEqual(snapshot(doc), snapshot(parseDockerfile(broken)));
    doc = reparseDockerfile(doc, base);
    assert.deepEqual(snapshot(doc), snapshot(parseDockerfile(base)));
  });

  it('parses in full when the directives change', () => {
    const doc = parseDockerfile(base);
    const edited = '# escape=`\n' + base;
    assert.deepEqual(snapshot(reparseDockerfile(doc, edited)), snapshot(parseDockerfile(edited)));
  });

  for (const [name, text] of [
    ['LF', base],
    ['CRLF', CRLF(base)],
    ['generated', generateDockerfile(120)],
  ] as const) {
    it(`matches a full parse over 300 random edits (${name})`, () => {
      const seeds = Number(process.env.DOCKWRIGHT_FUZZ_SEEDS ?? 3);
      for (let seed = 1; seed <= seeds; seed++) checkChain(text, seed * 7919 + name.length, 100);
    });
  }

  it('matches a full parse over random edits of every corpus file', function () {
    const dir = join(process.cwd(), '..', 'shared', 'corpus');
    if (!existsSync(dir)) {
      console.log('  skipped: ../shared/corpus is absent');
      this.skip();
    }
    const files = readdirSync(dir).filter((name) => !name.endsWith('.md') && !name.endsWith('.tsv'));
    files.forEach((name, index) => checkChain(readFileSync(join(dir, name), 'utf8'), index + 1, 20));
  });
});
