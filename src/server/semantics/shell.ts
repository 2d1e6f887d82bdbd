// A small POSIX shell reader for lint rules: it splits a RUN script into simple commands (name,
// arguments, leading assignments, redirections) and remembers how they are joined. It is not an
// interpreter: expansions stay literal text. It never throws and runs in linear time.

/** One shell word: `value` has quotes removed and escapes resolved; expansions stay literal. */
export interface ShellWord {
  readonly value: string;
  readonly raw: string;
  /** Offsets into the script text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** True when any part of the word was quoted. */
  readonly quoted: boolean;
}

/** How a command is joined to the one before it. */
export type ShellJoin = 'start' | ';' | '&&' | '||' | '|' | '&' | 'newline';

export interface ShellCommand {
  /** The command name (first word after assignments), e.g. `apt-get`; empty for pure assignments. */
  readonly name: string;
  readonly words: readonly ShellWord[];
  /** Words after the name, redirections removed. */
  readonly args: readonly ShellWord[];
  readonly assignments: readonly ShellWord[];
  readonly redirects: readonly { readonly op: string; readonly target?: ShellWord }[];
  readonly join: ShellJoin;
  /** True when piped into another command or fed by one. */
  readonly inPipeline: boolean;
  /** Nesting: 0 at top level, 1 inside one `$(…)`/backquote/subshell, … */
  readonly depth: number;
  readonly start: number;
  readonly end: number;
}

export interface ShellScript {
  readonly text: string;
  readonly commands: readonly ShellCommand[];
  /** True when any `|` pipeline appears (not `||`). */
  readonly hasPipes: boolean;
}

const KEYWORDS_BEFORE_COMMAND = new Set([
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
  '{',
  'time',
]);
const KEYWORDS_ENDING = new Set(['fi', 'done', 'esac', '}']);

const NO_WORDS: readonly ShellWord[] = [];
const NO_REDIRECTS: readonly { readonly op: string; readonly target?: ShellWord }[] = [];

/** Parses a shell script into its simple commands. */
export function parseShell(text: string): ShellScript {
  const commands: ShellCommand[] = [];
  const state = { hasPipes: false };
  collect(text, 0, 0, commands, state);
  placeInOrder(commands);
  return { text, commands, hasPipes: state.hasPipes };
}

function before(a: ShellCommand, b: ShellCommand): boolean {
  return a.start < b.start || (a.start === b.start && a.depth < b.depth);
}

/**
 * Sorts the commands by (start, depth), keeping equal ones in order. They come nearly sorted: a
 * command is gathered after the substitutions inside its words, so only it has to move back past
 * them. Moving each one back (insertion) costs what it passes, not a full sort per script.
 */
function placeInOrder(commands: ShellCommand[]): void {
  for (let i = 1; i < commands.length; i++) {
    const command = commands[i];
    let j = i;
    while (j > 0 && before(command, commands[j - 1])) {
      commands[j] = commands[j - 1];
      j--;
    }
    if (j !== i) commands[j] = command;
  }
}

/**
 * Reads `text` (found at `offset` in the script) word by word and operator by operator, and
 * gathers simple commands as it goes; `$(…)` and backquote bodies are read the same way, one
 * level deeper, before the word holding them.
 */
