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

type Token =
  | { kind: 'word'; word: ShellWord; nested: string[] }
  | { kind: 'op'; op: string; start: number; end: number };

/** Parses a shell script into its simple commands. */
export function parseShell(text: string): ShellScript {
  const commands: ShellCommand[] = [];
  const state = { hasPipes: false };
  collect(text, 0, 0, commands, state);
  commands.sort((a, b) => a.start - b.start || a.depth - b.depth);
  return { text, commands, hasPipes: state.hasPipes };
}

function collect(
  text: string,
  offset: number,
  depth: number,
  out: ShellCommand[],
  state: { hasPipes: boolean },
): void {
  if (depth > 20) return;
  const tokens = tokenize(text);
  let current: Token[] = [];
  let join: ShellJoin = 'start';
  let pipedIn = false;
  let skipUntilSeparator = false;
  let caseDepth = 0;

  const flush = (next: ShellJoin): void => {
    const pipedOut = next === '|';
    if (current.length > 0) {
      const cmd = buildCommand(current, join, pipedIn || pipedOut, depth, offset);
      if (cmd) out.push(cmd);
    }
    current = [];
    join = next;
    pipedIn = pipedOut;
    skipUntilSeparator = false;
  };

  for (const token of tokens) {
    if (token.kind === 'op') {
      if (token.op === '(' || token.op === ')') {
        flush(join === 'start' ? 'start' : join);
        continue;
      }
      if (token.op === ';;') {
        flush(';');
        continue;
      }
      if (isRedirect(token.op)) {
        current.push(token);
        continue;
      }
      if (token.op === '|') state.hasPipes = true;
      flush(token.op === '\n' ? 'newline' : (token.op as ShellJoin));
      continue;
    }
    for (const inner of token.nested) {
      collect(inner, offset + token.word.start, depth + 1, out, state);
    }
    if (skipUntilSeparator) continue;
    const commandWords = current.filter((t) => t.kind === 'word');
    if (commandWords.length === 0 && !token.word.quoted) {
      const value = token.word.value;
      if (caseDepth > 0) {
        // Inside `case … esac`, a word ending in `)` is a pattern, not a command.
        if (value === 'esac') caseDepth--;
        if (value.endsWith(')') || value === 'esac') continue;
      }
      if (KEYWORDS_BEFORE_COMMAND.has(value) || KEYWORDS_ENDING.has(value)) continue;
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
    current.push(token);
  }
  flush('newline');
}

function buildCommand(
  tokens: Token[],
  join: ShellJoin,
  inPipeline: boolean,
  depth: number,
  offset: number,
): ShellCommand | undefined {
  const shift = (w: ShellWord): ShellWord =>
    offset === 0 ? w : { ...w, start: w.start + offset, end: w.end + offset };
  const words: ShellWord[] = [];
  const redirects: { op: string; target?: ShellWord }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'op') {
      const next = tokens[i + 1];
      if (next?.kind === 'word') {
        redirects.push({ op: token.op, target: shift(next.word) });
        i++;
      } else {
        redirects.push({ op: token.op });
      }
      continue;
    }
    words.push(shift(token.word));
  }
  const assignments: ShellWord[] = [];
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(words[i].raw)) {
    assignments.push(words[i]);
    i++;
  }
  if (words.length === 0 && redirects.length === 0) return undefined;
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const startOf = (t: Token): number => (t.kind === 'word' ? t.word.start : t.start);
  const endOf = (t: Token): number => (t.kind === 'word' ? t.word.end : t.end);
  return {
    name: i < words.length ? words[i].value : '',
    words: words.slice(i),
    args: words.slice(i + 1),
    assignments,
    redirects,
    join,
    inPipeline,
    depth,
    start: startOf(first) + offset,
    end: endOf(last) + offset,
  };
}

function isRedirect(op: string): boolean {
  return /^[0-9]*(<<<|<<-|<<|>>|>&|<&|>\||<>|>|<)$/.test(op) || op === '&>' || op === '&>>';
}

