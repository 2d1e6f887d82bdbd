// The glob patterns of `${VAR#pat}`, `${VAR%pat}` and `${VAR/pat/repl}` as BuildKit reads them:
// `*` is any run of characters, `?` one character (neither crosses a newline), `\*` `\?` `\\`
// stand for themselves, `\}` and `\/` drop their escape, and everything else (brackets included)
// is literal. Matching follows leftmost-first regular-expression semantics, run as a Pike
// machine so the cost stays proportional to value length times pattern length.

const enum Op {
  Char,
  Any,
  Split,
  Jump,
  Match,
}

interface Instruction {
  readonly op: Op;
  /** The character for Op.Char. */
  readonly ch?: string;
  /** The preferred target of Op.Split, or the target of Op.Jump. */
  readonly x?: number;
  /** The other target of Op.Split. */
  readonly y?: number;
}

/** A compiled pattern, or the error BuildKit reports for it. */
export type CompiledPattern = { ok: true; program: Instruction[] } | { ok: false; error: string };

/**
 * Compiles a pattern; `greedy` makes `*` prefer the longest run. The only failure is an escape
 * of something other than `*`, `?`, `\`, `}` or `/`.
 */
export function compilePattern(pattern: string, greedy: boolean): CompiledPattern {
  const chars = Array.from(pattern);
  const program: Instruction[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') {
      const loop = program.length;
      // loop: split body/exit · body: any · jump loop · exit: …
      program.push(
        greedy ? { op: Op.Split, x: loop + 1, y: loop + 3 } : { op: Op.Split, x: loop + 3, y: loop + 1 },
      );
      program.push({ op: Op.Any });
      program.push({ op: Op.Jump, x: loop });
    } else if (ch === '?') {
      program.push({ op: Op.Any });
    } else if (ch === '\\') {
      const after = chars[i + 1];
      if (after === '}' || after === '/') continue;
      i++;
      if (after !== '*' && after !== '?' && after !== '\\') {
        // Go prints the missing character after a trailing `\` as U+FFFD.
        return { ok: false, error: `invalid escape '\\${after ?? '\ufffd'}'` };
      }
      program.push({ op: Op.Char, ch: after });
    } else {
      program.push({ op: Op.Char, ch });
    }
  }
  program.push({ op: Op.Match });
  return { ok: true, program };
}

/** Reverses a pattern character by character but keeps each `\x` pair in order. */
export function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last;) {
    const at = last - i;
    if (chars[i] === '\\' && i !== last) {
      out[at - 1] = '\\';
      out[at] = chars[i + 1];
      i += 2;
    } else {
      out[at] = chars[i];
      i++;
    }
  }
  return out.join('');
}

interface Thread {
  pc: number;
  start: number;
}

/** A list of threads in priority order, each program counter at most once per step. */
class ThreadList {
  readonly threads: Thread[] = [];
  private readonly seen: Int32Array;
  private stamp = 1;
  private readonly stack: number[] = [];

  constructor(
    private readonly program: readonly Instruction[],
    seen: Int32Array,
  ) {
    this.seen = seen;
  }

  clear(stamp: number): void {
    this.threads.length = 0;
    this.stamp = stamp;
  }

  /** Adds the thread at `pc` and everything it reaches without reading, preferred paths first. */
  add(pc: number, start: number): void {
    const stack = this.stack;
    stack.push(pc);
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (this.seen[at] === this.stamp) continue;
      this.seen[at] = this.stamp;
      const inst = this.program[at];
      if (inst.op === Op.Split) {
        stack.push(inst.y as number, inst.x as number);
      } else if (inst.op === Op.Jump) {
        stack.push(inst.x as number);
      } else {
        this.threads.push({ pc: at, start });
      }
    }
  }
}

/**
 * Finds the leftmost-first match in `value` (an array of characters) at or after `from`;
 * `anchored` only tries a match starting at `from`. Returns [start, end) or undefined.
 */
