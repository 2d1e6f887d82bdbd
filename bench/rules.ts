// Where the diagnostics time goes: parse, the shared models, each rule family and each hadolint
// rule (median milliseconds, summed over the input documents). Each step runs on a fresh parse,
// so the AST's lazily computed parts are paid by whoever asks first, as in diagnose().
// Usage: node bench/run.mjs rules                         (the generated 4,800-line file)
//        DOCKWRIGHT_BENCH_INPUT=corpus node bench/run.mjs rules   (every file of ../shared/corpus)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dockerfile, Instruction } from '../src/server/syntax/ast';
import { parseDockerfile } from '../src/server/syntax/parser';
import { parseShell } from '../src/server/semantics/shell';
import { stagesOf } from '../src/server/semantics/stages';
import { diagnose } from '../src/server/rules/diagnose';
import { syntaxFindings } from '../src/server/rules/syntax';
import { buildkitFindings } from '../src/server/rules/buildkit';
import { DEFAULT_HADOLINT_CONFIG } from '../src/server/rules/hadolint/config';
import { hadolintContext, hadolintFindings, runScriptText } from '../src/server/rules/hadolint/engine';
import { hadolintRulesPart1 } from '../src/server/rules/hadolint/part1';
import { hadolintRulesPart2 } from '../src/server/rules/hadolint/part2';
import { hadolintRules } from '../src/server/rules/hadolint/registry';
import type { HadolintContext, HadolintRule } from '../src/server/rules/hadolint/rule';
import { suppressionsOf } from '../src/server/rules/hadolint/suppressions';
import { generateDockerfile } from './generate';

function inputs(): { name: string; texts: string[] } {
  if (process.env.DOCKWRIGHT_BENCH_INPUT === 'corpus') {
    const dir = join(process.cwd(), '..', 'shared', 'corpus');
    if (existsSync(dir)) {
      const names = readdirSync(dir).filter((name) => !name.endsWith('.md') && !name.endsWith('.tsv'));
      return {
        name: `../shared/corpus (${names.length} files)`,
        texts: names.map((name) => readFileSync(join(dir, name), 'utf8')),
      };
    }
  }
  return { name: 'generated multi-stage, 4,800 lines', texts: [generateDockerfile(4800)] };
}

const { name, texts } = inputs();
const ROUNDS = 21;
// The engine is a lot of code: the JIT needs a few hundred small documents (or a few passes over
// a large one) before it has settled.
const WARMUP = texts.length === 1 ? 8 : Math.ceil(350 / texts.length);

/** Median over rounds of the summed time `step` takes on each input, prepared untimed by `prepare`. */
function measure<T>(prepare: (text: string) => T, step: (prepared: T) => unknown, rounds = ROUNDS): number {
  const times: number[] = [];
  for (let round = 0; round < rounds + WARMUP; round++) {
    const prepared = texts.map(prepare);
    let total = 0;
    for (const input of prepared) {
      const start = process.hrtime.bigint();
      try {
        step(input);
      } catch {
        // A failing rule is skipped by the engine too.
      }
      total += Number(process.hrtime.bigint() - start) / 1e6;
    }
    if (round >= WARMUP) times.push(total);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function runsOf(doc: Dockerfile): Instruction[] {
  return doc.instructions.filter((i) => i.keyword === 'RUN' || i.trigger?.keyword === 'RUN');
}

/** A fresh parse with its stage model and pragmas. */
function modelled(text: string): {
  doc: Dockerfile;
  stages: ReturnType<typeof stagesOf>;
  suppressions: ReturnType<typeof suppressionsOf>;
} {
  const doc = parseDockerfile(text);
  const stages = stagesOf(doc.instructions);
  return { doc, stages, suppressions: suppressionsOf(doc, stages) };
}

/** A fresh context whose RUN scripts are already parsed, so a rule's own work can be timed. */
function parsedContext(text: string): HadolintContext {
  const { doc, stages, suppressions } = modelled(text);
  const ctx = hadolintContext(doc, stages, DEFAULT_HADOLINT_CONFIG, suppressions);
  for (const run of runsOf(doc)) ctx.script(run);
  return ctx;
}

const same = (text: string): string => text;
const rows: Array<[string, number]> = [
  ['diagnose(parse(text)), all of it', measure(same, (text) => diagnose(parseDockerfile(text)))],
  ['parseDockerfile', measure(same, parseDockerfile)],
  ['stagesOf', measure(parseDockerfile, (doc) => stagesOf(doc.instructions))],
  [
    'suppressionsOf',
    measure(
      (text) => {
        const doc = parseDockerfile(text);
        return { doc, stages: stagesOf(doc.instructions) };
      },
      ({ doc, stages }) => suppressionsOf(doc, stages),
    ),
  ],
  ['syntax rules', measure(parseDockerfile, syntaxFindings)],
  ['buildkit checks', measure(parseDockerfile, (doc) => buildkitFindings(doc, {}))],
  [
    'parseShell of every RUN',
    measure(
      (text) => runsOf(parseDockerfile(text)).map((run) => runScriptText(run.trigger ?? run)),
      (scripts) => scripts.map(parseShell),
    ),
  ],
  [
    'every hadolint rule (default config)',
    measure(modelled, ({ doc, stages, suppressions }) =>
      hadolintFindings(doc, hadolintRules, { stages, suppressions }),
    ),
  ],
  [
    'context + script() of every RUN',
    measure(modelled, ({ doc, stages, suppressions }) => {
      const ctx = hadolintContext(doc, stages, DEFAULT_HADOLINT_CONFIG, suppressions);
      for (const run of runsOf(doc)) ctx.script(run);
    }),
  ],
];
const ruleRows: Array<[string, number]> = hadolintRules.map((rule: HadolintRule) => [
  rule.code,
  measure(parsedContext, (ctx) => rule.check(ctx), 7),
]);
ruleRows.sort((a, b) => b[1] - a[1]);
/** All of `rules` on one fresh context whose scripts are parsed, so shared indexes count once. */
const together = (rules: readonly HadolintRule[]): number =>
  measure(parsedContext, (ctx) => {
    for (const rule of rules) rule.check(ctx);
  });
const part1 = together(hadolintRulesPart1);
const part2 = together(hadolintRulesPart2);

const docs = texts.map(parseDockerfile);
const count = (of: (doc: Dockerfile) => number): number => docs.reduce((sum, doc) => sum + of(doc), 0);
console.log(
  `${name}: ${count((doc) => runsOf(doc).length)} RUNs, ${count((doc) => doc.instructions.length)} instructions, ` +
    `${count((doc) => stagesOf(doc.instructions).stages.length)} stages\n`,
);
console.log('| step | ms |\n|---|---|');
for (const [step, ms] of rows) console.log(`| ${step} | ${ms.toFixed(3)} |`);
console.log(`| DL1001, DL3000–DL3033 together, scripts parsed | ${part1.toFixed(3)} |`);
console.log(`| DL3034–DL3067, DL4000–DL4006 together, scripts parsed | ${part2.toFixed(3)} |`);
console.log('\n| one rule alone on a fresh context, scripts parsed | ms |\n|---|---|');
for (const [code, ms] of ruleRows.slice(0, 25)) console.log(`| ${code} | ${ms.toFixed(3)} |`);
