// What the syntax rules share: how a finding is made, the Dockerfile syntax version in force, and
// the small Go parsing rules (ParseBool, ParseUint) whose acceptance BuildKit inherits.
import type { Dockerfile, Range } from '../../syntax/ast';
import type { Finding, Severity } from '../finding';
import { editDistance } from '../suggest';

export const DOCS = 'https://docs.docker.com/reference/dockerfile/';

/** Where findings go, and how severe they are (ONBUILD triggers only fail downstream builds). */
export interface Sink {
  readonly severity: Severity;
  readonly out: Finding[];
  readonly syntax: SyntaxVersion;
}

/** Records one finding. */
export function report(sink: Sink, code: string, message: string, range: Range, anchor: string): void {
  sink.out.push({
    code,
    message,
    range,
    severity: sink.severity,
    ruleSet: 'syntax',
    href: `${DOCS}#${anchor}`,
  });
}

/** True when BuildKit would expand a variable in the text, so its final value is unknown here. */
export function hasVariable(text: string): boolean {
  return text.includes('$');
}

/** BuildKit's did-you-mean, case-sensitive variant (flags, mount keys and values). */
export function suggestExact(word: string, options: readonly string[]): string | undefined {
  if (word === '' || options.includes(word)) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const option of options) {
    const distance = editDistance(word, option);
    if (distance < bestDistance) {
      best = option;
      bestDistance = distance;
    }
  }
  return best;
}

/** Adds ` (did you mean x?)` the way BuildKit wraps an error with a suggestion. */
export function withSuggestion(message: string, suggestion: string | undefined): string {
  return suggestion === undefined ? message : `${message} (did you mean ${suggestion}?)`;
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: undefined when it fails. */
export function parseGoBool(text: string): boolean | undefined {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  return undefined;
}

/** Go's strconv.ParseUint for base 8 or 10 (no sign, no prefix, no underscores). */
export function parseGoUint(text: string, base: 8 | 10, bits: number): bigint | undefined {
  const digits = base === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(text)) return undefined;
  let value = 0n;
  for (const ch of text) value = value * BigInt(base) + BigInt(Number(ch));
  return value < 1n << BigInt(bits) ? value : undefined;
}

/** Go's strconv.ParseInt error text for base 10 and the given size, undefined when it parses. */
export function goParseIntError(text: string, bits: number): string | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`;
  // Up to nine digits always fit 32 bits and more.
  if (bits >= 31 && text.length <= 9) return undefined;
  const value = BigInt(text.startsWith('+') ? text.slice(1) : text);
  const limit = 1n << BigInt(bits - 1);
  if (value >= limit || value < -limit) {
    return `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`;
  }
  return undefined;
}

/**
 * The `# syntax=` frontend in force. `pinned` is the minor version of an explicitly pinned
 * docker/dockerfile image (1.4, 1.7.1 → 7); `labs` tells the channel. `known` is false when the
 * frontend is not the official one (or no directive names it), so nothing version-dependent
 * may be judged.
 */
export interface SyntaxVersion {
  readonly known: boolean;
  readonly labs: boolean;
  readonly pinned: number | undefined;
}

const OFFICIAL = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?$/;

/** Reads the `# syntax=` directive. */
export function syntaxVersion(doc: Dockerfile): SyntaxVersion {
  const directive = doc.directives.find((d) => d.name === 'syntax');
  const unknown: SyntaxVersion = { known: false, labs: false, pinned: undefined };
  if (directive === undefined) return unknown;
  const reference = directive.value.split('@')[0] ?? '';
  const colon = reference.lastIndexOf(':');
  const name = colon < 0 ? reference : reference.slice(0, colon);
  const tag = colon < 0 ? 'latest' : reference.slice(colon + 1);
  if (!OFFICIAL.test(name)) return unknown;
  const labs = tag.endsWith('labs');
  const version = /^1\.(\d+)(?:\.\d+)?(?:-rc\d+)?(?:-labs)?$/.exec(tag);
  return { known: true, labs, pinned: version === null ? undefined : Number(version[1]) };
}

/** The minor number of a table version such as '1.14'. */
export function minorOf(version: string): number {
  return Number(version.split('.')[1] ?? '0');
}

/** The range of `length` characters at `offset` inside a single-line range, if it maps. */
export function subRange(outer: Range, textLength: number, offset: number, length: number): Range {
  if (outer.start.line !== outer.end.line || outer.end.character - outer.start.character !== textLength) {
    return outer;
  }
  const line = outer.start.line;
  const start = outer.start.character + offset;
  return { start: { line, character: start }, end: { line, character: start + length } };
}
