import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dockerfile } from '../../../src/server/syntax/ast';
import { parseDockerfile, parseDockerfileSliced, reparseDockerfile } from '../../../src/server/syntax/parser';
import { generateDockerfile } from '../../../bench/generate';
import { snapshot } from './treeSnapshot';

/** A sliced parse that ends a slice after every instruction; resolves with the tree and the pauses. */
async function slicedEveryInstruction(text: string): Promise<{ doc: Dockerfile; pauses: number }> {
  let pauses = 0;
  const doc = await parseDockerfileSliced(text, {
    shouldYield: () => true,
    pause: () => {
      pauses++;
      return Promise.resolve();
    },
  });
  assert.ok(doc !== undefined, 'a parse nobody stopped gives a tree');
  return { doc, pauses };
}

async function assertSameAsFullParse(text: string, label: string): Promise<void> {
  const { doc, pauses } = await slicedEveryInstruction(text);
  const full = parseDockerfile(text);
  assert.deepEqual(snapshot(doc), snapshot(full), `${label}: sliced and one-shot parses differ`);
  // One slice per instruction: every stop was a real one.
  assert.equal(pauses, full.instructions.length, `${label}: slices`);
}

const CRLF = (text: string): string => text.replace(/\n/g, '\r\n');

const EDGE_CASES: Record<string, string> = {
  empty: '',
  'only a newline': '\n',
  'only comments': '# one\n# two\n',
  directives: '# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\n\nFROM alpine\nRUN echo `\n  hi\n',
  'a repeated directive': '# escape=\\\n# escape=`\nFROM alpine\n',
  heredocs:
    'FROM alpine\nRUN <<EOF bash\nset -e\nEOF\nCOPY <<-"A" /a 3<<B /b\n\tone\n\tA\ntwo\nB\nLABEL x=y\n',
  'an unterminated heredoc': 'FROM alpine\nRUN <<EOF\necho never ends\n',
  'a continuation at the end': 'FROM alpine\nRUN echo one \\\n',
  'a continuation over comments and blank lines': 'FROM alpine\nRUN a \\\n# note\n\n  b\n# after\n',
  'a BOM': '\ufeffFROM alpine\nRUN true\n',
  CRLF: CRLF('# escape=\\\nFROM alpine AS a\nRUN x \\\n  y\nRUN <<EOF\nbody\nEOF\n# trailing\n'),
  'a lone CR': 'FROM alpine\rRUN true\r',
  'no final newline': 'FROM alpine\nONBUILD RUN make',
  'trailing comments': 'FROM alpine\n# one\n\n# two',
};

describe('sliced parse', () => {
  for (const [name, text] of Object.entries(EDGE_CASES)) {
    it(`gives the one-shot tree for ${name}`, () => assertSameAsFullParse(text, name));
  }

  it('gives the one-shot tree for generated files, LF and CRLF', async () => {
    for (const lines of [1, 40, 700]) {
      await assertSameAsFullParse(generateDockerfile(lines), `${lines} generated lines`);
      await assertSameAsFullParse(CRLF(generateDockerfile(lines)), `${lines} generated lines, CRLF`);
    }
  });

  it('gives the one-shot tree for every corpus file', async function () {
    const dir = join(process.cwd(), '..', 'shared', 'corpus');
    if (!existsSync(dir)) {
      console.log('  skipped: ../shared/corpus is absent');
      this.skip();
    }
    const files = readdirSync(dir).filter((name) => !name.endsWith('.md') && !name.endsWith('.tsv'));
    assert.ok(files.length > 0, 'the corpus has files');
    for (const name of files) await assertSameAsFullParse(readFileSync(join(dir, name), 'utf8'), name);
  });

  it('keeps what the next parse reuses: an edit is parsed incrementally from its tree', async () => {
    const text = generateDockerfile(300);
    const { doc } = await slicedEveryInstruction(text);
    const at = text.indexOf('make -C');
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const reparsed = reparseDockerfile(doc, edited);
    assert.deepEqual(snapshot(reparsed), snapshot(parseDockerfile(edited)));
    // An incremental parse keeps the untouched instructions; a full one would build new ones.
    assert.equal(reparsed.instructions[0], doc.instructions[0]);
    assert.equal(reparsed.instructions.at(-1), doc.instructions.at(-1));
  });

  it('lets other work run between slices', async () => {
    const order: string[] = [];
    const parse = parseDockerfileSliced(generateDockerfile(100), {
      shouldYield: () => true,
      pause: () => new Promise((resolve) => setImmediate(resolve)),
    }).then(() => order.push('parse'));
    const other = new Promise((resolve) => setImmediate(resolve)).then(() => order.push('other'));
    await Promise.all([parse, other]);
    assert.deepEqual(order, ['other', 'parse']);
  });

  it('reads in one slice when the budget is never used up', async () => {
    let pauses = 0;
    const doc = await parseDockerfileSliced(generateDockerfile(200), {
      shouldYield: () => false,
      pause: () => {
        pauses++;
        return Promise.resolve();
      },
    });
    assert.equal(pauses, 0);
    assert.ok((doc?.instructions.length ?? 0) > 50);
  });

  it('stops between slices when aborted, resolving undefined', async () => {
    const controller = new AbortController();
    let slices = 0;
    const doc = await parseDockerfileSliced(generateDockerfile(200), {
      signal: controller.signal,
      shouldYield: () => true,
      pause: () => {
        if (++slices === 3) controller.abort();
        return Promise.resolve();
      },
    });
    assert.equal(doc, undefined);
    assert.equal(slices, 3);
  });
});