function collect(
  text: string,
  offset: number,
  depth: number,
  out: ShellCommand[],
  state: { hasPipes: boolean },
): void {
  if (depth > 20) return;
  // The command being gathered: its words, its redirections, a redirection still waiting for
  // its target word, and where its first and last tokens lie.
  let words: ShellWord[] = [];
  let redirects: { op: string; target?: ShellWord }[] | undefined;
  let pending: string | undefined;
  let tokens = 0;
  let wordCount = 0;
  let start = 0;
  let end = 0;
  let join: ShellJoin = 'start';
  let pipedIn = false;
  let skipUntilSeparator = false;
  let caseDepth = 0;

  const flush = (next: ShellJoin): void => {
    const pipedOut = next === '|';
    if (tokens > 0) {
      if (pending !== undefined) (redirects ??= []).push({ op: pending });
      out.push(buildCommand(words, redirects, join, pipedIn || pipedOut, depth, start, end));
      words = [];
      redirects = undefined;
      pending = undefined;
      tokens = 0;
      wordCount = 0;
    }
    join = next;
    pipedIn = pipedOut;
    skipUntilSeparator = false;
  };

  const operator = (op: string, at: number): void => {
    if (op === '(' || op === ')') {
      flush(join);
      return;
    }
    if (op === ';;') {
      flush(';');
      return;
    }
    if (isRedirectOp(op)) {
      // A redirection directly after another one gets no target.
      if (pending !== undefined) (redirects ??= []).push({ op: pending });
      pending = op;
      if (tokens === 0) start = at + offset;
      end = at + op.length + offset;
      tokens++;
      return;
    }
    if (op === '|') state.hasPipes = true;
    flush(op === '\n' ? 'newline' : (op as ShellJoin));
  };

  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === RETURN) {
      i++;
      continue;
    }
    if (c === BACKSLASH && text.charCodeAt(i + 1) === NEWLINE) {
      i += 2;
      continue;
    }
    if (c === HASH) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if (c === NEWLINE) {
      operator('\n', i);
      i++;
      continue;
    }
    const op = readOperator(text, i);
    if (op !== undefined) {
      operator(op, i);
      i += op.length;
      continue;
    }
    i = readWord(text, i, offset);
    const word = lastWord;
    const nested = lastNested;
    if (nested !== undefined) {
      for (const inner of nested) collect(inner.text, inner.at, depth + 1, out, state);
    }
    if (skipUntilSeparator) continue;
    if (wordCount === 0 && !word.quoted) {
      const value = word.value;
      if (caseDepth > 0) {
        // Inside `case … esac`, a word ending in `)` is a pattern, not a command.
        if (value === 'esac') caseDepth--;
        if (value.endsWith(')') || value === 'esac') continue;
      }
      if (value.length <= 5 && (KEYWORDS_BEFORE_COMMAND.has(value) || KEYWORDS_ENDING.has(value))) continue;
      if (value === 'for' || value === 'select') {
        skipUntilSeparator = true;
        continue;
      }
      if (value === 'case') {
        caseDepth++;
        skipUntilSeparator = true;
        continue;
      }
    }
    if (pending !== undefined) {
      (redirects ??= []).push({ op: pending, target: word });
      pending = undefined;
    } else {
      words.push(word);
    }
    if (tokens === 0) start = word.start;
    end = word.end;
    tokens++;
    wordCount++;
  }
  flush('newline');
}

/** True when a word's raw text starts like `NAME=` or `NAME+=`. */
function isAssignment(raw: string): boolean {
  const first = raw.charCodeAt(0);
  if (!(isLetter(first) || first === 95)) return false;
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 61) return true;
    if (c === 43) return raw.charCodeAt(i + 1) === 61;
    if (!(isLetter(c) || c === 95 || (c >= 48 && c <= 57))) return false;
  }
  return false;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function buildCommand(
  words: ShellWord[],
  redirects: { op: string; target?: ShellWord }[] | undefined,
  join: ShellJoin,
  inPipeline: boolean,
  depth: number,
  start: number,
  end: number,
): ShellCommand {
  let i = 0;
  while (i < words.length && isAssignment(words[i].raw)) i++;
  return {
    name: i < words.length ? words[i].value : '',
    words: i === 0 ? words : words.slice(i),
    args: words.length > i + 1 ? words.slice(i + 1) : NO_WORDS,
    assignments: i === 0 ? NO_WORDS : words.slice(0, i),
    redirects: redirects ?? NO_REDIRECTS,
    join,
    inPipeline,
    depth,
    start,
    end,
  };
}

// Character codes the reader compares against.
const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const AMP = 38;
const SQUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const DASH = 45;
const SEMI = 59;
const LT = 60;
const GT = 62;
const BACKSLASH = 92;
const BACKQUOTE = 96;
const LBRACE = 123;
const PIPE = 124;

function isRedirectOp(op: string): boolean {
  switch (op) {
    case '&&':
    case '||':
    case ';;':
    case '|':
    case '&':
    case ';':
    case '(':
    case ')':
    case '\n':
      return false;
    default:
      // Every other operator the reader produces is a redirection, a descriptor prefix included.
      return true;
  }
}

