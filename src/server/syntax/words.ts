// The word splitters BuildKit's parser uses on an instruction's arguments, returning offsets so
// every word keeps its place in the document.

/** A word of argument text: its text as written and its offsets (end exclusive). */
export interface RawWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const SPACE = /\s/;

/** True for the characters Go's unicode.IsSpace accepts (close enough: JS \s). */
export function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

/** Splits on runs of spaces and tabs (BuildKit's whitespace-delimited form). */
export function splitWhitespace(text: string): RawWord[] {
  const words: RawWord[] = [];
  const pattern = /[^\t\v\f\r ]+/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    words.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return words;
}

/**
 * Splits into words like BuildKit's parseWords: quotes group spaces into one word and stay in
 * the text; the escape character keeps the next character in the word (inside single quotes it
 * escapes nothing). A trailing lone escape is dropped.
 */
export function splitQuoted(text: string, escape: string): RawWord[] {
  const words: RawWord[] = [];
  let word = '';
  let start = -1;
  let quote = '';
  let blankOk = false;
  const flush = (end: number): void => {
    if (start >= 0 && (blankOk || word.length > 0)) {
      words.push({ text: word, start, end });
    }
    word = '';
    start = -1;
    blankOk = false;
  };
  for (let pos = 0; pos < text.length; pos++) {
    const ch = text[pos] ?? '';
    if (quote === '') {
      if (start < 0) {
        if (isSpace(ch)) continue;
        start = pos;
      }
      if (isSpace(ch)) {
        flush(pos);
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
      } else if (ch === escape) {
        if (pos + 1 === text.length) continue;
        word += ch;
        pos++;
        word += text[pos] ?? '';
        continue;
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      quote = '';
    } else if (ch === escape && quote !== "'") {
      if (pos + 1 === text.length) {
        quote = '';
        continue;
      }
      word += ch;
      pos++;
      word += text[pos] ?? '';
      continue;
    }
    word += ch;
  }
  flush(text.length);
  return words;
}

/** The result of reading a JSON array at the start of argument text. */
export type JsonArray = { kind: 'strings'; values: string[] } | { kind: 'not-strings' } | { kind: 'invalid' };

/**
 * Reads the first JSON value of the text like Go's json.Decoder does (text after the value is
 * ignored). Only an array counts; an array holding anything but strings is its own outcome,
 * because BuildKit rejects it instead of falling back to shell form.
 */
export function readJsonArray(text: string): JsonArray {
  const at = text.search(/\S/);
  if (at < 0 || text[at] !== '[') return { kind: 'invalid' };
  // Find where the first value ends, minding strings, then let JSON.parse judge it.
  let depth = 0;
  let inString = false;
  let end = -1;
  for (let i = at; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) {
        end = i + 1;
        break;
      }
    }
  }
  if (end < 0) return { kind: 'invalid' };
  let value: unknown;
  try {
    value = JSON.parse(text.slice(at, end));
  } catch {
    return { kind: 'invalid' };
  }
  if (!Array.isArray(value)) return { kind: 'invalid' };
  if (!value.every((item) => typeof item === 'string')) return { kind: 'not-strings' };
  return { kind: 'strings', values: value };
}
