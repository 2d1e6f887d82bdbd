// What the code action modules share: the shape of one fix, where a diagnostic stands in the
// parse, and small edit builders. Everything here reads the parse; nothing re-parses.
import type { TextEdit } from 'vscode-languageserver-types';
import type { Dockerfile, Instruction, Position, Range } from '../syntax/ast';
import { stagesOf, type StageModel } from '../semantics/stages';
import { StageStates } from '../semantics/stageState';
import { instructionIndexAt } from './locate';

/** One fix for one diagnostic, before it is wrapped as a CodeAction. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The obvious fix: the editor may apply it with a single key. */
  readonly preferred?: boolean;
}

/** Makes the fix for one diagnostic at its site, or undefined when there is no obvious one. */
export type FixMaker = (site: FixSite) => Fix | undefined;

/** Where a diagnostic stands: its range, and the top-level instruction holding its first line. */
export interface FixSite {
  readonly doc: Dockerfile;
  readonly range: Range;
  /** Index into doc.instructions, -1 outside any instruction. */
  readonly index: number;
  readonly instruction: Instruction | undefined;
}

export function siteOf(doc: Dockerfile, range: Range): FixSite {
  const index = instructionIndexAt(doc, range.start.line);
  return { doc, range, index, instruction: index < 0 ? undefined : doc.instructions[index] };
}

/** The line break the document uses (the first one found), `\n` when it has none. */
export function eolOf(doc: Dockerfile): string {
  const at = doc.text.indexOf('\n');
  return at > 0 && doc.text[at - 1] === '\r' ? '\r\n' : '\n';
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

export function insert(position: Position, newText: string): TextEdit {
  return { range: { start: position, end: position }, newText };
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The document text of a range on one line; undefined when it spans lines. */
export function textOn(doc: Dockerfile, range: Range): string | undefined {
  if (range.start.line !== range.end.line) return undefined;
  return (doc.lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
}

/** `word` written in the case of `like`: lower when `like` is all lower case, else upper. */
export function inCaseOf(word: string, like: string): string {
  return like === like.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

interface StageFacts {
  readonly model: StageModel;
  readonly states: StageStates;
}

const stageFacts = new WeakMap<Dockerfile, StageFacts>();

/** The stage model and WORKDIR/SHELL states of a parse, built once per parse. */
export function stagesFor(doc: Dockerfile): StageFacts {
  let facts = stageFacts.get(doc);
  if (facts === undefined) {
    const model = stagesOf(doc.instructions);
    facts = { model, states: new StageStates(model) };
    stageFacts.set(doc, facts);
  }
  return facts;
}
