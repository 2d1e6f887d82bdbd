// BuildKit's shell word lexer for Dockerfile arguments: quotes, the escape character (`\` or a
// backtick), `$name`, `${name}` and the modifiers `:-` `-` `:+` `+` `:?` `?` `#` `##` `%` `%%`
// `/` `//`, splitting into words, and the names that were found or missing in the environment.
// It reproduces BuildKit's quirks on purpose (they decide what a build does), never throws, and
// also lists every reference with its offsets for editor features.
import { replacePattern, trimPrefix, trimSuffix } from './shellLexPattern';
import { goQuote, isDigit, isNameChar, Words } from './shellLexText';

export interface LexOptions {
  /** The escape character: `\` (default) or a backtick, as set by the escape directive. */
  escape?: '\\' | '`';
  /** Keep quote characters in the result. */
  rawQuotes?: boolean;
  /** Keep escape characters in the result. */
  rawEscapes?: boolean;
  /** Leave references to unset variables as written. */
  skipUnsetEnv?: boolean;
  /** Treat quotes as ordinary characters. */
  skipProcessQuotes?: boolean;
  /** Compare variable names case-insensitively, as on Windows (needs a lookup from envLookup). */
  caseInsensitiveEnv?: boolean;
}

/**
 * Looks a variable up by name. A lookup made by envLookup also carries `folded`, its
 * case-insensitive form, which `caseInsensitiveEnv` uses.
 */
export type EnvLookup = ((name: string) => string | undefined) & {
  readonly folded?: (name: string) => string | undefined;
};

export type LexResult<T> =
  { ok: true; value: T; matched: Set<string>; unmatched: Set<string> } | { ok: false; error: string };

/** A variable reference: its name, the offsets of the whole `$…`/`${…}` and the modifier if any. */
export interface VariableReference {
  name: string;
  start: number;
  end: number;
  /** The operator after the name inside braces as written (`:-`, `#`, `##`, `//`, …). */
  modifier?: string;
}

/** Simple case folding, close to Go's strings.EqualFold: one character at a time. */
function foldName(name: string): string {
  let out = '';
  for (const ch of name) {
    const upper = ch.toUpperCase();
    out += upper.length === ch.length ? upper.toLowerCase() : ch.toLowerCase();
  }
  return out;
}

/** Builds a lookup over a plain object; `caseInsensitive` compares names as Windows does. */
export function envLookup(env: Readonly<Record<string, string>>, caseInsensitive = false): EnvLookup {
  const exact = (name: string): string | undefined =>
    Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
  let table: Map<string, string> | undefined;
  const folded = (name: string): string | undefined => {
    const direct = exact(name);
    if (direct !== undefined) return direct;
    if (table === undefined) {
      table = new Map();
      for (const [key, value] of Object.entries(env)) {
        const k = foldName(key);
        if (!table.has(k)) table.set(k, value);
      }
    }
    return table.get(foldName(name));
  };
  return Object.assign(caseInsensitive ? (name: string) => folded(name) : exact, { folded });
}

class LexError extends Error {}

const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

// Deeper nesting of `${…${…}}` than this is refused rather than risking the stack.
const MAX_DEPTH = 1000;

const EOF = '';

