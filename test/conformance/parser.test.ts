// BuildKit's parser test files: our tree, dumped in BuildKit's form, must equal its results;
// the negative files must be errors; line numbers must match.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../src/server/syntax/parser';
import { chompHeredoc, heredocMarkers, parseHeredocWord } from '../../src/server/syntax/heredocs';
import { dumpDockerfile } from './dump';
import { holdFloor, loadSuite } from './support';

interface ParserCase {
  id: string;
  set: string;
  dockerfile: string;
  result: string | null;
  expect: 'ok' | 'error';
  lineRanges?: { ast: [number, number]; children: Array<[number, number]> };
}

interface HeredocCase {
  id: string;
  kind?: 'chomp' | 'word' | 'line';
  dockerfile?: string;
  child?: number;
  expectedHeredocs?: Array<{
    name: string;
    content: string;
    expand: boolean;
    chomp: boolean;
    fileDescriptor: number;
  }> | null;
  content?: string;
  expectedContent?: string;
  word?: string;
  expectedName?: string | null;
  line?: string;
  heredocNames?: string[] | null;
  expect: 'ok' | 'error';
}

function parserFailure(c: ParserCase): string | undefined {
  const doc = parseDockerfile(c.dockerfile);
  const errors = doc.problems.filter((problem) => problem.severity === 'error');
  if (c.expect === 'error') {
    return errors.length > 0 ? undefined : `${c.id}: expected a parse error`;
  }
  if (errors.length > 0) return `${c.id}: unexpected ${errors[0]?.message ?? ''}`;
  if (c.result !== null && dumpDockerfile(doc) !== c.result) {
    return `${c.id}: dump differs\n${dumpDockerfile(doc)}\n-- expected --\n${c.result}`;
  }
  if (c.lineRanges !== undefined) {
    const got = doc.instructions.map((i) => [i.range.start.line + 1, i.range.end.line + 1]);
    if (JSON.stringify(got) !== JSON.stringify(c.lineRanges.children)) {
      return `${c.id}: lines ${JSON.stringify(got)} != ${JSON.stringify(c.lineRanges.children)}`;
    }
  }
  return undefined;
}

function heredocFailure(c: HeredocCase): string | undefined {
  if (c.kind === 'chomp') {
    return chompHeredoc(c.content ?? '') === c.expectedContent ? undefined : `${c.id}: chomp`;
  }
  if (c.kind === 'word') {
    const parsed = parseHeredocWord(c.word ?? '');
    if (c.expect === 'error') return parsed.ok ? `${c.id}: expected an error` : undefined;
    const name = parsed.ok ? (parsed.marker?.name ?? null) : 'error';
    return name === c.expectedName ? undefined : `${c.id}: ${String(name)} != ${String(c.expectedName)}`;
  }
  if (c.kind === 'line') {
    const names = heredocMarkers(c.line ?? '').markers.map((marker) => marker.name);
    const expected = c.heredocNames ?? [];
    return JSON.stringify(names) === JSON.stringify(expected)
      ? undefined
      : `${c.id}: ${JSON.stringify(names)}`;
  }
  const doc = parseDockerfile(c.dockerfile ?? '');
  const instruction = doc.instructions[c.child ?? 0];
  if (instruction === undefined) return `${c.id}: no child ${String(c.child)}`;
  const target = instruction.trigger ?? instruction;
  const got = target.heredocs.map(({ name, content, expand, chomp, fileDescriptor }) => ({
    name,
    content,
    expand,
    chomp,
    fileDescriptor,
  }));
  const expected = c.expectedHeredocs ?? [];
  return JSON.stringify(got) === JSON.stringify(expected)
    ? undefined
    : `${c.id}: ${JSON.stringify(got)} != ${JSON.stringify(expected)}`;
}

describe('conformance: BuildKit parser', function () {
  it('buildkit-parser.jsonl', function () {
    const cases = loadSuite<ParserCase>('buildkit-parser.jsonl');
    if (cases === undefined) this.skip();
    const failures = cases.map(parserFailure).filter((f): f is string => f !== undefined);
    holdFloor('buildkit-parser', cases.length, failures);
  });

  it('buildkit-heredoc.jsonl', function () {
    const cases = loadSuite<HeredocCase>('buildkit-heredoc.jsonl');
    if (cases === undefined) this.skip();
    const failures = cases.map(heredocFailure).filter((f): f is string => f !== undefined);
    holdFloor('buildkit-heredoc', cases.length, failures);
  });

  it('never throws on the parser and heredoc texts cut at every line', function () {
    const cases = loadSuite<ParserCase>('buildkit-parser.jsonl');
    if (cases === undefined) this.skip();
    for (const c of cases) {
      const lines = c.dockerfile.split('\n');
      for (let n = 0; n <= lines.length; n++) {
        assert.doesNotThrow(() => parseDockerfile(lines.slice(0, n).join('\n')));
      }
    }
  });
});
