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

const SPACE = 0x20;
const TAB = 0x09;
const DOLLAR = 0x24;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;

interface ShellReading {
  readonly escape: number;
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

function shellReading(escape: number, escapesInSingle: boolean): ShellReading {
  return {
    escape,
    escapesInSingle,
    quote: Quote.None,
    depth: 0,
    escaped: false,
    dollar: false,
    separated: false,
  };
}

function shellStep(reading: ShellReading, code: number): void {
  if (reading.escaped) {
    reading.escaped = false;
    reading.dollar = false;
    reading.separated = false;
    return;
  }
  if (reading.quote === Quote.Single) {
    if (code === SINGLE_QUOTE) reading.quote = Quote.None;
    else if (reading.escapesInSingle && code === reading.escape) reading.escaped = true;
    reading.dollar = false;
    reading.separated = false;
    return;
  }
  if (code === reading.escape) {
    reading.escaped = true;
    reading.dollar = false;
    reading.separated = false;
    return;
  }
  const afterDollar = reading.dollar;
  reading.dollar = code === DOLLAR;
  if (code === OPEN_BRACE && afterDollar) reading.depth++;
  else if (code === CLOSE_BRACE && reading.depth > 0) reading.depth--;
  else if (code === DOUBLE_QUOTE) reading.quote = reading.quote === Quote.Double ? Quote.None : Quote.Double;
  else if (code === SINGLE_QUOTE && reading.quote === Quote.None) reading.quote = Quote.Single;
  reading.separated = reading.quote === Quote.None && reading.depth === 0 && (code === SPACE || code === TAB);
}

function jsonStep(reading: JsonReading, code: number): void {
  if (reading.escaped) {
    reading.escaped = false;
  } else if (reading.inString) {
    if (code === BACKSLASH) reading.escaped = true;
    else if (code === DOUBLE_QUOTE) reading.inString = false;
  } else if (code === DOUBLE_QUOTE) {
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

/**
 * Characters that can change a reading beyond "something ordinary came": blanks, `$`, braces,
 * quotes and both escape characters. Runs of the others are read in one step.
 */
const SPECIAL = new Uint8Array(128);
for (const code of [
  SPACE,
  TAB,
  DOLLAR,
  OPEN_BRACE,
  CLOSE_BRACE,
  DOUBLE_QUOTE,
  SINGLE_QUOTE,
  BACKSLASH,
  0x60,
]) {
  SPECIAL[code] = 1;
}

function isSpecial(code: number): boolean {
  return code < 128 && SPECIAL[code] === 1;
}

/** Follows the logical line of one instruction, fed one physical piece at a time. */
export class JoinScanner {
  private shells: ShellReading[];
  private json: JsonReading | undefined;

  constructor(escape: '\\' | '`') {
    this.shells = [shellReading(escape.charCodeAt(0), false), shellReading(escape.charCodeAt(0), true)];
    if (escape !== '\\') this.shells.push(shellReading(BACKSLASH, false), shellReading(BACKSLASH, true));
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
    const count = shells.length;
    const json = this.json;
    let i = start;
    while (i < end) {
      const code = text.charCodeAt(i);
      if (isSpecial(code)) {
        for (let k = 0; k < count; k++) shellStep(shells[k], code);
        if (json !== undefined) jsonStep(json, code);
        i++;
        continue;
      }
      // A run of ordinary characters ends any escape and `$`, separates nothing, and leaves
      // quotes and braces as they were; in JSON it separates only outside a string.
      i++;
      while (i < end && !isSpecial(text.charCodeAt(i))) i++;
      for (let k = 0; k < count; k++) {
        const reading = shells[k];
        reading.escaped = false;
        reading.dollar = false;
        reading.separated = false;
      }
      if (json !== undefined) {
        json.escaped = false;
        json.separated = !json.inString;
      }
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
