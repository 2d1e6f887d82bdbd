// BuildKit's BFlags.Parse: each `--name[=value]` must be a flag the instruction registers, given
// once unless it repeats, with a value when it needs one and a boolean when it is a switch. The
// syntax version in force decides which flags exist at all.
import type { Flag, Instruction } from '../../syntax/ast';
import type { FlagSpec } from '../../syntax/flags';
import { minorOf, report, suggestExact, withSuggestion, type Sink, type SyntaxVersion } from './support';

/** Whether the pinned frontend has the flag; a reason when it does not. */
function unavailableIn(spec: FlagSpec, syntax: SyntaxVersion): string | undefined {
  if (!syntax.known) return undefined;
  if (spec.labsOnly === true && !syntax.labs) return 'only the labs channel has it';
  if (syntax.pinned === undefined) return undefined;
  const pinned = syntax.pinned;
  const stable = spec.since === undefined ? undefined : minorOf(spec.since);
  const labs = spec.labsSince === undefined ? undefined : minorOf(spec.labsSince);
  if (stable !== undefined && pinned >= stable) return undefined;
  if (syntax.labs && labs !== undefined && pinned >= labs) return undefined;
  if (spec.labsOnly === true && labs !== undefined && pinned >= labs) return undefined;
  if (stable === undefined && labs === undefined) return undefined;
  const needs = stable !== undefined ? `1.${stable}` : `1.${labs ?? 0}-labs`;
  return `it needs docker/dockerfile:${needs}`;
}

/**
 * Checks the flags of one instruction against what it accepts; returns the flags that parsed,
 * by name, for the value checks that follow.
 */
const NONE_USED: ReadonlyMap<string, Flag[]> = new Map();

function specNamed(accepted: readonly FlagSpec[], name: string): FlagSpec | undefined {
  for (const spec of accepted) if (spec.name === name) return spec;
  return undefined;
}

export function parseFlags(
  sink: Sink,
  instruction: Instruction,
  accepted: readonly FlagSpec[],
  anchor: string,
): ReadonlyMap<string, Flag[]> {
  // Most instructions have no flags at all.
  if (instruction.flags.length === 0) return NONE_USED;
  const used = new Map<string, Flag[]>();
  for (const flag of instruction.flags) {
    const spec = specNamed(accepted, flag.name);
    if (spec === undefined) {
      const names = accepted.map((candidate) => candidate.name);
      const message = withSuggestion(`unknown flag: --${flag.name}`, suggestExact(flag.name, names));
      report(sink, 'DW020', message, flag.nameRange, anchor);
      continue;
    }
    const missing = unavailableIn(spec, sink.syntax);
    if (missing !== undefined) {
      report(sink, 'DW025', `unknown flag: --${flag.name} (${missing})`, flag.nameRange, anchor);
      continue;
    }
    const seen = used.get(flag.name);
    if (seen !== undefined && !spec.repeatable) {
      report(sink, 'DW021', `duplicate flag specified: --${flag.name}`, flag.range, anchor);
      continue;
    }
    if (spec.kind === 'bool') {
      if (flag.value === '') {
        report(sink, 'DW022', `missing a value on flag: --${flag.name}`, flag.range, anchor);
        continue;
      }
      const lower = (flag.value ?? '').toLowerCase();
      if (lower !== '' && lower !== 'true' && lower !== 'false') {
        const message = `expecting boolean value for flag --${flag.name}, not: ${flag.value ?? ''}`;
        report(sink, 'DW022', message, flag.valueRange ?? flag.range, anchor);
        continue;
      }
    } else if (flag.value === undefined) {
      report(sink, 'DW022', `missing a value on flag: --${flag.name}`, flag.range, anchor);
      continue;
    }
    if (seen !== undefined) seen.push(flag);
    else used.set(flag.name, [flag]);
  }
  return used;
}
