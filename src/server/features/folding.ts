// Folding ranges: instructions over several lines, runs of comment lines (the parser directives
// count as comments), stages, and each heredoc body from the line that announces it.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { Dockerfile } from '../syntax/ast';
import { stagesOf } from '../semantics/stages';

export interface FoldingOptions {
  /** The most ranges the client wants (its `rangeLimit`); the outermost are kept. */
  readonly rangeLimit?: number;
}

/** The folding ranges of a Dockerfile, sorted by start line, one per start line. Never throws. */
export function foldingRanges(doc: Dockerfile, options: FoldingOptions = {}): FoldingRange[] {
  const found: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind): void => {
    if (endLine <= startLine) return;
    found.push(kind === undefined ? { startLine, endLine } : { startLine, endLine, kind });
  };

  // Comment runs: directive and comment lines are both in line order, directives first.
  const commentLines: number[] = [];
  for (const directive of doc.directives) commentLines.push(directive.range.start.line);
  for (const comment of doc.comments) commentLines.push(comment.range.start.line);
  let runStart = -1;
  let runEnd = -1;
  for (const line of commentLines) {
    if (line === runEnd + 1 && runStart >= 0) {
      runEnd = line;
      continue;
    }
    add(runStart, runEnd, FoldingRangeKind.Comment);
    runStart = line;
    runEnd = line;
  }
  add(runStart, runEnd, FoldingRangeKind.Comment);

  const stageStarts = new Set<number>();
  for (const stage of stagesOf(doc.instructions).stages) {
    add(stage.range.start.line, stage.range.end.line);
    stageStarts.add(stage.range.start.line);
  }

  for (const instruction of doc.instructions) {
    const range = instruction.range;
    const target = instruction.trigger ?? instruction;
    const heredocs = target.heredocs;
    // With heredocs the instruction's own lines end where the first body begins.
    const ownEnd = heredocs.length > 0 ? (heredocs[0]?.range.start.line ?? 1) - 1 : range.end.line;
    if (!stageStarts.has(range.start.line)) add(range.start.line, ownEnd);
    for (const heredoc of heredocs) add(heredoc.range.start.line - 1, heredoc.range.end.line);
  }

  found.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  // Clients keep one range per start line: the outer one.
  const unique: FoldingRange[] = [];
  for (const range of found) {
    if (unique[unique.length - 1]?.startLine !== range.startLine) unique.push(range);
  }
  const limit = options.rangeLimit;
  if (limit === undefined || unique.length <= limit) return unique;
  return outermost(unique, Math.max(0, limit));
}

/** The first `limit` ranges by nesting depth (outermost first), kept in start order. */
function outermost(ranges: readonly FoldingRange[], limit: number): FoldingRange[] {
  const depths: number[] = [];
  const open: number[] = [];
  for (const range of ranges) {
    while (open.length > 0 && (open[open.length - 1] ?? 0) < range.startLine) open.pop();
    depths.push(open.length);
    open.push(range.endLine);
  }
  const order = ranges.map((_, i) => i).sort((a, b) => (depths[a] ?? 0) - (depths[b] ?? 0) || a - b);
  return order
    .slice(0, limit)
    .sort((a, b) => a - b)
    .map((i) => ranges[i]);
}
