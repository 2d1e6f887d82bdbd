// Word expansion as BuildKit's shell lexer performs it on Dockerfile arguments: quotes, the
// escape character, `$name`, `${name}` and the modifiers `:-` `-` `:+` `+` `:?` `?` `#` `##` `%`
// `%%` `/` `//`, plus splitting into words. It records which variables were found and which were
// not, never throws, and keeps the offsets of every reference for editor features.

export interface LexOptions {
  readonly escape?: '\\' | '`';
  /** Keep quote characters in the result. */
  readonly rawQuotes?: boolean;
  /** Keep escape characters in the result. */
  readonly rawEscapes?: boolean;
  /** Leave references to unset variables as written. */
  readonly skipUnsetEnv?: boolean;
}

export type EnvLookup = (name: string) => string | undefined;

export type LexResult<T> =
  | { readonly ok: true; readonly value: T; readonly matched: Set<string>; readonly unmatched: Set<string> }
  | { readonly ok: false; readonly error: string };

/** A variable reference: the name and the offsets of the whole `$…` / `${…}` text. */
export interface VariableReference {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** The operator after the name inside braces (`:-`, `#`, `//`, …), if any. */
  readonly modifier?: string;
}

/** Looks names up in a plain object; Windows compares names case-insensitively. */
export function envLookup(env: Readonly<Record<string, string>>, caseInsensitive = false): EnvLookup {
  if (!caseInsensitive)
    return (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);
  const folded = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (!folded.has(key.toLowerCase())) folded.set(key.toLowerCase(), value);
  }
  return (name) => folded.get(name.toLowerCase());
}

class LexError extends Error {}

const SPECIAL_PARAMS = '@*#?-$!0';

function isSpaceChar(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

function isNameChar(ch: string): boolean {
  return /[\p{L}\p{Nd}_]/u.test(ch);
}

/** Collects the words of a result: unquoted expansions split on spaces, quoted text stays whole. */
class WordCollector {
  readonly words: string[] = [];
  private word = '';
  private inWord = false;

  addChar(ch: string): void {
    if (isSpaceChar(ch)) {
      if (this.inWord && this.word.length > 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
      return;
    }
    this.addRaw(ch);
  }

  addRaw(text: string): void {
    this.word += text;
    this.inWord = true;
  }

  addSplit(text: string): void {
    for (const ch of text) this.addChar(ch);
  }

  finish(): string[] {
    if (this.word.length > 0) this.words.push(this.word);
    this.word = '';
    this.inWord = false;
    return this.words;
  }
}

/** Turns a shell glob (with escapes already kept) into an anchored regular expression. */
function globToRegExp(pattern: string, escape: string): RegExp | undefined {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === escape && i + 1 < pattern.length) {
      i++;
      source += (pattern[i] ?? '').replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    } else if (ch === '*') {
      source += '[\\s\\S]*';
    } else if (ch === '?') {
      source += '[\\s\\S]';
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else {
      source += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    }
  }
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    return undefined;
  }
}

// Pattern operators work on short values; the bound keeps a pathological one from being slow.
const MAX_PATTERN_VALUE = 4096;

function trimPrefix(value: string, pattern: string, longest: boolean, escape: string): string {
  const re = globToRegExp(pattern, escape);
  if (re === undefined || value.length > MAX_PATTERN_VALUE) return value;
  if (longest) {
    for (let i = value.length; i >= 0; i--) if (re.test(value.slice(0, i))) return value.slice(i);
  } else {
    for (let i = 0; i <= value.length; i++) if (re.test(value.slice(0, i))) return value.slice(i);
  }
  return value;
}

function trimSuffix(value: string, pattern: string, longest: boolean, escape: string): string {
  const re = globToRegExp(pattern, escape);
  if (re === undefined || value.length > MAX_PATTERN_VALUE) return value;
  if (longest) {
    for (let i = 0; i <= value.length; i++) if (re.test(value.slice(i))) return value.slice(0, i);
  } else {
    for (let i = value.length; i >= 0; i--) if (re.test(value.slice(i))) return value.slice(0, i);
  }
  return value;
}

