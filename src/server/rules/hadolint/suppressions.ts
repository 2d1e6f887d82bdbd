// Where hadolint's pragmas switch codes off, and which shell they declare, worked out once per
// document so every rule family (DL and SC codes) can ask cheaply.
import type { Dockerfile, Instruction } from '../../syntax/ast';
import type { StageModel } from '../../semantics/stages';
import { parsePragma } from './pragmas';

export interface Suppressions {
  /** True when a pragma switches `code` off for the instruction starting on `line` (zero-based). */
  isIgnored(code: string, line: number): boolean;
  /**
   * The shell a `# hadolint shell=` pragma gives the instruction on `line`, if any: as in hadolint,
   * a pragma holds to the end of its stage, one above the first FROM is every stage's default,
   * and a SHELL instruction after it takes over (undefined then).
   */
  shellAt(line: number): string | undefined;
  /** Lines of every ignore pragma (for DL1001). */
  readonly ignorePragmaLines: readonly number[];
  /** Lines of every shell pragma between instructions. */
  readonly shellPragmaLines: readonly number[];
}

export interface SuppressionOptions {
  /** `.hadolint.yaml`'s `disable-ignore-pragma`: ignore pragmas are read but not honoured. */
  readonly disableIgnorePragma?: boolean;
}

/** The lines a `stage ignore=` pragma covers: from `from` up to, not including, `until`. */
interface StageReach {
  readonly from: number;
  readonly until: number;
  readonly codes: readonly string[];
}

/** Reads every pragma of a document. */
export function suppressionsOf(
  doc: Dockerfile,
  stages: StageModel,
  options: SuppressionOptions = {},
): Suppressions {
  const honour = options.disableIgnorePragma !== true;
  const global = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  const byStage: StageReach[] = [];
  const shells: Array<{ line: number; shell: string }> = [];
  const ignorePragmaLines: number[] = [];
  // Instruction start lines, read only when a scoped pragma needs them: each read works out a
  // position, and most documents have no pragma at all.
  let startLines: number[] | undefined;
  const startsOf = (): number[] =>
    (startLines ??= doc.instructions.map((instruction) => instruction.range.start.line));
  /** Index of the first instruction starting after `line`. */
  const after = (line: number): number => {
    const starts = startsOf();
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((starts[mid] ?? 0) <= line) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const nextInstruction = (line: number): Instruction | undefined => doc.instructions[after(line)];
  const add = (map: Map<number, Set<string>>, key: number, codes: readonly string[]): void => {
    const set = map.get(key) ?? new Set<string>();
    for (const code of codes) set.add(code);
    map.set(key, set);
  };
  for (const comment of doc.comments) {
    const pragma = parsePragma(comment.text);
    if (pragma === undefined) continue;
    const line = comment.range.start.line;
    if (pragma.kind === 'shell') {
      shells.push({ line, shell: pragma.shell });
      continue;
    }
    ignorePragmaLines.push(line);
    if (!honour) continue;
    if (pragma.scope === 'global') {
      for (const code of pragma.codes) global.add(code);
    } else if (pragma.scope === 'next') {
      add(byLine, line + 1, pragma.codes);
    } else {
      // hadolint's reach: instructions starting two or more lines below the pragma, to the end of
      // the stage the next instruction belongs to (the stage a FROM right below it starts). The
      // line right below is left out, so that FROM itself (or, mid-stage, the next instruction)
      // keeps its findings; never back to the stage's earlier instructions.
      const next = nextInstruction(line);
      const stage = next === undefined ? undefined : stages.stageOf(next);
      if (stage !== undefined) {
        const following = stages.stages[stage.index + 1];
        const until = following === undefined ? Number.MAX_SAFE_INTEGER : following.range.start.line;
        byStage.push({ from: line + 2, until, codes: pragma.codes });
      }
    }
  }
  // A pragma on a line inside a continued instruction is not between instructions: not a pragma.
  const between = shells.filter((entry) => {
    const index = after(entry.line) - 1;
    const holder = index < 0 ? undefined : doc.instructions[index];
    return holder === undefined || holder.range.end.line < entry.line;
  });
  between.sort((a, b) => a.line - b.line);
  const shellAt = (line: number): string | undefined => {
    if (between.length === 0) return undefined;
    const starts = stages.stages;
    const stageAt = lastAtOrBefore(starts.length, (i) => starts[i].range.start.line, line - 1);
    const stageStart = stageAt === undefined ? -1 : starts[stageAt].range.start.line;
    const nearest = lastAtOrBefore(between.length, (i) => between[i].line, line - 1);
    let chosen = nearest === undefined ? undefined : between[nearest];
    let floor = chosen?.line ?? -1;
    if (chosen !== undefined && chosen.line < stageStart) {
      // None in this stage: the default set above the first FROM, if any.
      const firstFrom = starts[0]?.range.start.line ?? 0;
      const preamble = lastAtOrBefore(between.length, (i) => between[i].line, firstFrom - 1);
      chosen = preamble === undefined ? undefined : between[preamble];
      floor = stageStart;
    }
    if (chosen === undefined) return undefined;
    const shellInstructions = shellLines();
    const lastShell = lastAtOrBefore(shellInstructions.length, (i) => shellInstructions[i], line - 1);
    return lastShell !== undefined && shellInstructions[lastShell] > floor ? undefined : chosen.shell;
  };
  let shellLinesCache: number[] | undefined;
  const shellLines = (): number[] =>
    (shellLinesCache ??= doc.instructions
      .filter((instruction) => instruction.keyword === 'SHELL')
      .map((instruction) => instruction.range.start.line));
  return {
    ignorePragmaLines,
    shellPragmaLines: between.map((entry) => entry.line),
    shellAt,
    isIgnored(code, line) {
      if (global.has(code)) return true;
      if (byLine.size === 0 && byStage.length === 0) return false;
      // A pragma covers the whole instruction the finding falls in, and only from the line above
      // it: one on a comment line inside a continued instruction covers nothing, as in hadolint.
      const start = startsOf()[after(line) - 1] ?? line;
      if (byLine.get(start)?.has(code) === true) return true;
      return byStage.some(
        (reach) => start >= reach.from && start < reach.until && reach.codes.includes(code),
      );
    },
  };
}

/** The last index below `length` whose key (ascending with the index) is at most `limit`. */
function lastAtOrBefore(length: number, key: (index: number) => number, limit: number): number | undefined {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (key(mid) <= limit) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? undefined : low - 1;
}
