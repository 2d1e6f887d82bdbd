// Where hadolint's pragmas switch codes off, and which shell they declare, worked out once per
// document so every rule family (DL and SC codes) can ask cheaply.
import type { Dockerfile, Instruction } from '../../syntax/ast';
import type { StageModel } from '../../semantics/stages';
import { parsePragma } from './pragmas';

export interface Suppressions {
  /** True when a pragma switches `code` off for the instruction starting on `line` (zero-based). */
  isIgnored(code: string, line: number): boolean;
  /** The shell named by the nearest `# hadolint shell=` pragma above the line, if any. */
  shellAt(line: number): string | undefined;
  /** Lines of every ignore pragma (for DL1001). */
  readonly ignorePragmaLines: readonly number[];
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
      // From the pragma on to the end of the stage the next instruction belongs to (the stage a
      // FROM right below it starts), never back to the stage's earlier instructions.
      const next = nextInstruction(line);
      const stage = next === undefined ? undefined : stages.stageOf(next);
      if (stage !== undefined) {
        const following = stages.stages[stage.index + 1];
        const until = following === undefined ? Number.MAX_SAFE_INTEGER : following.range.start.line;
        byStage.push({ from: line + 1, until, codes: pragma.codes });
      }
    }
  }
  // Pragmas come in document order, so the nearest one above a line is found by halving.
  const shellsInOrder = shells.every((entry, i) => i === 0 || shells[i - 1].line < entry.line);
  return {
    ignorePragmaLines,
    isIgnored(code, line) {
      if (global.has(code)) return true;
      if (byLine.size === 0 && byStage.length === 0) return false;
      // A pragma covers the whole instruction the finding falls in.
      const start = startsOf()[after(line) - 1] ?? line;
      if (byLine.get(start)?.has(code) === true || byLine.get(line)?.has(code) === true) return true;
      return byStage.some(
        (reach) => start >= reach.from && start < reach.until && reach.codes.includes(code),
      );
    },
    shellAt(line) {
      if (shells.length === 0) return undefined;
      if (!shellsInOrder) return shells.findLast((entry) => entry.line < line)?.shell;
      const at = lastAtOrBefore(shells.length, (i) => shells[i].line, line - 1);
      return at === undefined ? undefined : shells[at].shell;
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