/** The operator at `i` (a redirection may carry a descriptor number, `2>&`), if any. */
function readOperator(text: string, i: number): string | undefined {
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) {
    // A file descriptor number directly before a redirection belongs to it (`2>&1`).
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const d = text.charCodeAt(j);
    if (d !== LT && d !== GT) return undefined;
    return text.slice(i, j) + (readOperator(text, j) ?? '');
  }
  const next = text.charCodeAt(i + 1);
  switch (c) {
    case AMP:
      if (next === AMP) return '&&';
      if (next === GT) return text.charCodeAt(i + 2) === GT ? '&>>' : '&>';
      return '&';
    case PIPE:
      return next === PIPE ? '||' : '|';
    case SEMI:
      return next === SEMI ? ';;' : ';';
    case LT:
      if (next === LT) {
        const third = text.charCodeAt(i + 2);
        if (third === LT) return '<<<';
        if (third === DASH) return '<<-';
        return '<<';
      }
      if (next === AMP) return '<&';
      if (next === GT) return '<>';
      return '<';
    case GT:
      if (next === GT) return '>>';
      if (next === AMP) return '>&';
      if (next === PIPE) return '>|';
      return '>';
    case LPAREN:
      return '(';
    case RPAREN:
      return ')';
    default:
      return undefined;
  }
}

// How readWord treats each ASCII character: plain, ending the word, or needing a closer look
// (quotes, backslash, `$`, backquote).
const PLAIN = 0;
const ENDS = 1;
const SPECIAL = 2;
const WORD_CLASS = new Uint8Array(128);
for (const c of [SPACE, TAB, NEWLINE, RETURN, SEMI, AMP, PIPE, LT, GT, LPAREN, RPAREN]) WORD_CLASS[c] = ENDS;
for (const c of [BACKSLASH, SQUOTE, DQUOTE, DOLLAR, BACKQUOTE]) WORD_CLASS[c] = SPECIAL;

// What readWord read last: the word (in script coordinates) and its substitution bodies, if any.
let lastWord: ShellWord = { value: '', raw: '', start: 0, end: 0, quoted: false };
let lastNested: Substitution[] | undefined;

/** The body of a `$(…)` or backquote substitution and where it starts in the script. */
interface Substitution {
  readonly text: string;
  readonly at: number;
}

/**
 * Reads the word at `start` into `lastWord` and `lastNested` and returns where it ends. The value
 * is built from slices of plain runs, so a word without quotes, escapes or substitutions costs
 * one slice.
 */
function readWord(text: string, start: number, offset: number): number {
  const n = text.length;
  let nested: Substitution[] | undefined;
  let value = '';
  let quoted = false;
  // Start of the plain run not yet copied into value.
  let run = start;
  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Most characters are plain: one table look-up decides.
    if (c >= 128 || WORD_CLASS[c] === PLAIN) {
      i++;
      continue;
    }
    if (c === BACKSLASH) {
      value += text.slice(run, i);
      if (text.charCodeAt(i + 1) === NEWLINE) {
        i += 2;
        run = i;
        continue;
      }
      if (i + 1 < n) value += text[i + 1];
      quoted = true;
      i += 2;
      run = i;
      continue;
    }
    if (c === SQUOTE) {
      value += text.slice(run, i);
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      value += text.slice(i + 1, end);
      quoted = true;
      i = end + 1;
      run = i;
      continue;
    }
    if (c === DQUOTE) {
      value += text.slice(run, i);
      quoted = true;
      i++;
      run = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === DQUOTE) break;
        if (d === BACKSLASH && i + 1 < n && escapableInDoubleQuotes(text.charCodeAt(i + 1))) {
          value += text.slice(run, i);
          if (text.charCodeAt(i + 1) !== NEWLINE) value += text[i + 1];
          i += 2;
          run = i;
        } else if (d === DOLLAR && text.charCodeAt(i + 1) === LPAREN) {
          const end = matchParen(text, i + 1);
          (nested ??= []).push({ text: text.slice(i + 2, end), at: i + 2 + offset });
          i = end + 1;
        } else if (d === BACKQUOTE) {
          const end = matchBackquote(text, i);
          (nested ??= []).push({ text: text.slice(i + 1, end), at: i + 1 + offset });
          i = end + 1;
        } else {
          i++;
        }
      }
      value += text.slice(run, Math.min(i, n));
      i++;
      run = i;
      continue;
    }
    if (c === DOLLAR) {
      const next = text.charCodeAt(i + 1);
      if (next === LPAREN) {
        const end = matchParen(text, i + 1);
        if (text.charCodeAt(i + 2) !== LPAREN)
          (nested ??= []).push({ text: text.slice(i + 2, end), at: i + 2 + offset });
        i = end + 1;
        continue;
      }
      if (next === LBRACE) {
        const close = text.indexOf('}', i + 2);
        i = (close < 0 ? n - 1 : close) + 1;
        continue;
      }
      i++;
      continue;
    }
    if (c === BACKQUOTE) {
      const end = matchBackquote(text, i);
      (nested ??= []).push({ text: text.slice(i + 1, end), at: i + 1 + offset });
      i = end + 1;
      continue;
    }
    if (WORD_CLASS[c] === ENDS) break;
    i++;
  }
  const end = Math.min(i, n);
  const raw = text.slice(start, end);
  if (run === start) value = raw;
  else if (run < end) value += text.slice(run, end);
  lastWord = { value, raw, start: start + offset, end: end + offset, quoted };
  lastNested = nested;
  return end;
}

