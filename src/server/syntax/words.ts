// The word splitters BuildKit's parser uses on an instruction's arguments, returning offsets so
// every word keeps its place in the document.

/** A word of argument text: its text as written and its offsets (end exclusive). */
export interface RawWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** True for the characters Go's unicode.IsSpace accepts. */
export function isSpace(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code >= 0x85 && /\s/.test(ch);
}

/** isSpace for a character code (a lone surrogate is never a space). */
export function isSpaceCode(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code >= 0x85 && /\s/.test(String.fromCharCode(code));
}

/** Builds the word a splitter returns, so callers can keep their own node type. */
export type WordMaker<T> = (text: string, start: number, end: number) => T;

function rawWord(text: string, start: number, end: number): RawWord {
  return { text, start, end };
}

/** Splits on runs of spaces and tabs (BuildKit's whitespace-delimited form). */
export function splitWhitespace(text: string): RawWord[];
export function splitWhitespace<T>(text: string, make: WordMaker<T>): T[];
export function splitWhitespace(text: string, make: WordMaker<unknown> = rawWord): unknown[] {
  const words: unknown[] = [];
  const length = text.length;
  let pos = 0;
  while (pos < length) {
    while (pos < length && isBlank(text.charCodeAt(pos))) pos++;
    if (pos >= length) break;
    const start = pos;
    while (pos < length && !isBlank(text.charCodeAt(pos))) pos++;
    words.push(make(text.slice(start, pos), start, pos));
  }
  return words;
}

/** The separators of the whitespace-delimited form: tab, vertical tab, form feed, CR, space. */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 13;
}

/**
 * Splits into words like BuildKit's parseWords: quotes group spaces into one word and stay in
 * the text; the escape character keeps the next character in the word (inside single quotes it
 * escapes nothing). A lone escape at the very end is dropped.
 */
export function splitQuoted(text: string, escape: string): RawWord[];
export function splitQuoted<T>(text: string, escape: string, make: WordMaker<T>): T[];
export function splitQuoted(text: string, escape: string, make: WordMaker<unknown> = rawWord): unknown[] {
  const words: unknown[] = [];
  const length = text.length;
  const escapeCode = escape.charCodeAt(0);
  let pos = 0;
  while (pos < length) {
    while (pos < length && isSpaceCode(text.charCodeAt(pos))) pos++;
    if (pos >= length) break;
    const start = pos;
    // The quote being read (a character code), 0 outside quotes.
    let quote = 0;
    let quoted = false;
    let dangling = false;
    for (; pos < length; pos++) {
      const code = text.charCodeAt(pos);
      if (quote === 0) {
        if (isSpaceCode(code)) break;
        if (code === 39 || code === 34) {
          quote = code;
          quoted = true;
          continue;
        }
      } else if (code === quote) {
        quote = 0;
        continue;
      }
      if (code === escapeCode && quote !== 39) {
        // An escape as the very last character is dropped, as BuildKit does.
        if (pos + 1 === length) dangling = true;
        else pos++;
      }
    }
    const end = dangling ? length - 1 : Math.min(pos, length);
    if (end > start || quoted) words.push(make(text.slice(start, end), start, end));
  }
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
  let at = 0;
  while (at < text.length && isSpace(text[at] ?? '')) at++;
  if (text[at] !== '[') return { kind: 'invalid' };
  return simpleStringArray(text, at) ?? generalArray(text, at);
}

const SKIP_SPACE = /[ \t\n\r]*/y;

function skipJsonSpace(text: string, at: number): number {
  SKIP_SPACE.lastIndex = at;
  SKIP_SPACE.test(text);
  return SKIP_SPACE.lastIndex;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return true;
  return false;
}

/** The common case, an array of plain strings without escapes, read without JSON.parse. */
function simpleStringArray(text: string, open: number): JsonArray | undefined {
  const values: string[] = [];
  let at = skipJsonSpace(text, open + 1);
  if (text[at] === ']') return { kind: 'strings', values };
  for (;;) {
    if (text[at] !== '"') return undefined;
    const close = text.indexOf('"', at + 1);
    if (close < 0) return undefined;
    const value = text.slice(at + 1, close);
    // Escapes and control characters take the general path, which knows JSON's rules.
    if (value.includes('\\') || hasControlCharacter(value)) return undefined;
    values.push(value);
    at = skipJsonSpace(text, close + 1);
    if (text[at] === ']') return { kind: 'strings', values };
    if (text[at] !== ',') return undefined;
    at = skipJsonSpace(text, at + 1);
  }
}

function generalArray(text: string, at: number): JsonArray {
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
