// Reads the joined text of a continued instruction far enough to know, at each line break,
// whether it falls inside a quoted string, a `${…}` expansion or after an escape, and whether
// unquoted whitespace already separates the two sides. Only then may the formatter change the
// indentation of the next line without changing what the instruction means.
//
// Several readings run side by side (the escape character of the file and the shell's backslash;
// escapes honoured inside single quotes or not) and a break counts as plain only when every
// reading agrees: when in doubt, the line is left as written.

const enum Quote {
  None,
  Single,
  Double,
}

interface ShellReading {
  readonly escape: string;
  readonly escapesInSingle: boolean;
  quote: Quote;
  depth: number;
  escaped: boolean;
  dollar: boolean;
  separated: boolean;
}

interface JsonReading {
  inString: boolean;
  escaped: boolean;
  separated: boolean;
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

function shellStep(reading: ShellReading, ch: string): void {
  if (reading.escaped) {
    reading.escaped = false;
    reading.dollar = false;
    reading.separated = false;
    return;
  }
  if (reading.quote === Quote.Single) {
    if (ch === "'") reading.quote = Quote.None;
    else if (reading.escapesInSingle && ch === reading.escape) reading.escaped = true;
    reading.dollar = false;
    reading.separated = false;
    return;
  }
  if (ch === reading.escape) {
    reading.escaped = true;
    reading.dollar = false;
    reading.separated = false;
    return;
  }
  const afterDollar = reading.dollar;
  reading.dollar = ch === '$';
  if (ch === '{' && afterDollar) reading.depth++;
  else if (ch === '}' && reading.depth > 0) reading.depth--;
  else if (ch === '"') reading.quote = reading.quote === Quote.Double ? Quote.None : Quote.Double;
  else if (ch === "'" && reading.quote === Quote.None) reading.quote = Quote.Single;
  reading.separated = reading.quote === Quote.None && reading.depth === 0 && isBlank(ch);
}

function jsonStep(reading: JsonReading, ch: string): void {
  if (reading.escaped) {
    reading.escaped = false;
  } else if (reading.inString) {
    if (ch === '\\') reading.escaped = true;
    else if (ch === '"') reading.inString = false;
  } else if (ch === '"') {
    reading.inString = true;
  } else {
    // Between the strings of a JSON array whitespace never joins or splits anything.
    reading.separated = true;
    return;
  }
  reading.separated = false;
}

function shellPlain(reading: ShellReading): boolean {
  return reading.quote === Quote.None && reading.depth === 0 && !reading.escaped;
}

/** Follows the logical line of one instruction, fed one physical piece at a time. */
export class JoinScanner {
  private shells: ShellReading[];
  private json: JsonReading | undefined;

  constructor(escape: '\\' | '`') {
    const escapes = escape === '\\' ? ['\\'] : [escape, '\\'];
    this.shells = escapes.flatMap((char) =>
      [false, true].map((escapesInSingle) => ({
        escape: char,
        escapesInSingle,
        quote: Quote.None,
        depth: 0,
        escaped: false,
        dollar: false,
        separated: false,
      })),
    );
  }

  /** From here on the text is the JSON array of an exec form instruction. */
  startJson(): void {
    if (this.json !== undefined) return;
    const separated = this.separated();
    // A flag left open before the array keeps its shell readings; otherwise JSON alone decides.
    if (this.shells.every(shellPlain)) this.shells = [];
    this.json = { inString: false, escaped: false, separated };
  }

  /** Reads text[start, end). */
  feed(text: string, start: number, end: number): void {
    const shells = this.shells;
    const json = this.json;
    for (let i = start; i < end; i++) {
      const ch = text[i] ?? '';
      for (const reading of shells) shellStep(reading, ch);
      if (json !== undefined) jsonStep(json, ch);
    }
  }

  /** True when the text read so far ends outside any string, expansion or escape. */
  plain(): boolean {
    if (!this.shells.every(shellPlain)) return false;
    return this.json === undefined || (!this.json.inString && !this.json.escaped);
  }

  /** True when the last character read is whitespace that separates words. */
  separated(): boolean {
    if (!this.shells.every((reading) => reading.separated)) return false;
    return this.json === undefined || this.json.separated;
  }
}
