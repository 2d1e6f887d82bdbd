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

/**
 * Median milliseconds of `runs` calls, after the same warm-up for both sides (up to 100 calls or
 * 3 s) so the JIT has settled: an editor's server lints the same kind of text over and over.
 */
function measure(run: () => unknown, runs: number): number {
  const warmUntil = Date.now() + 3000;
  for (let i = 0; i < 100 && Date.now() < warmUntil; i++) run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function row(name: string, oursMs: number, anchorMs: number, oursCount: number, anchorCount: number): string {
  return `| ${name} | ${oursMs.toFixed(2)} ms (${oursCount} diagnostics) | ${anchorMs.toFixed(2)} ms (${anchorCount} diagnostics) | ${(anchorMs / oursMs).toFixed(1)}× |`;
}

const lines: string[] = [];
lines.push('| input | Dockwright | dockerfile-utils 0.16.3 validate() | speed-up |');
lines.push('|---|---|---|---|');

const large = generateDockerfile(4800);
lines.push(
  row(
    'generated multi-stage, 4,800 lines',
    measure(() => ours(large), 15),
    measure(() => anchor(large), 15),
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
      measure(all(ours), 25),
      measure(all(anchor), 25),
      all(ours)(),
      all(anchor)(),
    ),
  );
} else {
  lines.push('| ../shared/corpus | skipped: the corpus is absent | | |');
}

// A 10 MB file: only ours, once (the anchor takes too long to be worth a row at this size).
const huge = generateDockerfileOfSize(10 * 1024 * 1024);
const hugeStart = process.hrtime.bigint();
const hugeCount = ours(huge);
const hugeMs = Number(process.hrtime.bigint() - hugeStart) / 1e6;
lines.push(
  `| ${(huge.length / 1024 / 1024).toFixed(1)} MB generated file | ${hugeMs.toFixed(0)} ms (${hugeCount} diagnostics) | not measured | |`,
);

console.log(lines.join('\n'));
