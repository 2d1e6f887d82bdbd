// hadolint's ShellCheck spec against the real shellcheck binary: `rule: "SC"` means any SC code.
// Skipped when the fixtures or the binary are absent.
import { spawnSync } from 'node:child_process';
import type { Dockerfile } from '../../src/server/syntax/ast';
import { parseDockerfile } from '../../src/server/syntax/parser';
import type { Finding } from '../../src/server/rules/finding';
import { parsePragma } from '../../src/server/rules/hadolint/pragmas';
import { shellcheckReport } from '../../src/server/rules/shellcheck/index';
import { holdFloor, loadSuite } from './support';

interface ShellcheckCase {
  id: string;
  rule: string;
  dockerfile: string;
  expect: 'fires' | 'silent';
  count?: number;
  title: string;
}

const binary = process.env.SHELLCHECK_PATH ?? 'shellcheck';

function shellcheckAvailable(): boolean {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * The ignore pragmas, as hadolint applies them to SC codes: `ignore=` for the instruction below
 * the comment, `global ignore=` everywhere, `stage ignore=` until the next FROM.
 */
function withoutIgnored(doc: Dockerfile, findings: readonly Finding[]): Finding[] {
  const global = new Set<string>();
  const pragmas = doc.comments.flatMap((comment) => {
    const pragma = parsePragma(comment.text);
    return pragma?.kind === 'ignore' ? [{ line: comment.range.start.line, pragma }] : [];
  });
  for (const { pragma } of pragmas) if (pragma.scope === 'global') pragma.codes.forEach((c) => global.add(c));
  const ownerLine = (line: number): number =>
    doc.instructions.find((i) => i.range.start.line <= line && line <= i.range.end.line)?.range.start.line ??
    line;
  const stageStart = (line: number): number =>
    doc.instructions.findLast((i) => i.keyword === 'FROM' && i.range.start.line <= line)?.range.start.line ??
    -1;
  return findings.filter((finding) => {
    if (global.has(finding.code)) return false;
    const line = ownerLine(finding.range.start.line);
    return !pragmas.some(({ line: at, pragma }) => {
      if (!pragma.codes.includes(finding.code)) return false;
      if (pragma.scope === 'next') return at + 1 === line;
      return pragma.scope === 'stage' && at < line && stageStart(at) === stageStart(line);
    });
  });
}

describe('hadolint ShellCheck conformance', function () {
  it('matches hadolint-shellcheck.jsonl', async function () {
    const cases = loadSuite<ShellcheckCase>('hadolint-shellcheck.jsonl');
    if (cases === undefined) return this.skip();
    if (!shellcheckAvailable()) {
      console.log(`  skipped: no shellcheck binary (${binary}) to run the ShellCheck suite with`);
      return this.skip();
    }
    const failures: string[] = [];
    for (const c of cases) {
      const doc = parseDockerfile(c.dockerfile);
      const report = await shellcheckReport(doc, { path: binary });
      if (report.problem !== undefined) {
        failures.push(`${c.id}: ${report.problem}`);
        continue;
      }
      const hits = withoutIgnored(doc, report.findings).filter((f) =>
        c.rule === 'SC' ? f.code.startsWith('SC') : f.code === c.rule,
      );
      const describeHits = (): string => hits.map((f) => `${f.code}@${f.range.start.line + 1}`).join(', ');
      if (c.expect === 'silent' && hits.length > 0) {
        failures.push(`${c.id} (${c.title}): expected silence, got ${describeHits()}`);
      } else if (c.expect === 'fires' && hits.length === 0) {
        failures.push(`${c.id} (${c.title}): expected an SC finding, got none`);
      } else if (c.expect === 'fires' && c.count !== undefined && hits.length !== c.count) {
        failures.push(`${c.id} (${c.title}): expected ${c.count}, got ${describeHits()}`);
      }
    }
    holdFloor('hadolint-shellcheck', cases.length, failures);
  });
});