/** Splits shell text into words and operators; `$(…)` and backquote bodies are returned for nesting. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    const op = readOperator(text, i);
    if (op) {
      tokens.push({ kind: 'op', op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    const { word, nested, next } = readWord(text, i);
    tokens.push({ kind: 'word', word, nested });
    i = next;
  }
  return tokens;
}

const OPERATORS = [
  '&&',
  '||',
  ';;',
  '&>>',
  '&>',
  '<<<',
  '<<-',
  '<<',
  '>>',
  '>&',
  '<&',
  '>|',
  '<>',
  '|',
  '&',
  ';',
  '(',
  ')',
  '<',
  '>',
];

function readOperator(text: string, i: number): string | undefined {
  // A file descriptor number directly before a redirection belongs to it (`2>&1`).
  let j = i;
  while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  if (j > i && (text[j] === '<' || text[j] === '>')) {
    const rest = readOperator(text, j);
    if (rest && isRedirect(rest)) return text.slice(i, j) + rest;
    return undefined;
  }
  if (j > i) return undefined;
  for (const op of OPERATORS) {
    if (text.startsWith(op, i)) return op;
  }
  return undefined;
}

function isWordEnd(c: string): boolean {
  return (
    c === ' ' ||
    c === '\t' ||
    c === '\n' ||
    c === '\r' ||
    c === ';' ||
    c === '&' ||
    c === '|' ||
    c === '<' ||
    c === '>' ||
    c === '(' ||
    c === ')'
  );
}

function readWord(text: string, start: number): { word: ShellWord; nested: string[]; next: number } {
  const n = text.length;
  const nested: string[] = [];
  let value = '';
  let quoted = false;
  let i = start;
  while (i < n) {
    const c = text[i];
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 < n) value += text[i + 1];
      quoted = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      value += text.slice(i + 1, end);
      quoted = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n && '$`"\\\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') value += text[i + 1];
          i += 2;
        } else if (text[i] === '$' && text[i + 1] === '(') {
          const end = matchParen(text, i + 1);
          nested.push(text.slice(i + 2, end));
          value += text.slice(i, Math.min(end + 1, n));
          i = end + 1;
        } else if (text[i] === '`') {
          const end = matchBackquote(text, i);
          nested.push(text.slice(i + 1, end));
          value += text.slice(i, Math.min(end + 1, n));
          i = end + 1;
        } else {
          value += text[i];
          i++;
        }
      }
      i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      const end = matchParen(text, i + 1);
      if (text[i + 2] !== '(') nested.push(text.slice(i + 2, end));
      value += text.slice(i, Math.min(end + 1, n));
      i = end + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      const end = close < 0 ? n - 1 : close;
      value += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '`') {
      const end = matchBackquote(text, i);
      nested.push(text.slice(i + 1, end));
      value += text.slice(i, Math.min(end + 1, n));
      i = end + 1;
      continue;
    }
    if (isWordEnd(c)) break;
    value += c;
    i++;
  }
  const end = Math.min(i, n);
  return { word: { value, raw: text.slice(start, end), start, end, quoted }, nested, next: end };
}

/** Index of the `)` closing the `(` at `open`, honouring quotes; text length when unclosed. */
function matchParen(text: string, open: number): number {
  let level = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return text.length;
      i = close;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '(') {
      level++;
    } else if (c === ')') {
      level--;
      if (level === 0) return i;
    }
  }
  return text.length;
}

function matchBackquote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '`') return i;
  }
  return text.length;
}

/** True when the word looks like an option (`-x`, `--long`), not `-` alone. */
export function isFlagWord(word: ShellWord): boolean {
  return !word.quoted && word.value.length > 1 && word.value.startsWith('-');
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
  const flags = commandFlags(cmd);
  return names.some((name) => flags.includes(name));
}

/** Arguments that are not options. */
export function positionalArgs(cmd: ShellCommand): string[] {
  return cmd.args.filter((a) => !isFlagWord(a)).map((a) => a.value);
}

/** Values given to an option, as `--name=value`, `--name value` or `-n value`. */
export function flagValues(cmd: ShellCommand, name: string): string[] {
  const values: string[] = [];
  const long = name.length > 1;
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (long && v.startsWith(`--${name}=`)) values.push(v.slice(name.length + 3));
    else if ((long && v === `--${name}`) || (!long && v === `-${name}`)) {
      if (i + 1 < args.length) values.push(args[i + 1].value);
    } else if (!long && v.startsWith(`-${name}`) && !v.startsWith('--') && v.length > 2) {
      values.push(v.slice(2));
    }
  }
  return values;
}
