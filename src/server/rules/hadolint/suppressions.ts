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

/** Reads every pragma of a document. */
export function suppressionsOf(doc: Dockerfile, stages: StageModel): Suppressions {
  const global = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  const byStage = new Map<number, Set<string>>();
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
    if (pragma.scope === 'global') {
      for (const code of pragma.codes) global.add(code);
    } else if (pragma.scope === 'next') {
      add(byLine, line + 1, pragma.codes);
    } else {
      const next = nextInstruction(line);
      const stage = next === undefined ? undefined : stages.stageOf(next);
      if (stage !== undefined) add(byStage, stage.index, pragma.codes);
    }
  }
  const stageByLine = (line: number): number | undefined => {
    const list = stages.stages;
    const at = lastAtOrBefore(list.length, (i) => list[i].range.start.line, line);
    return at === undefined ? undefined : list[at].index;
  };
  // Pragmas come in document order, so the nearest one above a line is found by halving.
  const shellsInOrder = shells.every((entry, i) => i === 0 || shells[i - 1].line < entry.line);
  return {
    ignorePragmaLines,
    isIgnored(code, line) {
      if (global.has(code)) return true;
      if (byLine.size === 0 && byStage.size === 0) return false;
      // A next-line pragma covers the whole instruction the finding falls in.
      const start = startsOf()[after(line) - 1] ?? line;
      if (byLine.get(start)?.has(code) === true || byLine.get(line)?.has(code) === true) return true;
      if (byStage.size === 0) return false;
      const stage = stageByLine(line);
      return stage !== undefined && byStage.get(stage)?.has(code) === true;
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
