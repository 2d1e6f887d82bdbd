// Character classes and small helpers of the shell word lexer, matching Go's definitions
// (unicode.IsSpace, IsLetter, IsDigit, %q) so words split and names end where BuildKit's do.

/** Go's unicode.IsSpace. */
export function isSpace(ch: string): boolean {
  switch (ch) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case '\u0085':
    case '\u00a0':
    case '\u1680':
    case '\u2028':
    case '\u2029':
    case '\u202f':
    case '\u205f':
    case '\u3000':
      return true;
    default:
      return ch >= '\u2000' && ch <= '\u200a';
  }
}

/** Go's unicode.IsDigit (decimal digits of any script). */
export function isDigit(ch: string): boolean {
  if (ch.length === 1 && ch < '\u0080') return ch >= '0' && ch <= '9';
  return /^\p{Nd}$/u.test(ch);
}

/** A character that continues a variable name: a letter, a digit or `_`. */
export function isNameChar(ch: string): boolean {
  if (ch.length === 1 && ch < '\u0080') return ch === '_' || /[A-Za-z0-9]/.test(ch);
  return /^[\p{L}\p{Nd}]$/u.test(ch);
}

/** Go's %q, enough for error messages. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The words of a result: text from `$` expansions and plain characters split on spaces. */
export class Words {
  readonly words: string[] = [];
  private word = '';
  private inWord = false;

  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.word.length !== 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else {
      this.addRaw(ch);
    }
  }

  addRaw(text: string): void {
    this.word += text;
    this.inWord = true;
  }

  /** addChar over a whole text, a run of non-spaces at a time (no space is outside the BMP). */
  addSplit(text: string): void {
    let run = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (!isSpace(ch)) continue;
      if (i > run) this.addRaw(text.slice(run, i));
      this.addChar(ch);
      run = i + 1;
    }
    if (text.length > run) this.addRaw(text.slice(run));
  }

  finish(): string[] {
    if (this.word.length > 0) this.words.push(this.word);
    this.word = '';
    this.inWord = false;
    return this.words;
  }
}
