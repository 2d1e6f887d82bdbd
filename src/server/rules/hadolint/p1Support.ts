// Helpers shared by the DL rules about RUN scripts and instruction arguments: where the RUNs are
// (ONBUILD triggers included), how a shell word maps back to the document, which arguments of a
// command are operands, and what a RUN's `--mount` flags say.
import type { Instruction, Position, Range } from '../../syntax/ast';
import { isFlagWord, type ShellCommand, type ShellScript, type ShellWord } from '../../semantics/shell';
import { indexesOf } from './engine';
import type { HadolintContext } from './rule';

/** One RUN as the rules see it: the instruction in the document, the RUN itself and its script. */
export interface RunSite {
  /** The instruction as listed in the document (an ONBUILD for a trigger). */
  readonly instruction: Instruction;
  /** The RUN instruction (the trigger of an ONBUILD). */
  readonly run: Instruction;
  readonly script: ShellScript;
}

/** Every RUN with a POSIX shell script, plain or inside ONBUILD, in document order. */
export function runSites(ctx: HadolintContext): readonly RunSite[] {
  return indexesOf(ctx).shared('p1:runSites', () => {
    const sites: RunSite[] = [];
    for (const instruction of ctx.doc.instructions) {
      const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
      if (run?.keyword !== 'RUN') continue;
      const script = ctx.script(instruction);
      if (script !== undefined) sites.push({ instruction, run, script });
    }
    return sites;
  });
}

/** The document range of script offsets, or the whole instruction when they cannot be mapped. */
export function scriptRange(site: RunSite, start: number, end: number): Range {
  if (end < start) return site.instruction.range;
  if (site.script.text === site.run.argText) {
    return { start: site.run.positionAt(start), end: site.run.positionAt(end) };
  }
  // A script read from a heredoc body maps line by line onto the body.
  for (const heredoc of site.run.heredocs) {
    const lines = heredoc.content.split('\n');
    const stripped = heredoc.chomp ? lines.map((line) => line.replace(/^\t+/, '')) : lines;
    if (stripped.join('\n') !== site.script.text) continue;
    const at = (offset: number): Position => {
      const before = site.script.text.slice(0, offset);
      const line = before.split('\n').length - 1;
      const column = offset - (before.lastIndexOf('\n') + 1);
      const tabs = (lines[line] ?? '').length - (stripped[line] ?? '').length;
      return { line: heredoc.range.start.line + line, character: column + tabs };
    };
    return { start: at(start), end: at(end) };
  }
  return site.instruction.range;
}

/** True when the command has this name and any of the arguments (compared unquoted). */
export function hasArgs(command: ShellCommand, name: string, ...values: string[]): boolean {
  return command.name === name && command.args.some((arg) => values.includes(arg.value));
}

/**
 * The operands of a command: arguments that are not options, and not the value of an option in
 * `valueOptions` written as a separate word (`-t value`, `--target value`). `--` and `-` stay, as
 * they are not options.
 */
export function operands(command: ShellCommand, valueOptions: readonly string[] = []): ShellWord[] {
  const result: ShellWord[] = [];
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.value === '--' || !isFlagWord(arg)) {
      result.push(arg);
      continue;
    }
    if (takesSeparateValue(arg.value, valueOptions)) i++;
  }
  return result;
}

/** True when an option word is one of `valueOptions` given without an attached `=value`. */
export function takesSeparateValue(option: string, valueOptions: readonly string[]): boolean {
  if (option.startsWith('--')) {
    return !option.includes('=') && valueOptions.includes(option.slice(2));
  }
  const letters = option.slice(1);
  // `-tvalue` carries its value; only a final value letter takes the next word.
  const last = letters[letters.length - 1] ?? '';
  return valueOptions.includes(last);
}

/** Removes one layer of surrounding quotes, as hadolint does before looking at a path. */
export function dropQuotes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === '"' || text[start] === "'")) start++;
  while (end > start && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
  return text.slice(start, end);
}

/** One `--mount` of a RUN, with the keys the rules care about. */
export interface RunMount {
  readonly type: string;
  readonly target: string | undefined;
  readonly from: string | undefined;
  readonly range: Range;
}

/** The `--mount` flags of a RUN instruction. */
export function runMounts(run: Instruction): RunMount[] {
  const mounts: RunMount[] = [];
  for (const flag of run.flags) {
    if (flag.name !== 'mount' || flag.value === undefined) continue;
    const fields = new Map<string, string>();
    for (const field of splitFields(flag.value)) {
      const eq = field.indexOf('=');
      const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
      fields.set(key, eq < 0 ? '' : dropQuotes(field.slice(eq + 1).trim()));
    }
    mounts.push({
      type: fields.get('type') ?? 'bind',
      target: fields.get('target') ?? fields.get('dst') ?? fields.get('destination'),
      from: fields.get('from'),
      range: flag.range,
    });
  }
  return mounts;
}

/** Splits a CSV field list, keeping commas inside double quotes. */
function splitFields(value: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  fields.push(current);
  return fields;
}

/** True when a cache or tmpfs mount's target lies under `dir`. */
export function mountsCacheAt(run: Instruction, dir: string): boolean {
  return runMounts(run).some(
    (mount) =>
      (mount.type === 'cache' || mount.type === 'tmpfs') &&
      mount.target !== undefined &&
      mount.target.startsWith(dir),
  );
}