function replaceMatches(
  value: string,
  pattern: string,
  replacement: string,
  all: boolean,
  escape: string,
): string {
  const re = globToRegExp(pattern, escape);
  if (re === undefined || value.length > MAX_PATTERN_VALUE) return value;
  // Leftmost-longest matches, empty ones included, as a regular-expression replace does.
  let out = '';
  let i = 0;
  while (i <= value.length) {
    let end = -1;
    for (let j = value.length; j >= i; j--) {
      if (re.test(value.slice(i, j))) {
        end = j;
        break;
      }
    }
    if (end < 0) {
      out += value[i] ?? '';
      i++;
      continue;
    }
    out += replacement;
    if (!all) return out + value.slice(end);
    if (end === i) {
      out += value[i] ?? '';
      i++;
    } else {
      i = end;
    }
  }
  return out;
}

class Lexer {
  pos = 0;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  readonly references: VariableReference[] = [];
  private readonly escape: string;

  constructor(
    private readonly text: string,
    private readonly env: EnvLookup,
    private readonly options: LexOptions,
  ) {
    this.escape = options.escape ?? '\\';
  }

  private peek(): string | undefined {
    return this.pos < this.text.length ? this.text[this.pos] : undefined;
  }

  private next(): string | undefined {
    return this.pos < this.text.length ? this.text[this.pos++] : undefined;
  }

  private lookup(name: string): string | undefined {
    const value = this.env(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  /** Reads up to `stop` (consumed) or the end; `stops` ends without consuming. */
  run(
    stop: string | undefined,
    words: WordCollector,
    rawEscapes = this.options.rawEscapes === true,
    stops = '',
  ): string {
    let result = '';
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) break;
      if (stop !== undefined && ch === stop) {
        this.pos++;
        return result;
      }
      if (stops.includes(ch)) return result;
      if (ch === "'") {
        const value = this.singleQuote();
        result += value;
        words.addRaw(value);
      } else if (ch === '"') {
        const value = this.doubleQuote(rawEscapes);
        result += value;
        words.addRaw(value);
      } else if (ch === '$') {
        const value = this.dollar();
        result += value;
        words.addSplit(value);
      } else {
        this.pos++;
        if (ch === this.escape) {
          const escaped = this.next();
          if (escaped === undefined) break;
          if (rawEscapes) {
            result += ch;
            words.addRaw(ch);
          }
          result += escaped;
          words.addRaw(escaped);
        } else {
          result += ch;
          words.addChar(ch);
        }
      }
    }
    if (stop !== undefined)
      throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
    return result;
  }

  private singleQuote(): string {
    const start = this.pos;
    const close = this.text.indexOf("'", start + 1);
    if (close < 0) throw new LexError('unexpected end of statement while looking for matching single-quote');
    this.pos = close + 1;
    return this.options.rawQuotes === true
      ? this.text.slice(start, close + 1)
      : this.text.slice(start + 1, close);
  }

