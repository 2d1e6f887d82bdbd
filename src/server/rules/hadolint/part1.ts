// The registry of this half of hadolint's rules.
import type { HadolintRule } from './rule';

export const hadolintRulesPart1: readonly HadolintRule[] = [];
