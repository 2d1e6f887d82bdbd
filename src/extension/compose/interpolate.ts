// Compose's variable substitution and `.env` files: `$VAR`, `${VAR}`, `${VAR:-default}`,
// `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}` and `$$`, with
// defaults that may hold substitutions themselves. Pure; never throws.

/** Looks a variable up; undefined when it is not set at all. */
export type Lookup = (name: string) => string | undefined;

/** The text with every substitution made, and what went wrong (`${VAR:?err}`, a bad brace). */
export interface Interpolated {
  value: string;
  errors: string[];
}

const nameStart = /[A-Za-z_]/;
const nameChar = /[A-Za-z0-9_]/;

/** Substitutes variables in one string the way Compose does. */
export function interpolate(text: string, lookup: Lookup): Interpolated {
  const errors: string[] = [];
  const value = expand(text, 0, text.length, lookup, errors);
  return { value, errors };
}

/** Expands text[from, to). */
function expand(text: string, from: number, to: number, lookup: Lookup, errors: string[]): string {
  let out = '';
  let i = from;
  while (i < to) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0 || dollar >= to) {
      out += text.slice(i, to);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2, to);
      if (close < 0) {
        errors.push(`Invalid interpolation format: "${text.slice(dollar, to)}" has no closing brace.`);
        out += text.slice(dollar, to);
        break;
      }
      out += braced(text, dollar + 2, close, lookup, errors);
      i = close + 1;
    } else if (next !== undefined && nameStart.test(next) && dollar + 1 < to) {
      let end = dollar + 2;
      while (end < to && nameChar.test(text[end] ?? '')) {
        end++;
      }
      out += lookup(text.slice(dollar + 1, end)) ?? '';
      i = end;
    } else {
      // A lone `$` (before a space, a digit or the end) stays as written.
      out += '$';
      i = dollar + 1;
    }
  }
  return out;
}

/** The index of the `}` closing a `${` whose content starts at `from`, or -1. */
function matchingBrace(text: string, from: number, to: number): number {
  let depth = 1;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === '$' && text[i + 1] === '$') {
      i++;
    } else if (ch === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) {
        return i;
      }
    }
  }
  return -1;
}

/** The value of `${…}` whose content is text[from, to). */
function braced(text: string, from: number, to: number, lookup: Lookup, errors: string[]): string {
  let end = from;
  while (end < to && nameChar.test(text[end] ?? '')) {
    end++;
  }
  const name = text.slice(from, end);
  if (!nameStart.test(name[0] ?? '')) {
    errors.push(`Invalid interpolation format: "\${${text.slice(from, to)}}".`);
    return '';
  }
  const value = lookup(name);
  if (end === to) {
    return value ?? '';
  }
  const colon = text[end] === ':';
  const op = text[colon ? end + 1 : end];
  const argStart = colon ? end + 2 : end + 1;
  // Unset, or also empty with the colon form.
  const missing = value === undefined || (colon && value === '');
  const arg = (): string => expand(text, argStart, to, lookup, errors);
  switch (op) {
    case '-':
      return missing ? arg() : (value ?? '');
    case '?':
      if (missing) {
        const message = arg();
        errors.push(
          message !== ''
            ? `Required variable ${name} is missing a value: ${message}`
            : `Required variable ${name} is missing a value.`,
        );
        return '';
      }
      return value ?? '';
    case '+':
      return missing ? '' : arg();
    default:
      errors.push(`Invalid interpolation format: "\${${text.slice(from, to)}}".`);
      return '';
  }
}

/**
 * Substitutes in every string of a parsed YAML value (mapping keys stay as written, as Compose
 * does for service names). Returns a new value; errors are collected with their path.
 */
export function interpolateTree(value: unknown, lookup: Lookup, errors: string[], path = ''): unknown {
  if (typeof value === 'string') {
    const result = interpolate(value, lookup);
    for (const error of result.errors) {
      errors.push(path === '' ? error : `${path}: ${error}`);
    }
    return result.value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => interpolateTree(item, lookup, errors, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out[key] = interpolateTree(item, lookup, errors, path === '' ? key : `${path}.${key}`);
    }
    return out;
  }
  return value;
}

/**
 * Reads a `.env` file: `KEY=value` lines, optional `export `, `#` comments, single quotes taken
 * literally, double quotes with `\n`-style escapes, unquoted values ending at ` #`. Values that are
 * not single-quoted are interpolated with the variables read so far and then `lookup`.
 */
export function parseEnvFile(text: string, lookup: Lookup = () => undefined): Map<string, string> {
  const vars = new Map<string, string>();
  const seen: Lookup = (name) => lookup(name) ?? vars.get(name);
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    let line = (lines[n] ?? '').trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    if (line.startsWith('export ')) {
      line = line.slice(7).trimStart();
    }
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      continue;
    }
    if (eq < 0) {
      // A bare name takes its value from the environment, if set.
      const outer = lookup(key);
      if (outer !== undefined) vars.set(key, outer);
      continue;
    }
    let raw = line.slice(eq + 1).trimStart();
    const quote = raw[0];
    if (quote === "'" || quote === '"') {
      // A quoted value may go on over several lines.
      let body = raw.slice(1);
      let close = closingQuote(body, quote);
      while (close < 0 && n + 1 < lines.length) {
        n++;
        body += `\n${lines[n] ?? ''}`;
        close = closingQuote(body, quote);
      }
      const inner = close < 0 ? body : body.slice(0, close);
      vars.set(key, quote === "'" ? inner : interpolate(unescape(inner), seen).value);
      continue;
    }
    const comment = raw.search(/\s#/);
    if (comment >= 0) {
      raw = raw.slice(0, comment);
    }
    vars.set(key, interpolate(raw.trim(), seen).value);
  }
  return vars;
}

function closingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && quote === '"') {
      i++;
    } else if (body[i] === quote) {
      return i;
    }
  }
  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_whole, ch: string) =>
    ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === 'r' ? '\r' : ch,
  );
}
