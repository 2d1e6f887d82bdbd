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
import { hadolintContext, runScriptText } from '../src/server/rules/hadolint/engine';
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
const warm = hadolintContext(doc, stages, DEFAULT_HADOLINT_CONFIG, suppressions);
for (const run of runs) warm.script(run);

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
    'context + script() of every RUN',
    measure(() => {
      const ctx = hadolintContext(doc, stages, DEFAULT_HADOLINT_CONFIG, suppressions);
      for (const run of runs) ctx.script(run);
    }),
  ],
];
const ruleRows: Array<[string, number]> = hadolintRules.map((rule) => [
  rule.code,
  measure(() => {
    try {
      rule.check(warm);
    } catch {
      // A failing rule is skipped by the engine too.
    }
  }),
]);
ruleRows.sort((a, b) => b[1] - a[1]);
const total = ruleRows.reduce((sum, [, ms]) => sum + ms, 0);

console.log('| step | ms |\n|---|---|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(3)} |`);
console.log(`| hadolint rules with scripts parsed (sum) | ${total.toFixed(3)} |`);
console.log(
  `\n${runs.length} RUNs, ${doc.instructions.length} instructions, ${stages.stages.length} stages\n`,
);
console.log('| rule (scripts already parsed) | ms |\n|---|---|');
for (const [code, ms] of ruleRows.slice(0, 25)) console.log(`| ${code} | ${ms.toFixed(3)} |`);
