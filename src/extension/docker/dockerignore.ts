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

/** One step of a compiled pattern. */
type Token =
  | { kind: 'char'; char: string }
  | { kind: 'class'; negated: boolean; items: (string | [string, string])[] }
  // `?`: one character other than `/`.
  | { kind: 'one' }
  // `*`: any run of characters other than `/`.
  | { kind: 'star' }
  // `**` inside a pattern: any run of whole folders, none included.
  | { kind: 'folders' }
  // `**` at the end: anything.
  | { kind: 'rest' };

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'tokens';

function badPattern(text: string): IgnorePatternError {
  return new IgnorePatternError(`syntax error in pattern: ${text}`);
}

/** Reads `[...]` starting after the `[`; returns the class and the index of its `]`. */
function readClass(chars: string[], start: number, text: string): { token: Token; end: number } {
  let i = start;
  const negated = chars[i] === '^';
  if (negated) {
    i++;
  }
  const items: (string | [string, string])[] = [];
  const one = (): string => {
    if (chars[i] === '\\' && i + 1 < chars.length) {
      i++;
    }
    return chars[i++];
  };
  let first = true;
  while (i < chars.length && (chars[i] !== ']' || first)) {
    first = false;
    const low = one();
    if (chars[i] === '-' && i + 1 < chars.length && chars[i + 1] !== ']') {
      i++;
      const high = one();
      if (high < low) {
        throw badPattern(text);
      }
      items.push([low, high]);
    } else {
      items.push(low);
    }
  }
  if (i >= chars.length) {
    throw badPattern(text);
  }
  return { token: { kind: 'class', negated, items }, end: i };
}

/**
 * Compiles one cleaned pattern. Plain names, trailing `**` and leading `**` are compared as
 * strings, as Docker does; the rest runs as a small automaton, linear in the path's length.
 */
function compile(text: string, exclusion: boolean): IgnorePattern {
  const tokens: Token[] = [];
  let kind: MatchKind = 'exact';
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
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
            tokens.push({ kind: 'rest' });
            kind = 'tokens';
          }
        } else {
          tokens.push({ kind: 'folders' });
          kind = 'tokens';
        }
        if (first) {
          kind = 'suffix';
        }
      } else {
        tokens.push({ kind: 'star' });
        kind = 'tokens';
      }
    } else if (ch === '?') {
      tokens.push({ kind: 'one' });
      kind = 'tokens';
    } else if (ch === '\\') {
      tokens.push({ kind: 'char', char: i + 1 < chars.length ? chars[++i] : '\\' });
    } else if (ch === '[') {
      const { token, end } = readClass(chars, i + 1, text);
      tokens.push(token);
      i = end;
      kind = 'tokens';
    } else {
      tokens.push({ kind: 'char', char: ch });
    }
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
  // Matching is synchronous, so one pair of state sets per pattern serves every call.
  const buffers: [Uint8Array, Uint8Array] = [
    new Uint8Array(2 * tokens.length + 2),
    new Uint8Array(2 * tokens.length + 2),
  ];
  return { text, exclusion, matches: (path) => runTokens(tokens, path, buffers) };
}

function inClass(token: Token & { kind: 'class' }, ch: string): boolean {
  const hit = token.items.some((item) =>
    typeof item === 'string' ? item === ch : ch >= item[0] && ch <= item[1],
  );
  return hit !== token.negated;
}

/**
 * Whether the tokens, followed by an optional `/anything`, match the whole path. States are
 * token positions (plus one "inside **" state per `**` and one for the trailing `/…`), advanced
 * together one character at a time: no backtracking.
 */
function runTokens(tokens: readonly Token[], path: string, buffers: [Uint8Array, Uint8Array]): boolean {
  const n = tokens.length;
  // State i < n: before token i; n + i: inside the `**` of token i; 2n: at the end; 2n + 1: in the tail.
  const end = 2 * n;
  const tail = end + 1;
  let [current, next] = buffers;
  current.fill(0);
  const add = (set: Uint8Array, state: number): void => {
    // Follow the empty moves: `*`, `**` and a trailing `**` may match nothing.
    while (state < n && set[state] === 0) {
      set[state] = 1;
      const token = tokens[state];
      if (token.kind === 'star' || token.kind === 'rest') {
        state++;
      } else if (token.kind === 'folders') {
        set[n + state] = 1;
        state++;
      } else {
        return;
      }
    }
    if (state === n) {
      set[end] = 1;
    }
  };
  add(current, 0);
  for (const ch of path) {
    next.fill(0);
    let any = false;
    for (let state = 0; state <= tail; state++) {
      if (current[state] === 0) {
        continue;
      }
      any = true;
      if (state === end) {
        if (ch === '/') {
          next[tail] = 1;
        }
        continue;
      }
      if (state === tail) {
        next[tail] = 1;
        continue;
      }
      if (state >= n) {
        // Inside `**`: any character stays; a `/` may also end the folders.
        const at = state - n;
        next[state] = 1;
        if (ch === '/') {
          add(next, at + 1);
        }
        continue;
      }
      const token = tokens[state];
      switch (token.kind) {
        case 'char':
          if (token.char === ch) {
            add(next, state + 1);
          }
          break;
        case 'class':
          if (inClass(token, ch)) {
            add(next, state + 1);
          }
          break;
        case 'one':
          if (ch !== '/') {
            add(next, state + 1);
          }
          break;
        case 'star':
          if (ch !== '/') {
            next[state] = 1;
            add(next, state + 1);
          }
          break;
        case 'rest':
          next[state] = 1;
          add(next, state + 1);
          break;
        case 'folders':
          // Handled by its "inside" state.
          break;
      }
    }
    if (!any) {
      return false;
    }
    [current, next] = [next, current];
  }
  return current[end] === 1 || current[tail] === 1;
}

/** The compiled patterns of one ignore file, matched as `docker build` does. */
export class IgnoreMatcher {
  readonly patterns: readonly IgnorePattern[];
  /** Whether any `!` pattern exists (otherwise an excluded folder is never entered). */
  readonly hasExclusions: boolean;
  private readonly folders = new Map<string, boolean[]>();

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
    for (let index = 0; index < this.patterns.length; index++) {
      const pattern = this.patterns[index];
      // An inclusion cannot change an excluded path, nor an exception an included one.
      if (pattern.exclusion !== matched) {
        continue;
      }
      let match = pattern.matches(file);
      for (let i = 0; !match && i < parents.length; i++) {
        match = this.folderMatches(parents[i])[index];
      }
      if (match) {
        matched = !pattern.exclusion;
      }
    }
    return matched;
  }

  /** Which patterns match a folder, remembered: every path below it asks again. */
  private folderMatches(folder: string): boolean[] {
    let matches = this.folders.get(folder);
    if (matches === undefined) {
      if (this.folders.size >= 4096) {
        this.folders.clear();
      }
      matches = this.patterns.map((pattern) => pattern.matches(folder));
      this.folders.set(folder, matches);
    }
    return matches;
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
