// hadolint's own rule tests: each case must fire (or stay silent, or fire exactly `count` times)
// for its rule, with its configuration, and with every rule enabled as hadolint's tests run them.
import { parseDockerfile } from '../../src/server/syntax/parser';
import {
  DEFAULT_HADOLINT_CONFIG,
  type HadolintConfig,
  type LabelType,
} from '../../src/server/rules/hadolint/config';
import { hadolintFindings } from '../../src/server/rules/hadolint/engine';
import { hadolintRules } from '../../src/server/rules/hadolint/registry';
import { holdFloor, loadSuite } from './support';

interface HadolintCase {
  id: string;
  rule: string;
  dockerfile: string;
  expect: 'fires' | 'silent';
  count?: number;
  onbuild: boolean;
  config?: {
    trustedRegistries?: string[];
    'label-schema'?: Record<string, LabelType>;
    'strict-labels'?: boolean;
  };
  title: string;
}

function configOf(c: HadolintCase): HadolintConfig {
  return {
    ...DEFAULT_HADOLINT_CONFIG,
    trustedRegistries: c.config?.trustedRegistries ?? [],
    labelSchema: c.config?.['label-schema'] ?? {},
    strictLabels: c.config?.['strict-labels'] ?? false,
  };
}

/** Why a case fails, or undefined when it passes. */
export function hadolintFailure(c: HadolintCase): string | undefined {
  const doc = parseDockerfile(c.dockerfile);
  const hits = hadolintFindings(doc, hadolintRules, { config: configOf(c), includeDefaultOff: true }).filter(
    (finding) => finding.code === c.rule,
  );
  const ok =
    c.count !== undefined
      ? hits.length === c.count
      : c.expect === 'fires'
        ? hits.length > 0
        : hits.length === 0;
  if (ok) return undefined;
  const want = c.count !== undefined ? `${c.count}×` : c.expect;
  return `${c.id} (${c.title}): want ${want}, got ${hits.length} — ${JSON.stringify(c.dockerfile)}`;
}

describe('conformance: hadolint', function () {
  it('hadolint.jsonl', function () {
    const cases = loadSuite<HadolintCase>('hadolint.jsonl');
    if (cases === undefined) this.skip();
    const only = process.env.DOCKWRIGHT_RULES?.split(',');
    const selected = only === undefined ? cases : cases.filter((c) => only.includes(c.rule));
    const failures = selected.map(hadolintFailure).filter((f): f is string => f !== undefined);
    const byRule = new Map<string, number>();
    for (const failure of failures) {
      const rule = failure.split('-')[0] ?? '';
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    }
    if (byRule.size > 0)
      console.log(`  failing per rule: ${[...byRule].map(([r, n]) => `${r}:${n}`).join(' ')}`);
    if (only !== undefined) {
      holdFloor('hadolint (selected rules)', selected.length, failures);
      return;
    }
    holdFloor('hadolint', cases.length, failures);
  });
});