/** Characters a backslash escapes inside double quotes: `$`, backquote, `"`, `\` and newline. */
function escapableInDoubleQuotes(c: number): boolean {
  return c === DOLLAR || c === BACKQUOTE || c === DQUOTE || c === BACKSLASH || c === NEWLINE;
}

/** Index of the `)` closing the `(` at `open`, honouring quotes; text length when unclosed. */
function matchParen(text: string, open: number): number {
  let level = 0;
  const n = text.length;
  for (let i = open; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i++;
    } else if (c === SQUOTE) {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return n;
      i = close;
    } else if (c === DQUOTE) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== DQUOTE) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      i = j;
    } else if (c === LPAREN) {
      level++;
    } else if (c === RPAREN) {
      level--;
      if (level === 0) return i;
    }
  }
  return n;
}

function matchBackquote(text: string, open: number): number {
  const n = text.length;
  for (let i = open + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === BACKQUOTE) return i;
  }
  return n;
}

/** True when the word looks like an option (`-x`, `--long`), not `-` alone. */
export function isFlagWord(word: ShellWord): boolean {
  return !word.quoted && word.value.length > 1 && word.value.charCodeAt(0) === DASH;
}

/** Flag names of a command: `--name=value` → `name`, `-abc` → `a`, `b`, `c`. */
export function commandFlags(cmd: ShellCommand): string[] {
  const flags: string[] = [];
  for (const arg of cmd.args) {
    if (!isFlagWord(arg)) continue;
    if (arg.value.startsWith('--')) {
      const eq = arg.value.indexOf('=');
      flags.push(arg.value.slice(2, eq < 0 ? undefined : eq));
    } else {
      for (const ch of arg.value.slice(1)) flags.push(ch);
    }
  }
  return flags;
}

/** True when the command carries any of the flags (names without dashes). */
export function hasFlag(cmd: ShellCommand, ...names: string[]): boolean {
  for (const arg of cmd.args) {
    if (!isFlagWord(arg)) continue;
    const value = arg.value;
    for (const name of names) {
      if (flagNamed(value, name)) return true;
    }
  }
  return false;
}

/** True when the option word `value` (`--name[=…]` or `-abc`) carries the flag `name`. */
function flagNamed(value: string, name: string): boolean {
  if (value.charCodeAt(1) === DASH) {
    // `--name=value` names `name`: what precedes the first `=`.
    const end = 2 + name.length;
    if (!value.startsWith(name, 2) || name.includes('=')) return false;
    return value.length === end || value.charCodeAt(end) === 61;
  }
  if (name.length === 1 && !isSurrogate(name.charCodeAt(0))) return value.indexOf(name, 1) >= 0;
  // Short flags are single characters, astral ones included.
  if (name.length === 0 || name.length > 2) return false;
  for (const ch of value.slice(1)) if (ch === name) return true;
  return false;
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** Arguments that are not options. */
export function positionalArgs(cmd: ShellCommand): string[] {
  return cmd.args.filter((a) => !isFlagWord(a)).map((a) => a.value);
}

/** Values given to an option, as `--name=value`, `--name value` or `-n value`. */
export function flagValues(cmd: ShellCommand, name: string): string[] {
  const values: string[] = [];
  const long = name.length > 1;
  const option = long ? `--${name}` : `-${name}`;
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (!v.startsWith(option)) continue;
    if (long && v.charCodeAt(option.length) === 61) values.push(v.slice(name.length + 3));
    else if (v.length === option.length) {
      if (i + 1 < args.length) values.push(args[i + 1].value);
    } else if (!long && !v.startsWith('--') && v.length > 2) {
      values.push(v.slice(2));
    }
  }
  return values;
}
