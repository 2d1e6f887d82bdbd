// Where the diagnostics time goes on the generated 4,800-line file: parse, the shared models, each
// rule family and each hadolint rule (median milliseconds).
// Usage: node bench/run.mjs rules [lines]
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
import { suppressionsOf } from '../src/server/rules/hadolint/suppressions';
import { generateDockerfile } from './generate';

/** Median milliseconds of `runs` calls after two warm-up calls. */
function measure(run: () => unknown, runs = 21): number {
  run();
  run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const text = generateDockerfile(Number(process.argv[2] ?? 4800));
const doc = parseDockerfile(text);
const stages = stagesOf(doc.instructions);
const suppressions = suppressionsOf(doc, stages);
const runs = doc.instructions.filter((i) => i.keyword === 'RUN' || i.trigger?.keyword === 'RUN');
/** A fresh context whose RUN scripts are already parsed, so a rule's own work can be timed. */
function parsedContext(): ReturnType<typeof hadolintContext> {
  const ctx = hadolintContext(doc, stages, DEFAULT_HADOLINT_CONFIG, suppressions);
  for (const run of runs) ctx.script(run);
  return ctx;
}

/** Median milliseconds of one rule on fresh (parsed) contexts: shared memos are not reused. */
function measureRule(rule: (typeof hadolintRules)[number], runs = 21): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const ctx = parsedContext();
    const start = process.hrtime.bigint();
    try {
      rule.check(ctx);
    } catch {
      // A failing rule is skipped by the engine too.
    }
    if (i >= 2) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const rows: Array<[string, number]> = [
  ['diagnose(parse(text)), all of it', measure(() => diagnose(parseDockerfile(text)))],
  ['parseDockerfile', measure(() => parseDockerfile(text))],
  ['stagesOf', measure(() => stagesOf(doc.instructions))],
  ['suppressionsOf', measure(() => suppressionsOf(doc, stages))],
  ['syntax rules', measure(() => syntaxFindings(doc))],
  ['buildkit checks', measure(() => buildkitFindings(doc, {}))],
  [
    'parseShell of every RUN',
    measure(() => runs.map((run) => parseShell(runScriptText(run.trigger ?? run)))),
  ],
  [
    'every hadolint rule on a fresh context',
    measure(() => hadolintFindings(doc, hadolintRules, { stages, suppressions, includeDefaultOff: true })),
  ],
  [
    'context + script() of every RUN',
    measure(() => {
      const ctx = hadolintContext(doc, stages, DEFAULT_HADOLINT_CONFIG, suppressions);
      for (const run of runs) ctx.script(run);
    }),
  ],
];
const ruleRows: Array<[string, number]> = hadolintRules.map((rule) => [rule.code, measureRule(rule)]);
ruleRows.sort((a, b) => b[1] - a[1]);
const total = ruleRows.reduce((sum, [, ms]) => sum + ms, 0);
const sumOf = (codes: ReadonlySet<string>): number =>
  ruleRows.filter(([code]) => codes.has(code)).reduce((sum, [, ms]) => sum + ms, 0);
const part1 = sumOf(new Set(hadolintRulesPart1.map((rule) => rule.code)));
const part2 = sumOf(new Set(hadolintRulesPart2.map((rule) => rule.code)));

console.log('| step | ms |\n|---|---|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(3)} |`);
console.log(`| each hadolint rule alone, scripts parsed (sum) | ${total.toFixed(3)} |`);
console.log(`| … DL1001, DL3000–DL3033 | ${part1.toFixed(3)} |`);
console.log(`| … DL3034–DL3067, DL4000–DL4006 | ${part2.toFixed(3)} |`);
console.log(
  `\n${runs.length} RUNs, ${doc.instructions.length} instructions, ${stages.stages.length} stages\n`,
);
console.log('| rule (scripts already parsed) | ms |\n|---|---|');
for (const [code, ms] of ruleRows.slice(0, 25)) console.log(`| ${code} | ${ms.toFixed(3)} |`);
