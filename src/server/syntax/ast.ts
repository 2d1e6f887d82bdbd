// The Dockerfile syntax tree. It mirrors what BuildKit's parser sees (directives, instructions
// with flags and arguments, heredocs) and adds what an editor needs: a range on every node.

/** A zero-based position, as LSP uses (character counted in UTF-16 code units). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A parser directive at the top of the file: `# syntax=…`, `# escape=…`, `# check=…`. */
export interface Directive {
  /** Lower-case name. */
  readonly name: string;
  readonly value: string;
  readonly range: Range;
  readonly nameRange: Range;
  readonly valueRange: Range;
}

/** A comment line (also the ones inside continued instructions). */
export interface Comment {
  /** The text after `#`, trimmed. */
  readonly text: string;
  readonly range: Range;
}

/** A piece of argument text with where it stands in the document. */
export interface Word {
  /** The text as written: quotes and escape characters kept. */
  readonly text: string;
  readonly range: Range;
}

/** A `--name[=value]` builder flag before an instruction's arguments. */
export interface Flag {
  /** The name without dashes, as written. */
  readonly name: string;
  /** The value with quotes removed, undefined for a bare `--name`. */
  readonly value: string | undefined;
  /** The flag as BuildKit hands it on: `--name=value` or `--name`. */
  readonly text: string;
  readonly range: Range;
  readonly nameRange: Range;
  readonly valueRange: Range | undefined;
}

/** One `name=value` (or legacy `name value`) of ENV, LABEL and ARG. */
export interface KeyValue {
  /** The key as written (quotes kept). */
  readonly key: string;
  /** The value as written, quotes kept; undefined for an ARG without a default. */
  readonly value: string | undefined;
  readonly range: Range;
  readonly keyRange: Range;
  readonly valueRange: Range | undefined;
  /** True for the legacy whitespace-separated form (`ENV key value`). */
  readonly legacy: boolean;
}

/** A heredoc attached to RUN, COPY or ADD (also inside ONBUILD). */
export interface Heredoc {
  readonly name: string;
  /** The body lines, each with its newline, as BuildKit keeps them (tabs not yet stripped). */
  readonly content: string;
  /** False when the delimiter is quoted: the body is taken literally. */
  readonly expand: boolean;
  /** `<<-`: leading tabs are stripped from the body and the terminator. */
  readonly chomp: boolean;
  readonly fileDescriptor: number;
  /** The `<<EOF` word on the instruction line. */
  readonly markerRange: Range;
  /** The body (first body line to the terminator line, inclusive). */
  readonly range: Range;
  readonly terminated: boolean;
}

export interface Instruction {
  /** Upper-case keyword. */
  readonly keyword: string;
  /** The keyword as written. */
  readonly keywordText: string;
  readonly keywordRange: Range;
  /** From the keyword to the end of the last line, heredoc bodies included. */
  readonly range: Range;
  readonly flags: readonly Flag[];
  /**
   * The arguments after the flags: continuation lines joined, comment lines and escape-newlines
   * removed, trimmed. BuildKit's `rest`.
   */
  readonly argText: string;
  /** Where argText starts and ends in the document. */
  readonly argRange: Range;
  /** Maps an offset in argText to a document position. */
  readonly positionAt: (offset: number) => Position;
  /** Exec form: the strings of the JSON array. Undefined for shell form. */
  readonly json: readonly string[] | undefined;
  /** The whitespace-separated words of argText (quotes and escapes kept). */
  readonly words: readonly Word[];
  /** ENV, LABEL and ARG: the declared pairs. Empty for other instructions. */
  readonly pairs: readonly KeyValue[];
  readonly heredocs: readonly Heredoc[];
  /** ONBUILD: the instruction it registers. */
  readonly trigger: Instruction | undefined;
  /** The comment lines directly above the instruction (BuildKit's PrevComment). */
  readonly comments: readonly string[];
  /** The logical line as BuildKit reads it: keyword, flags and arguments on one line. */
  readonly original: string;
  /** Blank lines inside the continuation (zero-based), which BuildKit warns about. */
  readonly emptyContinuationLines: readonly number[];
}

export type ProblemSeverity = 'error' | 'warning';

/** Something the parser itself rejects (or warns about), before any rule runs. */
export interface SyntaxProblem {
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  readonly severity: ProblemSeverity;
}

export interface Dockerfile {
  /** The text without a leading byte-order mark. */
  readonly text: string;
  readonly lines: readonly string[];
  readonly escape: '\\' | '`';
  readonly directives: readonly Directive[];
  readonly comments: readonly Comment[];
  readonly instructions: readonly Instruction[];
  readonly problems: readonly SyntaxProblem[];
}

/** Builds a range from zero-based numbers. */
export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}