export function findMatch(
  program: readonly Instruction[],
  value: readonly string[],
  from: number,
  anchored: boolean,
): [number, number] | undefined {
  // Each list gets its own stamp range so the `seen` marks never collide between steps.
  const seenA = new Int32Array(program.length);
  const seenB = new Int32Array(program.length);
  let current = new ThreadList(program, seenA);
  let next = new ThreadList(program, seenB);
  let stamp = 1;
  current.clear(stamp);
  let found: [number, number] | undefined;
  for (let pos = from; ; pos++) {
    if (current.threads.length === 0 && (found !== undefined || (anchored && pos > from))) break;
    if (found === undefined && (!anchored || pos === from)) current.add(0, pos);
    stamp++;
    next.clear(stamp);
    const ch = pos < value.length ? value[pos] : undefined;
    for (const thread of current.threads) {
      const inst = program[thread.pc];
      if (inst.op === Op.Match) {
        found = [thread.start, pos];
        // Lower-priority threads lose to this match.
        break;
      }
      if (ch === undefined) continue;
      if ((inst.op === Op.Any && ch !== '\n') || (inst.op === Op.Char && inst.ch === ch)) {
        next.add(thread.pc + 1, thread.start);
      }
    }
    if (pos >= value.length) break;
    const swap = current;
    current = next;
    next = swap;
  }
  return found;
}

/** What `${VAR#pat}` / `${VAR##pat}` leaves of `value`. */
export function trimPrefix(
  pattern: string,
  value: string,
  greedy: boolean,
): { ok: true; value: string } | { ok: false; error: string } {
  const compiled = compilePattern(pattern, greedy);
  if (!compiled.ok)
    return { ok: false, error: `invalid pattern (${pattern}) in substitution: ${compiled.error}` };
  const chars = Array.from(value);
  const match = findMatch(compiled.program, chars, 0, true);
  return { ok: true, value: match === undefined ? value : chars.slice(match[1]).join('') };
}

/** What `${VAR%pat}` / `${VAR%%pat}` leaves of `value`: a prefix trim of both reversed. */
export function trimSuffix(
  pattern: string,
  value: string,
  greedy: boolean,
): { ok: true; value: string } | { ok: false; error: string } {
  const trimmed = trimPrefix(reversePattern(pattern), Array.from(value).reverse().join(''), greedy);
  if (!trimmed.ok) return trimmed;
  return { ok: true, value: Array.from(trimmed.value).reverse().join('') };
}

function isTemplateNameChar(ch: string): boolean {
  return /^[\p{L}\p{Nd}_]$/u.test(ch);
}

/**
 * Expands a replace-all replacement the way Go's regexp templates do: `$$` is a dollar, `$0` and
 * `${0}` the matched text, any other well-formed `$name` nothing (there are no groups), and a
 * malformed `$` stays as written.
 */
function expandTemplate(template: readonly string[], matched: string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let j = i + 1;
    const brace = template[j] === '{';
    if (brace) j++;
    const nameStart = j;
    while (j < template.length && isTemplateNameChar(template[j])) j++;
    if (j === nameStart || (brace && template[j] !== '}')) {
      out += '$';
      continue;
    }
    const name = template.slice(nameStart, j).join('');
    if (brace) j++;
    if (name === '0') out += matched;
    i = j - 1;
  }
  return out;
}

/** `${VAR/pat/repl}` (first match, replacement taken literally) and `${VAR//pat/repl}`. */
export function replacePattern(
  pattern: string,
  value: string,
  replacement: string,
  all: boolean,
): { ok: true; value: string } | { ok: false; error: string } {
  const compiled = compilePattern(pattern, true);
  if (!compiled.ok)
    return { ok: false, error: `invalid pattern (${pattern}) in substitution: ${compiled.error}` };
  const chars = Array.from(value);
  if (!all) {
    const match = findMatch(compiled.program, chars, 0, false);
    if (match === undefined) return { ok: true, value };
    return {
      ok: true,
      value: chars.slice(0, match[0]).join('') + replacement + chars.slice(match[1]).join(''),
    };
  }
  const template = Array.from(replacement);
  const parts: string[] = [];
  let lastEnd = 0;
  let search = 0;
  while (search <= chars.length) {
    const match = findMatch(compiled.program, chars, search, false);
    if (match === undefined) break;
    parts.push(chars.slice(lastEnd, match[0]).join(''));
    // An empty match right after the previous one is not replaced a second time.
    if (match[1] > lastEnd || match[0] === 0) {
      parts.push(expandTemplate(template, chars.slice(match[0], match[1]).join('')));
    }
    lastEnd = match[1];
    search = match[1] > search ? match[1] : search + 1;
  }
  parts.push(chars.slice(lastEnd).join(''));
  return { ok: true, value: parts.join('') };
}
