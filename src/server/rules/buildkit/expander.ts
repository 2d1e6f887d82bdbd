// The word expander the build checks use: BuildKit's shell-word rules for `$name`, `${name}` and
// the `${name:-…}` family, quotes and escapes, recording which names were found and which not.
import type { Expansion, WordExpander } from '../../semantics/scope';

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
/** Shell special parameters: always empty in a Dockerfile. */
const SPECIAL = '@*#?$!-';

class WordReader {
  pos = 0;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  error: string | undefined;

  constructor(
    private readonly text: string,
    private readonly escape: string,
    private readonly lookup: (name: string) => string | undefined,
    /** Quotes are plain text (heredoc bodies). */
    private readonly raw = false,
  ) {}

  private get(name: string): string | undefined {
    if (SPECIAL.includes(name) || /^[0-9]+$/.test(name)) return undefined;
    const value = this.lookup(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  /** Reads until one of `stops` (outside quotes) or the end. */
  read(stops: string): string {
    let out = '';
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos] ?? '';
      if (stops.includes(ch)) break;
      if (ch === this.escape) {
        // A trailing escape character is dropped.
        this.pos++;
        if (this.pos < text.length) out += text[this.pos++] ?? '';
      } else if (this.raw && (ch === "'" || ch === '"')) {
        out += ch;
        this.pos++;
      } else if (ch === "'") {
        const end = text.indexOf("'", this.pos + 1);
        if (end < 0) {
          this.error = 'unexpected end of statement while looking for matching single-quote';
          out += text.slice(this.pos + 1);
          this.pos = text.length;
        } else {
          out += text.slice(this.pos + 1, end);
          this.pos = end + 1;
        }
      } else if (ch === '"') {
        this.pos++;
        out += this.readDouble();
      } else if (ch === '$') {
        out += this.dollar();
      } else {
        out += ch;
        this.pos++;
      }
    }
    return out;
  }

  private readDouble(): string {
    let out = '';
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos] ?? '';
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch === '$') out += this.dollar();
      else if (ch === this.escape && this.pos + 1 < text.length) {
        const next = text[this.pos + 1] ?? '';
        out += '"$`\n'.includes(next) || next === this.escape ? next : ch + next;
        this.pos += 2;
      } else {
        out += ch;
        this.pos++;
      }
    }
    this.error = 'unexpected end of statement while looking for matching double-quote';
    return out;
  }

  private name(): string {
    const start = this.pos;
    const text = this.text;
    if (this.pos < text.length && /[0-9]/.test(text[this.pos] ?? '')) {
      while (this.pos < text.length && /[0-9]/.test(text[this.pos] ?? '')) this.pos++;
      return text.slice(start, this.pos);
    }
    if (SPECIAL.includes(text[this.pos] ?? '')) {
      this.pos++;
      return text.slice(start, this.pos);
    }
    while (this.pos < text.length && NAME_CHAR.test(text[this.pos] ?? '')) this.pos++;
    return text.slice(start, this.pos);
  }

  private dollar(): string {
    const text = this.text;
    this.pos++;
    const next = text[this.pos] ?? '';
    if (next === '{') {
      this.pos++;
      const name = this.name();
      const op = text[this.pos] ?? '';
      if (name === '') {
        this.error = 'bad substitution';
        this.read('}');
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
        this.read('}');
        this.pos++;
        return '';
      }
      if (modifier === ':') {
        if (!'-+?'.includes(text[this.pos] ?? '')) {
          this.error = `unsupported modifier (${text[this.pos] ?? ''}) in substitution`;
          this.read('}');
          this.pos++;
          return '';
        }
        modifier += text[this.pos++] ?? '';
      }
      const word = this.read('}');
      if (text[this.pos] !== '}') this.error = 'syntax error: missing }';
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
    if (NAME_START.test(next) || /[0-9]/.test(next) || SPECIAL.includes(next)) {
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
  const result = reader.read('');
  return {
    result,
    matched: reader.matched,
    unmatched: reader.unmatched,
    ...(reader.error !== undefined ? { error: reader.error } : {}),
  };
}

/** An expander for a document's escape character. */
export function expanderFor(escape: string): WordExpander {
  return (word, lookup) => expandWord(word, lookup, escape);
}
