// Diagnostics speed against dockerfile-utils' validate() (the validator behind the most used
// Dockerfile language server), measured in the same process, printed as ratios.
// Usage: npm run bench
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { parseDockerfile } from '../src/server/syntax/parser';
import { diagnose } from '../src/server/rules/diagnose';
import { generateDockerfile, generateDockerfileOfSize } from './generate';

function ours(text: string): number {
  return diagnose(parseDockerfile(text)).findings.length;
}

function anchor(text: string): number {
  return validate(text).length;
}

interface Timing {
  readonly median: number;
  readonly p10: number;
}

/**
 * Times both sides alternately, one call each per round, after the same alternating warm-up (at
 * least 20 rounds, then up to 100 or 3 s) so the JIT has settled: an editor's server lints the
 * same kind of text over and over. Alternating keeps a burst of load on a shared machine from
 * landing on one side.
 */
function measurePair(ours: () => unknown, anchor: () => unknown, runs: number): [Timing, Timing] {
  const warmUntil = Date.now() + 3000;
  for (let i = 0; i < 100 && (i < 20 || Date.now() < warmUntil); i++) {
    ours();
    anchor();
  }
  const times: [number[], number[]] = [[], []];
  const sides = [ours, anchor];
  for (let i = 0; i < runs; i++) {
    for (let side = 0; side < 2; side++) {
      const start = process.hrtime.bigint();
      sides[side]?.();
      times[side]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const timing = (list: number[]): Timing => {
    list.sort((a, b) => a - b);
    return { median: list[Math.floor(list.length / 2)] ?? 0, p10: list[Math.floor(list.length / 10)] ?? 0 };
  };
  return [timing(times[0]), timing(times[1])];
}

function row(
  name: string,
  [oursMs, anchorMs]: [Timing, Timing],
  oursCount: number,
  anchorCount: number,
): string {
  return (
    `| ${name} | ${oursMs.median.toFixed(2)} ms (${oursCount} diagnostics) | ${anchorMs.median.toFixed(2)} ms ` +
    `(${anchorCount} diagnostics) | ${(anchorMs.median / oursMs.median).toFixed(1)}× ` +
    `| ${oursMs.p10.toFixed(2)} / ${anchorMs.p10.toFixed(2)} ms: ${(anchorMs.p10 / oursMs.p10).toFixed(1)}× |`
  );
}

const lines: string[] = [];
lines.push('| input | Dockwright | dockerfile-utils 0.16.3 validate() | speed-up (medians) | p10s |');
lines.push('|---|---|---|---|---|');

const large = generateDockerfile(4800);
lines.push(
  row(
    'generated multi-stage, 4,800 lines',
    measurePair(
      () => ours(large),
      () => anchor(large),
      21,
    ),
    ours(large),
    anchor(large),
  ),
);

const corpusDir = join(process.cwd(), '..', 'shared', 'corpus');
if (existsSync(corpusDir)) {
  const texts = readdirSync(corpusDir)
    .filter((name) => !name.endsWith('.md') && !name.endsWith('.tsv'))
    .map((name) => readFileSync(join(corpusDir, name), 'utf8'));
  const all = (lint: (text: string) => number) => () => texts.reduce((sum, text) => sum + lint(text), 0);
  lines.push(
    row(
      `../shared/corpus (${texts.length} files, all of them)`,
      measurePair(all(ours), all(anchor), 25),
      all(ours)(),
      all(anchor)(),
    ),
  );
} else {
  lines.push('| ../shared/corpus | skipped: the corpus is absent | | | |');
}

// A 10 MB file: only ours, once (the anchor takes too long to be worth a row at this size).
const huge = generateDockerfileOfSize(10 * 1024 * 1024);
const hugeStart = process.hrtime.bigint();
const hugeCount = ours(huge);
const hugeMs = Number(process.hrtime.bigint() - hugeStart) / 1e6;
lines.push(
  `| ${(huge.length / 1024 / 1024).toFixed(1)} MB generated file | ${hugeMs.toFixed(0)} ms (${hugeCount} diagnostics) | not measured | | |`,
);

console.log(lines.join('\n'));
