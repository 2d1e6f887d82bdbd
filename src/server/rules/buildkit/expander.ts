// The word expander the build checks use: BuildKit's shell-word rules for `$name`, `${name}` and
// the `${name:-…}` family, quotes and escapes, recording which names were found and which not.
import type { Expansion, WordExpander } from '../../semantics/scope';

/** Shell special parameters: always empty in a Dockerfile. */
const SPECIAL = '@*#?$!-';

const DOLLAR = 0x24;
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isNameChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || isDigit(code) || code === 0x5f;
}

/** `SPECIAL.includes(text[at] ?? '')`: true past the end too, as an empty string is included. */
function isSpecialAt(text: string, at: number): boolean {
  return at >= text.length || SPECIAL.includes(text.charAt(at));
}

class WordReader {
  pos = 0;
  matched: Set<string> | undefined;
  unmatched: Set<string> | undefined;
  error: string | undefined;
  private readonly escapeCode: number;

  constructor(
    private readonly text: string,
    private readonly escape: string,
    private readonly lookup: (name: string) => string | undefined,
    /** Quotes are plain text (heredoc bodies). */
    private readonly raw = false,
  ) {
    this.escapeCode = escape.length === 1 ? escape.charCodeAt(0) : -1;
  }

  private get(name: string): string | undefined {
    // Special parameters and positional ones (names of digits only) are never looked up.
    if (SPECIAL.includes(name) || isDigit(name.charCodeAt(0))) return undefined;
    const value = this.lookup(name);
    if (value === undefined) (this.unmatched ??= new Set()).add(name);
    else (this.matched ??= new Set()).add(name);
    return value;
  }

  /** Reads until `}` (outside quotes) when `toBrace`, else to the end. */
  read(toBrace: boolean): string {
    let out = '';
    const text = this.text;
    const end = text.length;
    // Plain characters are copied a run at a time.
    let run = this.pos;
    while (this.pos < end) {
      const code = text.charCodeAt(this.pos);
      if (toBrace && code === CLOSE_BRACE) break;
      const quote = !this.raw && (code === SINGLE_QUOTE || code === DOUBLE_QUOTE);
      if (code !== this.escapeCode && code !== DOLLAR && !quote) {
        this.pos++;
        continue;
      }
      out += text.slice(run, this.pos);
      if (code === this.escapeCode) {
        // A trailing escape character is dropped.
        this.pos++;
        if (this.pos < end) out += text.charAt(this.pos++);
      } else if (code === SINGLE_QUOTE) {
        const close = text.indexOf("'", this.pos + 1);
        if (close < 0) {
          this.error = 'unexpected end of statement while looking for matching single-quote';
          out += text.slice(this.pos + 1);
          this.pos = end;
        } else {
          out += text.slice(this.pos + 1, close);
          this.pos = close + 1;
        }
      } else if (code === DOUBLE_QUOTE) {
        this.pos++;
        out += this.readDouble();
      } else {
        out += this.dollar();
      }
      run = this.pos;
    }
    return run < this.pos ? out + text.slice(run, this.pos) : out;
  }

  private readDouble(): string {
    let out = '';
    const text = this.text;
    const end = text.length;
    let run = this.pos;
    while (this.pos < end) {
      const code = text.charCodeAt(this.pos);
      if (code === DOUBLE_QUOTE) {
        out += text.slice(run, this.pos);
        this.pos++;
        return out;
      }
      if (code === DOLLAR) {
        out += text.slice(run, this.pos);
        out += this.dollar();
        run = this.pos;
      } else if (code === this.escapeCode && this.pos + 1 < end) {
        out += text.slice(run, this.pos);
        const next = text.charAt(this.pos + 1);
        out += '"$`\n'.includes(next) || next === this.escape ? next : this.escape + next;
        this.pos += 2;
        run = this.pos;
      } else {
        this.pos++;
      }
    }
    this.error = 'unexpected end of statement while looking for matching double-quote';
    return run < this.pos ? out + text.slice(run, this.pos) : out;
  }

  private name(): string {
    const start = this.pos;
    const text = this.text;
    const end = text.length;
    if (this.pos < end && isDigit(text.charCodeAt(this.pos))) {
      while (this.pos < end && isDigit(text.charCodeAt(this.pos))) this.pos++;
      return text.slice(start, this.pos);
    }
    if (isSpecialAt(text, this.pos)) {
      this.pos++;
      return text.slice(start, this.pos);
    }
    while (this.pos < end && isNameChar(text.charCodeAt(this.pos))) this.pos++;
    return text.slice(start, this.pos);
  }

  private dollar(): string {
    const text = this.text;
    this.pos++;
    const next = text.charCodeAt(this.pos);
    if (next === OPEN_BRACE) {
      this.pos++;
      const name = this.name();
      const op = text.charAt(this.pos);
      if (name === '') {
        this.error = 'bad substitution';
        this.read(true);
        this.pos++;
        return '';
      }
      if (op === '}') {
        this.pos++;
        return this.get(name) ?? '';
      }
      let modifier = op;
      this.pos++;
      if (!'-+?:#%/'.includes(op)) {
        this.error = `unsupported modifier (${op}) in substitution`;
        this.read(true);
        this.pos++;
        return '';
      }
      if (modifier === ':') {
        const second = text.charAt(this.pos);
        if (!'-+?'.includes(second)) {
          this.error = `unsupported modifier (${second}) in substitution`;
          this.read(true);
          this.pos++;
          return '';
        }
        modifier += second;
        this.pos++;
      }
      const word = this.read(true);
      if (text.charCodeAt(this.pos) !== CLOSE_BRACE) this.error = 'syntax error: missing }';
      this.pos++;
      const value = this.get(name);
      switch (modifier) {
        case ':-':
          return value === undefined || value === '' ? word : value;
        case '-':
          return value ?? word;
        case ':+':
          return value === undefined || value === '' ? '' : word;
        case '+':
          return value === undefined ? '' : word;
        case ':?':
          if (value === undefined || value === '')
            this.error = `${name}: ${word || 'is not allowed to be empty'}`;
          return value ?? '';
        case '?':
          if (value === undefined) this.error = `${name}: ${word || 'is not allowed to be unset'}`;
          return value ?? '';
        default:
          // Pattern operators (#, %, /) and others: the value is kept.
          return value ?? '';
      }
    }
    // Past the end counts as special too, so a trailing `$` reads as an empty parameter.
    if (isNameChar(next) || isSpecialAt(text, this.pos)) {
      const name = this.name();
      return this.get(name) ?? '';
    }
    return '$';
  }
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Whether a word reads as itself: no variables, quotes or escapes to interpret. */
function isPlain(word: string, escape: string, raw: boolean): boolean {
  return (
    !word.includes('$') && !word.includes(escape) && (raw || (!word.includes("'") && !word.includes('"')))
  );
}

/** Expands one word with the given escape character. Never throws. */
export function expandWord(
  word: string,
  lookup: (name: string) => string | undefined,
  escape = '\\',
  raw = false,
): Expansion {
  // Most words hold nothing to expand; they need no reader and no name sets.
  if (isPlain(word, escape, raw)) return { result: word, matched: NO_NAMES, unmatched: NO_NAMES };
  const reader = new WordReader(word, escape, lookup, raw);
  const result = reader.read(false);
  return {
    result,
    matched: reader.matched ?? NO_NAMES,
    unmatched: reader.unmatched ?? NO_NAMES,
    ...(reader.error !== undefined ? { error: reader.error } : {}),
  };
}

/** An expander for a document's escape character. */
export function expanderFor(escape: string): WordExpander {
  return (word, lookup) => expandWord(word, lookup, escape);
}
