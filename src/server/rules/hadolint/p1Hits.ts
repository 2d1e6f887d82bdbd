// How the RUN rules find commands and report them the way hadolint does: a command run through a
// wrapper (`command apt-get …`, `exec npm …`, `busybox …`) counts as the command it runs, and a
// rule fires at most once per RUN however many of its commands or packages offend, with a range
// spanning the offending parts.
import { isFlagWord, type ShellCommand, type ShellWord } from '../../semantics/shell';
import { indexesOf } from './engine';
import type { HadolintContext, HadolintHit } from './rule';
import { runSites, scriptRange, type RunSite } from './p1Support';

/** Builtins and multi-call binaries whose first operand is the command they run. */
const WRAPPERS = new Set(['busybox', 'builtin', 'command', 'exec', 'run']);

/** Index of the argument a wrapper runs, or -1 when it runs none (`command -v x`, `exec 3>&1`). */
function wrappedIndex(command: ShellCommand): number {
  const args = command.args;
  if (command.name !== 'exec') return args.length > 0 && !isFlagWord(args[0]) ? 0 : -1;
  // `exec [-cl] [-a name] command …`: any other option means exec is not starting a command.
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--') return i + 1 < args.length ? i + 1 : -1;
    if (!isFlagWord(args[i])) return i;
    if (value.startsWith('--')) return -1;
    for (let j = 1; j < value.length; j++) {
      const letter = value[j];
      if (letter === 'a') {
        // The name is the rest of the word, or the next word.
        if (j === value.length - 1) i++;
        break;
      }
      if (letter !== 'c' && letter !== 'l') return -1;
    }
  }
  return -1;
}

/** The command a wrapper runs, as if written without it; any other command as it is. */
export function unwrapped(command: ShellCommand): ShellCommand {
  if (!WRAPPERS.has(command.name)) return command;
  const at = wrappedIndex(command);
  if (at < 0) return command;
  const args = command.args;
  return { ...command, name: args[at].value, words: args.slice(at), args: args.slice(at + 1) };
}

/** A command of a RUN script, wrappers resolved, with the RUN it belongs to. */
export interface RunCommand {
  readonly site: RunSite;
  readonly command: ShellCommand;
}

const NONE: readonly RunCommand[] = [];

/** The commands of every RUN grouped by the name they run under, each list in document order. */
function commandsByName(ctx: HadolintContext): ReadonlyMap<string, readonly RunCommand[]> {
  return indexesOf(ctx).shared('p1:runCommands', () => {
    const byName = new Map<string, RunCommand[]>();
    for (const site of runSites(ctx)) {
      for (const each of site.script.commands) {
        const command = unwrapped(each);
        const list = byName.get(command.name);
        if (list === undefined) byName.set(command.name, [{ site, command }]);
        else list.push({ site, command });
      }
    }
    return byName;
  });
}

/** The commands run as `name` across every RUN, in document order. */
export function runCommandsNamed(ctx: HadolintContext, name: string): readonly RunCommand[] {
  return commandsByName(ctx).get(name) ?? NONE;
}

/** Every name a RUN command runs under. */
export function runCommandNames(ctx: HadolintContext): string[] {
  return [...commandsByName(ctx).keys()];
}

/** A part of a script that offends: a word or a whole command. */
export interface Offence {
  readonly start: number;
  readonly end: number;
  /** What to name in the message, e.g. a package. */
  readonly label?: string;
}

/**
 * Checks the commands run as any of `names` and returns one hit per RUN that has offences,
 * spanning them; `message` words it from the labels of the offences (undefined keeps the rule's).
 */
export function hitsPerRun(
  ctx: HadolintContext,
  names: readonly string[],
  offences: (command: ShellCommand, site: RunSite) => readonly Offence[],
  message?: (labels: string[]) => string | undefined,
): HadolintHit[] {
  const found = new Map<RunSite, Offence[]>();
  for (const name of names) {
    for (const { site, command } of runCommandsNamed(ctx, name)) {
      const list = offences(command, site);
      if (list.length === 0) continue;
      const known = found.get(site);
      if (known === undefined) found.set(site, [...list]);
      else known.push(...list);
    }
  }
  const hits: HadolintHit[] = [];
  if (found.size === 0) return hits;
  // Sites come out in document order, as runSites lists them.
  for (const site of runSites(ctx)) {
    const list = found.get(site);
    if (list === undefined) continue;
    list.sort((a, b) => a.start - b.start);
    let start = list[0].start;
    let end = list[0].end;
    const labels: string[] = [];
    for (const offence of list) {
      start = Math.min(start, offence.start);
      end = Math.max(end, offence.end);
      if (offence.label !== undefined && !labels.includes(offence.label)) labels.push(offence.label);
    }
    const text = message?.(labels);
    const range = scriptRange(site, start, end);
    hits.push(text === undefined ? { range } : { range, message: text });
  }
  return hits;
}

/** `hitsPerRun` for rules where a whole command offends or not. */
export function commandHitsPerRun(
  ctx: HadolintContext,
  names: readonly string[],
  offends: (command: ShellCommand, site: RunSite) => boolean,
  message?: (labels: string[]) => string | undefined,
): HadolintHit[] {
  return hitsPerRun(
    ctx,
    names,
    (command, site) =>
      offends(command, site) ? [{ start: command.start, end: command.end, label: command.name }] : [],
    message,
  );
}

const MAX_NAMED = 5;

/** The message of a pinning rule: the unpinned packages and how to pin one. */
export function pinMessage(labels: string[], example: (spec: string) => string): string | undefined {
  if (labels.length === 0) return undefined;
  // A long install list is named in part, so the message stays readable in a hover.
  const shown = labels.slice(0, MAX_NAMED).map((label) => `\`${label}\``);
  if (labels.length > MAX_NAMED) shown.push(`${labels.length - MAX_NAMED} more`);
  const names = shown.join(', ');
  if (labels.length === 1) return `Pin the version of ${names}: use \`${example(labels[0])}\`.`;
  return `Pin the versions of ${names}: use \`${example('<package>')}\`.`;
}

/**
 * A word's text with each expansion replaced by one placeholder, as hadolint sees it: a version
 * can only be read from what is written, so `$(cat /list)` does not pin through its `/`.
 */
export function withoutExpansions(value: string): string {
  if (!value.includes('$') && !value.includes('`')) return value;
  return value.replace(/\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '${VAR}');
}

/** The words naming a package without a version, as offences labelled with the package. */
export function unpinned(words: readonly ShellWord[], pinned: (spec: string) => boolean): Offence[] {
  const result: Offence[] = [];
  for (const word of words) {
    if (!pinned(withoutExpansions(word.value)))
      result.push({ start: word.start, end: word.end, label: word.value });
  }
  return result;
}
