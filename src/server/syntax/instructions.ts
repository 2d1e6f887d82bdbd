// A first, small splitter of Dockerfile text into instructions with ranges. It knows parser
// directives, the escape character, comments, line continuations and heredoc bodies, enough to
// find each instruction's keyword without being fooled by the lines that belong to it.

/** A zero-based line/character range, as LSP uses. */
export interface Span {
  startLine: number;
  startChar: number;
  endLine: number;
  endChar: number;
}

/** One instruction: its keyword as written and where it stands. */
export interface InstructionHead {
  keyword: string;
  keywordSpan: Span;
  span: Span;
}

/** The instructions BuildKit's Dockerfile frontend accepts. */
export const instructionKeywords = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

const heredocInstructions = new Set(['RUN', 'COPY', 'ADD']);
const directivePattern = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/;
const heredocPattern = /<<(-?)\s*(["']?)([A-Za-z0-9_.-]+)\2/g;

/** Splits text into lines, accepting \n, \r\n and \r endings and dropping a UTF-8 BOM. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** Reads the escape character from the leading parser directives (default backslash). */
export function escapeCharacter(lines: readonly string[]): string {
  for (const line of lines) {
    const match = directivePattern.exec(line);
    if (match === null) {
      break;
    }
    if (match[1]?.toLowerCase() === 'escape' && (match[2] === '`' || match[2] === '\\')) {
      return match[2];
    }
  }
  return '\\';
}

function isContinued(line: string, escape: string): boolean {
  return line.trimEnd().endsWith(escape);
}

/** Finds every instruction head in the text. Never throws. */
export function scanInstructions(text: string): InstructionHead[] {
  const lines = splitLines(text);
  const escape = escapeCharacter(lines);
  const heads: InstructionHead[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const indent = line.length - trimmed.length;
    const keyword = /^\S+/.exec(trimmed)?.[0] ?? '';
    const startLine = i;
    let joined = line;
    // Follow line continuations; comment and blank lines inside them belong to the instruction.
    let continued = isContinued(line, escape);
    while (continued && i + 1 < lines.length) {
      i++;
      const next = lines[i] ?? '';
      if (next.trim() === '' || next.trimStart().startsWith('#')) {
        continue;
      }
      joined += '\n' + next;
      continued = isContinued(next, escape);
    }
    const upper = keyword.toUpperCase();
    const base = upper === 'ONBUILD' ? (/^\S+\s+(\S+)/.exec(trimmed)?.[1] ?? '').toUpperCase() : upper;
    if (heredocInstructions.has(base)) {
      for (const match of joined.matchAll(heredocPattern)) {
        const stripTabs = match[1] === '-';
        const name = match[3] ?? '';
        // The body runs to the line that is exactly the delimiter (after tabs, for <<-).
        while (i + 1 < lines.length) {
          i++;
          const body = lines[i] ?? '';
          if ((stripTabs ? body.replace(/^\t+/, '') : body) === name) {
            break;
          }
        }
      }
    }
    heads.push({
      keyword,
      keywordSpan: { startLine, startChar: indent, endLine: startLine, endChar: indent + keyword.length },
      span: { startLine, startChar: indent, endLine: i, endChar: (lines[i] ?? '').length },
    });
    i++;
  }
  return heads;
}
