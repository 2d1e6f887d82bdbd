// A request about the name under the cursor reads an index narrowed to that variable name. Every
// variable occurrence of the generated file and of the corpus must get from it exactly what the
// whole index gives: the same occurrence, the same declaration and the same group.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDockerfile } from '../../../bench/generate';
import { variableNamesAt } from '../../../src/server/features/navigationCandidate';
import {
  narrowNavigationIndex,
  navigationIndex,
  occurrenceAt,
  type NavigationIndex,
} from '../../../src/server/features/navigationIndex';
import type { Position, Range } from '../../../src/server/syntax/ast';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const text = (range: Range | undefined): string =>
  range === undefined
    ? '-'
    : `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;

/** What the requests read at a position: the occurrence, its declaration, its symbol's group. */
function answer(index: NavigationIndex, position: Position): string {
  const occurrence = occurrenceAt(index, position);
  if (occurrence === undefined) return 'none';
  const symbol = index.symbols[occurrence.symbol];
  return [
    text(occurrence.range),
    text(occurrence.target?.range),
    symbol?.kind,
    symbol?.refusal ?? '',
    (symbol?.occurrences ?? []).map((o) => `${o.declaration ? 'w' : 'r'}${text(o.range)}`).join(' '),
  ].join(' | ');
}

function compare(source: string, label: string): number {
  const whole = navigationIndex(parseDockerfile(source));
  // A second parse of its own: its whole index is never built, so the narrowed one is read.
  const narrowDoc = parseDockerfile(source);
  let checked = 0;
  for (const occurrence of whole.occurrences) {
    if (whole.symbols[occurrence.symbol]?.kind !== 'variable') continue;
    for (const position of [occurrence.range.start, occurrence.range.end]) {
      const narrow = narrowNavigationIndex(narrowDoc, variableNamesAt(narrowDoc, position));
      assert.notEqual(narrow, whole);
      assert.equal(
        answer(narrow, position),
        answer(whole, position),
        `${label} at ${text(occurrence.range)}`,
      );
      checked++;
    }
  }
  return checked;
}

describe('navigation index narrowed to the name under the cursor', () => {
  it('answers like the whole index at every variable of the generated file', () => {
    assert.ok(compare(generateDockerfile(600), 'generated') > 100);
  });

  it('answers like the whole index on tricky scopes', () => {
    const source = [
      'ARG BASE=alpine V=1',
      'FROM $BASE AS one',
      'ARG V',
      'ENV A=$V B=${A:-x} V=2',
      'RUN echo $V$A ${B} "$HOME"',
      'FROM one',
      'ARG BASE',
      'RUN echo $V $BASE',
      'CMD echo $A',
      'ONBUILD RUN echo $V',
      '',
    ].join('\n');
    assert.ok(compare(source, 'scopes') > 10);
  });

  it('answers like the whole index at every variable of the corpus', function () {
    const dir = join(process.cwd(), '..', 'shared', 'corpus');
    if (!existsSync(dir)) {
      console.log('      skipped: ../shared/corpus is absent');
      this.skip();
    }
    let checked = 0;
    for (const name of readdirSync(dir).filter((n) => !n.endsWith('.md') && !n.endsWith('.tsv'))) {
      checked += compare(readFileSync(join(dir, name), 'utf8'), name);
    }
    assert.ok(checked > 100, `${checked} positions`);
  });
});
