// .dockerignore files read and matched the way the Docker CLI and BuildKit do: lines cleaned like
// Go's filepath.Clean, `*`/`?`/`[...]` within one path segment, `**` across any number of
// segments, `!` exceptions re-including, and the last matching pattern deciding.

/** One pattern of an ignore file, compiled. */
export interface IgnorePattern {
  /** The cleaned pattern, without its `!`. */
  readonly text: string;
  /** True for `!pattern`: a match re-includes. */
  readonly exclusion: boolean;
  /** Whether `path` (cleaned, relative, `/`-separated) matches. */
  matches(path: string): boolean;
}

/** A pattern Docker would refuse (an unbalanced `[`, a lone `!`): the build fails with this. */
export class IgnorePatternError extends Error {}

/** Go's path.Clean on a `/`-separated path: no `.`/`..`/empty segments, no trailing `/`. */
export function cleanPath(input: string): string {
  if (input === '') {
    return '.';
  }
  const rooted = input.startsWith('/');
  const out: string[] = [];
  for (const segment of input.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') {
        out.pop();
      } else if (!rooted) {
        out.push('..');
      }
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  if (rooted) {
    return `/${joined}`;
  }
  return joined === '' ? '.' : joined;
}

/**
 * The patterns of an ignore file's text: `#` lines and blank lines dropped, whitespace trimmed,
 * each pattern cleaned, a leading `/` removed (paths are relative to the context).
 */
export function readIgnoreFile(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    // Only a `#` in the first column starts a comment.
    if (line.startsWith('#')) {
      continue;
    }
    let pattern = line.trim();
    if (pattern === '') {
      continue;
    }
    const invert = pattern.startsWith('!');
    if (invert) {
      pattern = pattern.slice(1).trim();
    }
    if (pattern !== '') {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) {
        pattern = pattern.slice(1);
      }
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

/** Characters that a unicode-mode RegExp reads as syntax; all of them may be escaped. */
const regexSyntax = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

function literal(ch: string): string {
  return regexSyntax.has(ch) ? `\\${ch}` : ch;
}

/** Inside a class `-` may be escaped too. */
function classLiteral(ch: string): string {
  return ch === '-' ? '\\-' : literal(ch);
}

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

/** Compiles one cleaned pattern. Linear in its length; throws IgnorePatternError when Docker would. */
function compile(text: string, exclusion: boolean): IgnorePattern {
  let source = '^';
  let kind: MatchKind = 'exact';
  let inClass = false;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (inClass) {
      // Inside [...]: pass ranges and negation through, escape what JS would read differently.
      if (ch === ']') {
        source += ']';
        inClass = false;
      } else if (ch === '\\' && i + 1 < chars.length) {
        i++;
        source += classLiteral(chars[i]);
      } else if ((ch === '^' && source.endsWith('[')) || ch === '-') {
        source += ch;
      } else {
        source += literal(ch);
      }
      continue;
    }
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        const first = i === 0;
        i++;
        // `**/` means the same as `**`.
        if (chars[i + 1] === '/') {
          i++;
        }
        if (i + 1 >= chars.length) {
          // A trailing `**` accepts everything below, as in .gitignore.
          if (kind === 'exact') {
            kind = 'prefix';
          } else {
            source += '.*';
            kind = 'regexp';
          }
        } else {
          source += '(?:.*/)?';
          kind = 'regexp';
        }
        if (first) {
          kind = 'suffix';
        }
      } else {
        source += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      source += '[^/]';
      kind = 'regexp';
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        i++;
        source += literal(chars[i]);
      } else {
        source += '\\\\';
      }
    } else if (ch === '[') {
      source += '[';
      inClass = true;
      kind = 'regexp';
    } else {
      source += literal(ch);
    }
  }
  if (inClass) {
    throw new IgnorePatternError(`syntax error in pattern: ${text}`);
  }
  if (kind === 'exact') {
    return { text, exclusion, matches: (path) => path === text };
  }
  if (kind === 'prefix') {
    const prefix = text.slice(0, -2);
    return { text, exclusion, matches: (path) => path.startsWith(prefix) };
  }
  if (kind === 'suffix') {
    const suffix = text.slice(2);
    return {
      text,
      exclusion,
      matches: (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1)),
    };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(`${source}(?:/.*)?$`, 'u');
  } catch {
    throw new IgnorePatternError(`syntax error in pattern: ${text}`);
  }
  return { text, exclusion, matches: (path) => regex.test(path) };
}

/** The compiled patterns of one ignore file, matched as `docker build` does. */
export class IgnoreMatcher {
  readonly patterns: readonly IgnorePattern[];
  /** Whether any `!` pattern exists (otherwise an excluded folder is never entered). */
  readonly hasExclusions: boolean;

  /** Compiles cleaned patterns (see readIgnoreFile); throws IgnorePatternError on a bad one. */
  constructor(patterns: readonly string[]) {
    const compiled: IgnorePattern[] = [];
    for (const raw of patterns) {
      let text = raw.trim();
      if (text === '') {
        continue;
      }
      const exclusion = text.startsWith('!');
      if (exclusion) {
        text = text.slice(1);
        if (text === '') {
          throw new IgnorePatternError('illegal exclusion pattern: "!"');
        }
      }
      compiled.push(compile(cleanPath(text), exclusion));
    }
    this.patterns = compiled;
    this.hasExclusions = compiled.some((p) => p.exclusion);
  }

  /**
   * Whether a path (relative to the context, `/`-separated) is excluded: the last pattern that
   * matches it or one of its parent folders decides.
   */
  excludes(path: string): boolean {
    const file = cleanPath(path);
    const parents = parentsOf(file);
    let matched = false;
    for (const pattern of this.patterns) {
      // An inclusion cannot change an excluded path, nor an exception an included one.
      if (pattern.exclusion !== matched) {
        continue;
      }
      let match = pattern.matches(file);
      for (let i = 0; !match && i < parents.length; i++) {
        match = pattern.matches(parents[i]);
      }
      if (match) {
        matched = !pattern.exclusion;
      }
    }
    return matched;
  }

  /**
   * For an excluded folder: whether an exception names a path inside it, so the folder must
   * still be walked (Docker's rule: the exception's text starts with `<folder>/`).
   */
  mayReinclude(folder: string): boolean {
    if (!this.hasExclusions) {
      return false;
    }
    const prefix = `${cleanPath(folder)}/`;
    return this.patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(prefix));
  }
}

/** `a/b/c` → [`a`, `a/b`]. */
function parentsOf(file: string): string[] {
  const out: string[] = [];
  let at = file.indexOf('/');
  while (at !== -1) {
    out.push(file.slice(0, at));
    at = file.indexOf('/', at + 1);
  }
  return out;
}

/**
 * The patterns for a build: the ignore file's, plus exceptions that keep the Dockerfile and the
 * ignore file in the context (the CLI always sends them).
 */
export function buildExcludes(patterns: readonly string[], alwaysSent: readonly string[]): string[] {
  const out = [...patterns];
  const matcher = new IgnoreMatcher(patterns);
  for (const file of alwaysSent) {
    if (matcher.excludes(file)) {
      out.push(`!${cleanPath(file)}`);
    }
  }
  return out;
}