  private doubleQuote(rawEscapes: boolean): string {
    const raw = this.options.rawQuotes === true;
    let result = raw ? '"' : '';
    this.pos++;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined)
        throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (ch === '"') {
        this.pos++;
        return raw ? `${result}"` : result;
      }
      if (ch === '$') {
        result += this.dollar();
        continue;
      }
      this.pos++;
      if (ch === this.escape) {
        const after = this.peek();
        if (after === undefined) continue;
        if (after === '"' || after === '$' || after === this.escape) {
          this.pos++;
          result += rawEscapes ? ch + after : after;
          continue;
        }
      }
      result += ch;
    }
  }

  private name(): string {
    const first = this.peek();
    if (first === undefined) return '';
    if (/\p{Nd}/u.test(first)) {
      let digits = '';
      while (this.peek() !== undefined && /\p{Nd}/u.test(this.peek() ?? '')) digits += this.next() ?? '';
      return digits;
    }
    if (SPECIAL_PARAMS.includes(first)) return this.next() ?? '';
    let name = '';
    while (this.peek() !== undefined && isNameChar(this.peek() ?? '')) name += this.next() ?? '';
    return name;
  }

  /** The value of one reference; `$` with no name is a literal dollar. */
  private dollar(): string {
    const start = this.pos;
    this.pos++;
    if (this.peek() !== '{') {
      const name = this.name();
      if (name === '') return '$';
      this.references.push({ name, start, end: this.pos });
      const value = this.lookup(name);
      if (value === undefined && this.options.skipUnsetEnv === true) return `$${name}`;
      return value ?? '';
    }
    this.pos++;
    const first = this.peek();
    if (first === undefined) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const name = this.name();
    const op = this.next();
    if (op === undefined) throw new LexError("syntax error: missing '}'");
    const reference = (modifier?: string): void => {
      this.references.push({ name, start, end: this.pos, ...(modifier !== undefined ? { modifier } : {}) });
    };
    if (op === '}') {
      reference();
      const value = this.lookup(name);
      if (value === undefined && this.options.skipUnsetEnv === true) return `\${${name}}`;
      return value ?? '';
    }
    if (op === ':') {
      const modifier = this.next();
      if (modifier !== '-' && modifier !== '+' && modifier !== '?') {
        throw new LexError(`unsupported modifier (${modifier ?? ''}) in substitution`);
      }
      const word = this.run('}', new WordCollector());
      reference(`:${modifier}`);
      const value = this.lookup(name);
      const empty = value === undefined || value === '';
      if (modifier === '-') return empty ? word : (value ?? '');
      if (modifier === '+') return empty ? '' : word;
      if (empty) throw new LexError(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
      return value ?? '';
    }
    if (op === '-' || op === '+' || op === '?') {
      const word = this.run('}', new WordCollector());
      reference(op);
      const value = this.lookup(name);
      if (op === '-') return value ?? word;
      if (op === '+') return value === undefined ? '' : word;
      if (value === undefined)
        throw new LexError(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
      return value;
    }
    if (op === '#' || op === '%') {
      const longest = this.peek() === op;
      if (longest) this.pos++;
      const pattern = this.run('}', new WordCollector(), true);
      reference(longest ? op + op : op);
      const value = this.lookup(name) ?? '';
      return op === '#'
        ? trimPrefix(value, pattern, longest, this.escape)
        : trimSuffix(value, pattern, longest, this.escape);
    }
    if (op === '/') {
      const all = this.peek() === '/';
      if (all) this.pos++;
      const pattern = this.run(undefined, new WordCollector(), true, '/}');
      if (this.next() !== '/') throw new LexError("syntax error: missing '/' in substitution");
      const replacement = this.run('}', new WordCollector(), true);
      reference(all ? '//' : '/');
      const value = this.lookup(name) ?? '';
      return replaceMatches(value, pattern, replacement, all, this.escape);
    }
    throw new LexError(`missing ':' in substitution`);
  }
}

function lex<T>(
  text: string,
  env: EnvLookup,
  options: LexOptions,
  pick: (value: string, words: string[]) => T,
): LexResult<T> {
  const lexer = new Lexer(text, env, options);
  try {
    const words = new WordCollector();
    const value = lexer.run(undefined, words);
    return {
      ok: true,
      value: pick(value, words.finish()),
      matched: lexer.matched,
      unmatched: lexer.unmatched,
    };
  } catch (err) {
    if (err instanceof LexError) return { ok: false, error: err.message };
    return { ok: false, error: String(err) };
  }
}

/** Expands one word (BuildKit's ProcessWord). */
export function processWord(word: string, env: EnvLookup, options: LexOptions = {}): LexResult<string> {
  return lex(word, env, options, (value) => value);
}

/** Expands and splits into words (BuildKit's ProcessWords). */
export function processWords(text: string, env: EnvLookup, options: LexOptions = {}): LexResult<string[]> {
  return lex(text, env, options, (_, words) => words);
}

/** Every variable reference in the text, in order; quoted-literal text has none. */
export function variableReferences(text: string, options: { escape?: '\\' | '`' } = {}): VariableReference[] {
  const lexer = new Lexer(text, () => undefined, { escape: options.escape ?? '\\', skipUnsetEnv: true });
  try {
    lexer.run(undefined, new WordCollector());
  } catch {
    // A broken tail still leaves the references read before it.
  }
  return lexer.references;
}
