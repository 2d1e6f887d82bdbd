// Commands that do not belong in a RUN: interactive or system tools (DL3001), `cd` instead of
// WORKDIR (DL3003) and `sudo` (DL3004).
import type { HadolintRule } from './rule';
import { commandHitsPerRun } from './p1Hits';

// hadolint's message also names `ifconfig`, but its check leaves it out, and so does this one.
const POINTLESS = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim']);

export const DL3001: HadolintRule = {
  code: 'DL3001',
  severity: 'info',
  message:
    'This command makes no sense in an image build (`ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`).',
  check(ctx) {
    return commandHitsPerRun(
      ctx,
      [...POINTLESS],
      () => true,
      (labels) =>
        `${labels.map((name) => `\`${name}\``).join(', ')} ${labels.length === 1 ? 'makes' : 'make'} no sense in an image build; leave ${labels.length === 1 ? 'it' : 'them'} to the running container.`,
    );
  },
};

export const DL3003: HadolintRule = {
  code: 'DL3003',
  severity: 'warning',
  message: 'Use WORKDIR to switch to a directory instead of `cd`.',
  check(ctx) {
    // hadolint checks `cd` in plain RUNs only, not in ONBUILD triggers.
    return commandHitsPerRun(ctx, ['cd'], (_command, site) => site.instruction.keyword !== 'ONBUILD');
  },
};

export const DL3004: HadolintRule = {
  code: 'DL3004',
  severity: 'error',
  message: 'Do not use `sudo`: it behaves unpredictably without a TTY; run as root with USER instead.',
  check(ctx) {
    return commandHitsPerRun(ctx, ['sudo'], () => true);
  },
};

export const runCommandRules: readonly HadolintRule[] = [DL3001, DL3003, DL3004];
