// .dockerignore patterns, matched the way the build context filter matches them: `*` and `?`
// stop at `/`, `**` crosses directories, a pattern also covers everything under a matching
// directory, and `!` re-includes.

interface IgnorePattern {
  /** The cleaned pattern text, without `!`. */
  readonly text: string;
  readonly exclusion: boolean;
  readonly test: (path: string) => boolean;
}

export interface IgnoreMatcher {
  readonly patterns: readonly IgnorePattern[];
  /** True when some pattern starts with `!`. */
  readonly hasExclusions: boolean;
}

/** Go's path.Clean: drops `.` and empty segments, resolves `..`, keeps a leading `/`. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

const REGEX_SPECIAL = new Set(['.', '+', '(', ')', '|', '{', '}', '$', '^']);

/** Turns one cleaned pattern into a predicate over slash-separated paths. */
function compile(pattern: string): (path: string) => boolean {
  let source = '^';
  let kind: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  const chars = [...pattern];
  let pos = 0;
  for (let step = 0; pos < chars.length; step++) {
    const ch = chars[pos++] ?? '';
    if (ch === '*' && chars[pos] === '*') {
      pos++;
      if (chars[pos] === '/') pos++;
      if (pos >= chars.length) {
        if (kind === 'exact') kind = 'prefix';
        else {
          source += '.*';
          kind = 'regexp';
        }
      } else {
        source += '(.*/)?';
        kind = 'regexp';
      }
      // A leading `**` becomes a suffix test (later wildcards turn it back into a regexp).
      if (step === 0) kind = 'suffix';
    } else if (ch === '*') {
      source += '[^/]*';
      kind = 'regexp';
    } else if (ch === '?') {
      source += '[^/]';
      kind = 'regexp';
    } else if (REGEX_SPECIAL.has(ch)) {
      source += `\\${ch}`;
    } else if (ch === '\\') {
      if (pos < chars.length) {
        source += `\\${chars[pos++] ?? ''}`;
        kind = 'regexp';
      } else {
        source += '\\\\';
      }
    } else if (ch === '[' || ch === ']') {
      source += ch;
      kind = 'regexp';
    } else {
      source += ch;
    }
  }
  if (kind === 'exact') return (path) => path === pattern;
  if (kind === 'prefix') {
    const prefix = pattern.slice(0, -2);
    return (path) => path.startsWith(prefix);
  }
  if (kind === 'suffix') {
    const suffix = pattern.slice(2);
    return (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
  }
  let regexp: RegExp;
  try {
    regexp = new RegExp(`${source}$`, 'su');
  } catch {
    return () => false;
  }
  return (path) => regexp.test(path);
}

/** Reads .dockerignore text: `#` comments and blank lines skipped, paths cleaned, `/` prefix dropped. */
export function parseDockerignore(text: string): IgnoreMatcher {
  const patterns: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith('#')) continue;
    let line = raw.trim();
    if (line === '') continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    if (line !== '') {
      line = cleanPath(line);
      if (line.length > 1 && line.startsWith('/')) line = line.slice(1);
    }
    if (line === '' && exclusion) continue;
    patterns.push({ text: line, exclusion, test: compile(line) });
  }
  return { patterns, hasExclusions: patterns.some((p) => p.exclusion) };
}

/** Whether a context path (or a directory above it) is excluded. */
export function ignoresPath(matcher: IgnoreMatcher, path: string): boolean {
  let matched = false;
  const slash = path.lastIndexOf('/');
  const parent = slash < 0 ? '.' : slash === 0 ? '/' : path.slice(0, slash);
  const parentDirs = parent.split('/');
  for (const pattern of matcher.patterns) {
    if (pattern.exclusion !== matched) continue;
    let match = pattern.test(path);
    if (!match && parent !== '.') {
      for (let i = 1; i <= parentDirs.length && !match; i++) {
        match = pattern.test(parentDirs.slice(0, i).join('/'));
      }
    }
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}

// `*`, `**` or `**` + `/*`: patterns that exclude the whole context, `.` included.
function excludesRoot(matcher: IgnoreMatcher): boolean {
  return matcher.patterns.some(
    (p) => !p.exclusion && (p.text === '*' || p.text === '**' || p.text === '**/*'),
  );
}

/**
 * Whether COPY/ADD of `source` from the context takes an excluded file. Files with `!` patterns
 * are not judged: a re-included file under an excluded directory cannot be decided statically.
 */
export function copySourceIgnored(matcher: IgnoreMatcher, source: string): string | undefined {
  if (matcher.hasExclusions) return undefined;
  const path = cleanPath(source);
  if ((path === '.' || path === '/') && !excludesRoot(matcher)) return undefined;
  return ignoresPath(matcher, path) ? path : undefined;
}