class Lexer {
  pos = 0;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  readonly references: VariableReference[] = [];
  private readonly escape: string;
  private rawEscapes: boolean;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly env: (name: string) => string | undefined,
    private readonly options: LexOptions,
    /** Only collecting references: evaluation errors are not raised. */
    private readonly collecting = false,
  ) {
    this.escape = options.escape ?? '\\';
    this.rawEscapes = options.rawEscapes === true;
  }

  /** The character (code point) at the cursor, or EOF. */
  private peek(): string {
    const code = this.text.codePointAt(this.pos);
    if (code === undefined) return EOF;
    return code > 0xffff ? this.text.slice(this.pos, this.pos + 2) : this.text[this.pos];
  }

  private next(): string {
    const ch = this.peek();
    this.pos += ch.length;
    return ch;
  }

  private getEnv(name: string): string | undefined {
    const value = this.env(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  /** Reads up to `stop` (consumed) or, when `stop` is EOF, to the end. */
  processStopOn(stop: string, rawEscapes: boolean, words?: Words): string {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      return this.readUntil(stop, words);
    } finally {
      this.rawEscapes = saved;
    }
  }

  private readUntil(stop: string, words: Words | undefined): string {
    const quotes = this.options.skipProcessQuotes !== true;
    let result = '';
    for (;;) {
      const ch = this.peek();
      if (ch === EOF) break;
      if (stop !== EOF && ch === stop) {
        this.pos += ch.length;
        return result;
      }
      if (ch === '$') {
        const value = this.processDollar();
        result += value;
        words?.addSplit(value);
      } else if (quotes && (ch === "'" || ch === '"')) {
        const value = ch === "'" ? this.singleQuote() : this.doubleQuote();
        result += value;
        words?.addRaw(value);
      } else {
        this.pos += ch.length;
        if (ch === this.escape) {
          if (this.rawEscapes) {
            words?.addRaw(ch);
            result += ch;
          }
          const escaped = this.next();
          if (escaped === EOF) break;
          words?.addRaw(escaped);
          result += escaped;
        } else {
          words?.addChar(ch);
          result += ch;
        }
      }
    }
    if (stop !== EOF) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
    return result;
  }

  private singleQuote(): string {
    const open = this.pos;
    const close = this.text.indexOf("'", open + 1);
    if (close < 0) {
      this.pos = this.text.length;
      throw new LexError('unexpected end of statement while looking for matching single-quote');
    }
    this.pos = close + 1;
    return this.options.rawQuotes === true
      ? this.text.slice(open, close + 1)
      : this.text.slice(open + 1, close);
  }

  private doubleQuote(): string {
    const raw = this.options.rawQuotes === true;
    let result = raw ? '"' : '';
    this.pos++;
    for (;;) {
      const ch = this.peek();
      if (ch === EOF)
        throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (ch === '"') {
        this.pos++;
        return raw ? `${result}"` : result;
      }
      if (ch === '$') {
        result += this.processDollar();
        continue;
      }
      this.pos += ch.length;
      let out = ch;
      if (ch === this.escape) {
        if (this.rawEscapes) result += ch;
        const after = this.peek();
        // A trailing escape is dropped; the missing quote is reported next.
        if (after === EOF) continue;
        if (after === '"' || after === '$' || after === this.escape) out = this.next();
      }
      result += out;
    }
  }

  /** A name after `$`: a run of digits, one special parameter, or letters, digits and `_`. */
  private processName(): string {
    const first = this.peek();
    if (first === EOF) return '';
    if (isDigit(first)) {
      const start = this.pos;
      while (this.peek() !== EOF && isDigit(this.peek())) this.next();
      return this.text.slice(start, this.pos);
    }
    if (SPECIAL_PARAMS.has(first)) return this.next();
    const start = this.pos;
    while (this.peek() !== EOF && isNameChar(this.peek())) this.next();
    return this.text.slice(start, this.pos);
  }

  private reference(name: string, start: number, modifier?: string): void {
    if (name === '') return;
    this.references.push(
      modifier === undefined ? { name, start, end: this.pos } : { name, start, end: this.pos, modifier },
    );
  }

  /** A nested word inside `${…}`; an error at the end of the text means the brace is missing. */
  private nested(stop: string, rawEscapes: boolean, missing: string): string {
    try {
      return this.processStopOn(stop, rawEscapes);
    } catch (err) {
      if (err instanceof LexError && this.peek() === EOF) throw new LexError(missing);
      throw err;
    }
  }

  private fail(message: string): string {
    if (this.collecting) return '';
    throw new LexError(message);
  }

  private processDollar(): string {
    const start = this.pos;
    this.pos++;
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      this.reference(name, start);
      const value = this.getEnv(name);
      if (value === undefined && this.options.skipUnsetEnv === true) return `$${name}`;
      return value ?? '';
    }
    this.pos++;
    const first = this.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    if (++this.depth > MAX_DEPTH) throw new LexError('syntax error: substitutions nested too deeply');
    try {
      return this.substitution(start);
    } finally {
      this.depth--;
    }
  }

  /** The part of `${…}` after the `${`. */
  private substitution(start: number): string {
    const name = this.processName();
    let ch = this.next();
    // Go prints a missing character as U+FFFD.
    let chs = ch === EOF ? '\ufffd' : ch;
    const skipUnset = this.options.skipUnsetEnv === true;

    if (ch === '}') {
      this.reference(name, start);
      const value = this.getEnv(name);
      if (value === undefined && skipUnset) return `\${${name}}`;
      return value ?? '';
    }

    if (ch === '/') {
      const all = this.peek() === '/';
      if (all) this.pos++;
      const pattern = this.nested('/', true, "syntax error: missing '/' in ${}");
      const replacement = this.nested('}', true, "syntax error: missing '}'");
      this.reference(name, start, all ? '//' : '/');
      const value = this.getEnv(name);
      if (value === undefined && skipUnset) return `\${${name}/${pattern}/${replacement}}`;
      const replaced = replacePattern(pattern, value ?? '', replacement, all);
      return replaced.ok ? replaced.value : this.fail(replaced.error);
    }

    let nullIsUnset = false;
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.next();
      chs += ch === EOF ? '\ufffd' : ch;
    } else if (ch !== '+' && ch !== '-' && ch !== '?' && ch !== '#' && ch !== '%') {
      throw new LexError(`unsupported modifier (${chs}) in substitution`);
    }
    const pattern = ch === '#' || ch === '%';
    if (nullIsUnset && pattern) throw new LexError(`unsupported modifier (${chs}) in substitution`);
    const doubled = pattern && this.peek() === ch;
    let word = this.nested('}', pattern, "syntax error: missing '}'");
    this.reference(name, start, doubled ? chs + ch : chs);

    const value = this.getEnv(name);
    if (value === undefined && skipUnset) return `\${${name}${chs}${word}}`;
    const unset = value === undefined || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return unset ? word : (value ?? '');
      case '+':
        return unset ? '' : word;
      case '?':
        if (value === undefined)
          return this.fail(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
        if (unset) return this.fail(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
        return value;
      case '#':
      case '%': {
        // The longest-match form is decided on the word as read, quotes and expansions included.
        const greedy = word.startsWith(ch);
        if (greedy) word = word.slice(1);
        const trimmed =
          ch === '%' ? trimSuffix(word, value ?? '', greedy) : trimPrefix(word, value ?? '', greedy);
        return trimmed.ok ? trimmed.value : this.fail(trimmed.error);
      }
      default:
        return this.fail(`unsupported modifier (${chs}) in substitution`);
    }
  }
}

