// Every hadolint rule the server knows, in code order.
import { hadolintRulesPart1 } from './part1';
import { hadolintRulesPart2 } from './part2';
import type { HadolintRule } from './rule';

export const hadolintRules: readonly HadolintRule[] = [...hadolintRulesPart1, ...hadolintRulesPart2].sort(
  (a, b) => a.code.localeCompare(b.code),
);
