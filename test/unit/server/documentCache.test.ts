import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache } from '../../../src/server/documentCache';
import { parseDockerfile } from '../../../src/server/syntax/parser';
import { generateDockerfile } from '../../../bench/generate';
import { snapshot } from './treeSnapshot';

const URI = 'file:///w/cache/Dockerfile';

/** A cache that slices every document longer than 1,000 characters, one instruction per slice. */
function slicingCache(): { cache: DocumentCache; slices: () => number } {
  let slices = 0;
  const cache = new DocumentCache({
    slicedAbove: 1_000,
    slicing: {
      shouldYield: () => true,
      pause: () => {
        slices++;
        return new Promise((resolve) => setImmediate(resolve));
      },
    },
  });
  return { cache, slices: () => slices };
}

function edited(document: TextDocument, text: string): TextDocument {
  return TextDocument.update(document, [{ text }], document.version + 1);
}

describe('document cache', () => {
  const large = generateDockerfile(200);

  it('parses a small document at once and reuses the tree for its version', async () => {
    const { cache, slices } = slicingCache();
    const document = TextDocument.create(URI, 'dockerfile', 1, 'FROM alpine\nRUN true\n');
    const first = await cache.parse(document);
    assert.equal(await cache.parse(document), first);
    assert.equal(cache.get(document), first);
    assert.equal(cache.parses, 1);
    assert.equal(slices(), 0);
  });

  it('reads a large document in slices, once for all the requests of its version', async () => {
    const { cache, slices } = slicingCache();
    const document = TextDocument.create(URI, 'dockerfile', 1, large);
    const [a, b] = await Promise.all([cache.parse(document), cache.parse(document)]);
    assert.ok(a !== undefined);
    assert.equal(a, b);
    assert.equal(cache.parses, 1);
    assert.ok(slices() > 10, `${slices()} slices`);
    assert.deepEqual(snapshot(a), snapshot(parseDockerfile(large)));
    assert.equal(await cache.parse(document), a);
    assert.equal(cache.parses, 1);
  });

  it('parses an edit of a parsed large document at once, from the previous tree', async () => {
    const { cache } = slicingCache();
    let document = TextDocument.create(URI, 'dockerfile', 1, large);
    const before = await cache.parse(document);
    const parsesBefore = cache.parses;
    const text = large.replace('make -C', 'make -j4 -C');
    document = edited(document, text);
    const parse = cache.parse(document);
    // Settled already: an awaited promise that is still pending would lose this race.
    const settled = await Promise.race([
      parse,
      new Promise((resolve) => setImmediate(() => resolve('late'))),
    ]);
    assert.notEqual(settled, 'late');
    const after = await parse;
    assert.deepEqual(snapshot(after!), snapshot(parseDockerfile(text)));
    assert.equal(after?.instructions.at(-1), before?.instructions.at(-1));
    assert.equal(cache.parses, parsesBefore + 1);
  });

  it('gives each version its own tree when the document changes during the first parse', async () => {
    const { cache } = slicingCache();
    let document = TextDocument.create(URI, 'dockerfile', 1, large);
    const first = cache.parse(document);
    const text = large + 'LABEL added=yes\n';
    document = edited(document, text);
    const second = cache.parse(document);
    const [one, two] = await Promise.all([first, second]);
    assert.equal(one?.text, large);
    assert.equal(two?.text, text);
    assert.deepEqual(snapshot(two), snapshot(parseDockerfile(text)));
    // The second version was parsed from the first, not read again.
    assert.equal(two?.instructions[0], one?.instructions[0]);
    assert.equal(cache.get(document), two);
    assert.equal(cache.parses, 2);
  });

  it('drops the first parse when the document closes', async () => {
    const { cache, slices } = slicingCache();
    const document = TextDocument.create(URI, 'dockerfile', 1, large);
    const parse = cache.parse(document);
    cache.delete(URI);
    assert.equal(await parse, undefined);
    assert.ok(slices() < 3, `${slices()} slices after the close`);
    assert.equal(cache.parses, 0);
  });

  it('drops the first parse when a later version is parsed in one go', async () => {
    const { cache } = slicingCache();
    let document = TextDocument.create(URI, 'dockerfile', 1, large);
    const parse = cache.parse(document);
    document = edited(document, 'FROM alpine\n');
    const small = await cache.parse(document);
    assert.equal(small?.text, 'FROM alpine\n');
    assert.equal(await parse, undefined);
    assert.equal(cache.get(document), small);
  });
});
