// A quick look at the text under the cursor, before the navigation index is built: editors ask
// for highlights on every cursor move, and most positions (keywords, paths, package names) can
// hold no stage, variable or heredoc delimiter. Saying so from one line of text keeps those
// requests from walking the document after each edit. It may say yes wrongly, never no wrongly.
import type { Dockerfile, Position } from '../syntax/ast';
import { instructionIndexAt } from './locate';

/** Characters of a variable name, a stage name or a heredoc delimiter. */
function isNameChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    code === 0x2d ||
    code === 0x2e
  );
}

/** Keywords whose every name (pair keys, stage names, bases) may be a symbol. */
const NAMING = new Set(['FROM', 'ARG', 'ENV']);

/** Whether the position may stand on a symbol's name; false only when it certainly does not. */
export function mayHoldSymbol(doc: Dockerfile, position: Position): boolean {
  const line = doc.lines[position.line];
  if (line === undefined) return false;
  let start = Math.min(position.character, line.length);
  while (start > 0 && isNameChar(line.charCodeAt(start - 1))) start--;
  let end = Math.max(start, position.character);
  while (end < line.length && isNameChar(line.charCodeAt(end))) end++;
  if (end <= start) return false;
  const before = line.slice(Math.max(0, start - 12), start);
  // `$NAME`, `${NAME`, `from=NAME`, `--from=NAME`, `<<NAME`, `<<-"NAME`, `<< NAME`.
  if (/(\$\{?|from=["']?|<<-?\s*["']?)$/i.test(before)) return true;
  const index = instructionIndexAt(doc, position.line);
  const instruction = doc.instructions[index];
  if (instruction === undefined) return false;
  const target = instruction.trigger ?? instruction;
  if (NAMING.has(instruction.keyword) || NAMING.has(target.keyword)) return true;
  // A closing delimiter stands alone on a line after a heredoc body.
  return target.heredocs.length > 0 && position.line > instruction.keywordRange.start.line;
}

function isVariableChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f
  );
}

/**
 * The variable name the cursor stands on, at its start or just after it: a variable's name is
 * always a whole run of these characters. Empty when the cursor touches none.
 */
export function variableNamesAt(doc: Dockerfile, position: Position): ReadonlySet<string> {
  const line = doc.lines[position.line] ?? '';
  let start = Math.min(position.character, line.length);
  while (start > 0 && isVariableChar(line.charCodeAt(start - 1))) start--;
  let end = Math.max(start, position.character);
  while (end < line.length && isVariableChar(line.charCodeAt(end))) end++;
  return end > start ? new Set([line.slice(start, end)]) : new Set();
}