function resolveEnv(env: EnvLookup, options: LexOptions): (name: string) => string | undefined {
  return options.caseInsensitiveEnv === true && env.folded !== undefined ? env.folded : env;
}

function run<T>(
  text: string,
  env: EnvLookup,
  options: LexOptions,
  pick: (value: string, words: string[]) => T,
): LexResult<T> {
  const lexer = new Lexer(text, resolveEnv(env, options), options);
  try {
    const words = new Words();
    const value = lexer.processStopOn(EOF, options.rawEscapes === true, words);
    return {
      ok: true,
      value: pick(value, words.finish()),
      matched: lexer.matched,
      unmatched: lexer.unmatched,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `failed to process ${goQuote(text)}: ${message}` };
  }
}

/** Expands one word as BuildKit's ProcessWordWithMatches does. */
export function processWord(word: string, env: EnvLookup, options: LexOptions = {}): LexResult<string> {
  return run(word, env, options, (value) => value);
}

/** Expands and splits into words as BuildKit's ProcessWords does; quoted text is never split. */
export function processWords(text: string, env: EnvLookup, options: LexOptions = {}): LexResult<string[]> {
  return run(text, env, options, (_, words) => words);
}

/**
 * Every variable reference in a text, in order of position. Single-quoted text and escaped `$`
 * hold none; references nested in modifiers are included; a syntax error skips ahead and goes on.
 * Names include positional and special parameters (`1`, `@`, …) as BuildKit looks them up.
 */
export function variableReferences(text: string, options: { escape?: '\\' | '`' } = {}): VariableReference[] {
  const lexOptions: LexOptions = { escape: options.escape ?? '\\' };
  const found: VariableReference[] = [];
  let from = 0;
  while (from < text.length) {
    const lexer = new Lexer(text, () => undefined, lexOptions, true);
    lexer.pos = from;
    let failed = false;
    try {
      lexer.processStopOn(EOF, false);
    } catch {
      failed = true;
    }
    for (const reference of lexer.references) found.push(reference);
    if (!failed) break;
    // Resume after the point of failure, which always lies past `from`.
    from = Math.max(lexer.pos, from + 1);
  }
  return found.sort((a, b) => a.start - b.start);
}
