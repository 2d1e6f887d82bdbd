// Go's time.ParseDuration, which BuildKit applies to HEALTHCHECK's interval flags: the same
// grammar, the same overflow limits and the same error texts.

export type DurationResult =
  { readonly ok: true; readonly nanoseconds: bigint } | { readonly ok: false; readonly error: string };

const NANOSECOND = 1n;
const MICROSECOND = 1000n * NANOSECOND;
const MILLISECOND = 1000n * MICROSECOND;
const SECOND = 1000n * MILLISECOND;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', NANOSECOND],
  ['us', MICROSECOND],
  ['\u00b5s', MICROSECOND],
  ['\u03bcs', MICROSECOND],
  ['ms', MILLISECOND],
  ['s', SECOND],
  ['m', MINUTE],
  ['h', HOUR],
]);

/** 1<<63: durations are signed 64-bit nanoseconds. */
const LIMIT = 1n << 63n;

/** Go's strconv-style quoting as the time package does it (enough for error messages). */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Parses a Go duration such as `30s`, `1m30s`, `1.5h` or `-2ms`. Never throws. */
export function parseGoDuration(input: string): DurationResult {
  // The same few short durations recur across files; a small bounded cache keeps them.
  if (input.length > CACHED_LENGTH) return parseUncached(input);
  let result = parsed.get(input);
  if (result === undefined) {
    result = parseUncached(input);
    if (parsed.size >= CACHED_COUNT) parsed.clear();
    parsed.set(input, result);
  }
  return result;
}

const CACHED_LENGTH = 32;
const CACHED_COUNT = 256;
const parsed = new Map<string, DurationResult>();

function parseUncached(input: string): DurationResult {
  const invalid = (): DurationResult => ({ ok: false, error: `time: invalid duration ${quote(input)}` });
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanoseconds: 0n };
  if (s === '') return invalid();
  let total = 0n;
  let pos = 0;
  while (pos < s.length) {
    if (!(s[pos] === '.' || isDigit(s[pos]))) return invalid();
    // Whole part; overflow makes the duration invalid.
    let whole = 0n;
    const wholeStart = pos;
    while (isDigit(s[pos])) {
      whole = whole * 10n + BigInt(Number(s[pos]));
      if (whole > LIMIT) return invalid();
      pos++;
    }
    const hasWhole = pos > wholeStart;
    // Fraction: digits past what fits are read and ignored.
    let fraction = 0n;
    let scale = 1;
    let hasFraction = false;
    if (s[pos] === '.') {
      pos++;
      const fractionStart = pos;
      let overflowed = false;
      while (isDigit(s[pos])) {
        if (!overflowed) {
          const next = fraction * 10n + BigInt(Number(s[pos]));
          if (next > LIMIT) overflowed = true;
          else {
            fraction = next;
            scale *= 10;
          }
        }
        pos++;
      }
      hasFraction = pos > fractionStart;
    }
    if (!hasWhole && !hasFraction) return invalid();
    const unitStart = pos;
    while (pos < s.length && s[pos] !== '.' && !isDigit(s[pos])) pos++;
    if (pos === unitStart) return { ok: false, error: `time: missing unit in duration ${quote(input)}` };
    const unitText = s.slice(unitStart, pos);
    const unit = UNITS.get(unitText);
    if (unit === undefined) {
      return { ok: false, error: `time: unknown unit ${quote(unitText)} in duration ${quote(input)}` };
    }
    if (whole > LIMIT / unit) return invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      // Go computes the fractional part in float64; so does this.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > LIMIT) return invalid();
    }
    total += value;
    if (total > LIMIT) return invalid();
  }
  if (negative) return { ok: true, nanoseconds: -total };
  if (total > LIMIT - 1n) return invalid();
  return { ok: true, nanoseconds: total };
}

/** One millisecond in nanoseconds: the shortest HEALTHCHECK interval BuildKit accepts. */
export const MINIMUM_HEALTHCHECK_INTERVAL = MILLISECOND;
