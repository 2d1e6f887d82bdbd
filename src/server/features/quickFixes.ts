// Quick fixes for diagnostics about an instruction's shape, keyed on the diagnostic's code:
// keyword and `AS` casing, stage name casing, legacy `key value` pairs, shell-form CMD and
// ENTRYPOINT, MAINTAINER, relative WORKDIR, unknown instructions and flags, ADD for local files,
// the COPY destination, EXPOSE protocols, a redundant --platform and empty continuation lines.
// A fix is only offered where the rewrite means the same thing to the builder.
import type { TextEdit } from 'vscode-languageserver-types';
import type { Dockerfile, Flag, Instruction, Range } from '../syntax/ast';
import { flagsOf, MOUNT_KEYS, mountOption } from '../syntax/flags';
import { closest } from '../rules/suggest';
import { suggestName } from '../rules/buildkit/context';
import { suggestExact } from '../rules/syntax/support';
import { isPredefinedArg } from '../semantics/scope';
import { variableReferences } from '../syntax/shellLex';
import { completionModelOf } from './completionModel';
import { argRange, contains } from './locate';
import { KEYWORDS } from '../rules/syntax/instructions';
import { joinWorkdir } from '../semantics/stageState';
import {
  type Fix,
  type FixSite,
  inCaseOf,
  insert,
  replace,
  sameRange,
  stagesFor,
  textOn,
} from './codeActionSupport';

type FixMaker = (site: FixSite) => Fix | undefined;

// ---------------------------------------------------------------------------------------------
// Casing

const fromAsCasing: FixMaker = ({ instruction }) => {
  const as = instruction?.keyword === 'FROM' ? instruction.words[1] : undefined;
  if (instruction === undefined || as === undefined || as.text.toLowerCase() !== 'as') return undefined;
  const wanted = inCaseOf('as', instruction.keywordText);
  if (wanted === as.text) return undefined;
  return {
    title: `Change '${as.text}' to '${wanted}'`,
    edits: [replace(as.range, wanted)],
    preferred: true,
  };
};

/** Lower when most instruction keywords in stages are lower case (upper on a tie), as BuildKit counts. */
const majorityLower = new WeakMap<Dockerfile, boolean>();

function isOneCase(text: string, lower: boolean): boolean {
  return lower ? text === text.toLowerCase() : text === text.toUpperCase();
}

function majorityIsLower(doc: Dockerfile): boolean {
  let known = majorityLower.get(doc);
  if (known === undefined) {
    let lower = 0;
    let upper = 0;
    for (const stage of stagesFor(doc).model.stages) {
      for (const instruction of [stage.from, ...stage.instructions]) {
        const text = instruction.keywordText;
        if (text === text.toLowerCase()) lower++;
        else if (text === text.toUpperCase()) upper++;
      }
    }
    known = lower > upper;
    majorityLower.set(doc, known);
  }
  return known;
}

const instructionCasing: FixMaker = ({ doc, instruction, range }) => {
  if (instruction === undefined || !sameRange(instruction.keywordRange, range)) return undefined;
  const lower = majorityIsLower(doc);
  const text = instruction.keywordText;
  if (isOneCase(text, lower)) return undefined;
  const wanted = lower ? text.toLowerCase() : text.toUpperCase();
  return {
    title: `Change '${text}' to '${wanted}'`,
    edits: [replace(instruction.keywordRange, wanted)],
    preferred: true,
  };
};

/** The `from=<name>` values naming `lower` (any case) in a RUN --mount flag written on one line. */
function mountFromRanges(doc: Dockerfile, flag: Flag, lower: string): Range[] {
  const value = flag.valueRange;
  const raw = value === undefined ? undefined : textOn(doc, value);
  if (value === undefined || raw === undefined) return [];
  const ranges: Range[] = [];
  let offset = 0;
  for (const field of raw.split(',')) {
    const eq = field.indexOf('=');
    const written = field.slice(eq + 1);
    if (eq >= 0 && field.slice(0, eq).trim().toLowerCase() === 'from' && written.toLowerCase() === lower) {
      const line = value.start.line;
      const start = value.start.character + offset + eq + 1;
      ranges.push({ start: { line, character: start }, end: { line, character: start + written.length } });
    }
    offset += field.length + 1;
  }
  return ranges;
}

/** Every place after the declaring FROM that names the stage, as written (compared case-insensitively). */
function stageUses(doc: Dockerfile, fromIndex: number, name: string): Range[] {
  const lower = name.toLowerCase();
  const uses: Range[] = [];
  for (let i = fromIndex + 1; i < doc.instructions.length; i++) {
    const instruction = doc.instructions[i];
    if (instruction === undefined) continue;
    const base = instruction.words[0];
    if (instruction.keyword === 'FROM') {
      if (base !== undefined && base.text.toLowerCase() === lower) uses.push(base.range);
      continue;
    }
    for (const flag of instruction.flags) {
      if (flag.name === 'from' && (instruction.keyword === 'COPY' || instruction.keyword === 'ADD')) {
        const value = flag.valueRange;
        if (value !== undefined && textOn(doc, value)?.toLowerCase() === lower) uses.push(value);
      } else if (flag.name === 'mount' && instruction.keyword === 'RUN') {
        uses.push(...mountFromRanges(doc, flag, lower));
      }
    }
  }
  return uses;
}

const stageNameCasing: FixMaker = ({ doc, instruction, index }) => {
  const word = instruction?.keyword === 'FROM' ? instruction.words[2] : undefined;
  if (word === undefined || instruction?.words[1]?.text.toLowerCase() !== 'as') return undefined;
  const name = word.text;
  const lower = name.toLowerCase();
  if (name === lower) return undefined;
  const edits: TextEdit[] = [replace(word.range, lower)];
  for (const use of stageUses(doc, index, name)) {
    if (textOn(doc, use) !== lower) edits.push(replace(use, lower));
  }
  return { title: `Rename stage '${name}' to '${lower}'`, edits, preferred: true };
};

// ---------------------------------------------------------------------------------------------
// Forms

/** `ENV key value` → `ENV key=value`, quoting the value when it holds spaces and nothing else tricky. */
const legacyKeyValue: FixMaker = ({ doc, instruction }) => {
  if (instruction === undefined || (instruction.keyword !== 'ENV' && instruction.keyword !== 'LABEL')) {
    return undefined;
  }
  const edits: TextEdit[] = [];
  for (const pair of instruction.pairs) {
    if (!pair.legacy) continue;
    const value = pair.valueRange;
    if (value === undefined || pair.value === undefined) return undefined;
    const gap: Range = { start: pair.keyRange.end, end: value.start };
    const between = textOn(doc, gap);
    if (between === undefined || !/^[ \t]+$/.test(between)) return undefined;
    const written = pair.value;
    if (!/\s/.test(written)) {
      edits.push(replace(gap, '='));
    } else if (!/["'`\\]/.test(written) && !written.includes(doc.escape)) {
      edits.push(replace(gap, '="'), insert(value.end, '"'));
    } else {
      return undefined;
    }
  }
  if (edits.length === 0) return undefined;
  return { title: `Use ${instruction.keywordText} key=value`, edits, preferred: true };
};

/** Unquoted characters that mean something to the shell; a word holding one cannot become JSON. */
const SHELL_SPECIAL = new Set([...'$\\`;&|<>()*?[]{}~#!\'"\t\n\r']);

/**
 * The literal words of a shell-form command line, when the shell would split it plainly: no
 * variables, globs, operators or escapes; quotes only around plain text. Undefined otherwise.
 */
export function plainShellWords(text: string, escape: string): string[] | undefined {
  const words: string[] = [];
  let current: string | undefined;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === ' ' || ch === '\t') {
      if (current !== undefined) words.push(current);
      current = undefined;
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      if (ch === '"' && /[$`\\]/.test(inner)) return undefined;
      if (inner.includes(escape)) return undefined;
      current = (current ?? '') + inner;
      i = close + 1;
      continue;
    }
    if (SHELL_SPECIAL.has(ch) || ch === escape) return undefined;
    current = (current ?? '') + ch;
    i++;
  }
  if (current !== undefined) words.push(current);
  return words;
}

/** Whether any line from `first` to `last` is a comment line (continuations may hold them). */
function commentLineBetween(doc: Dockerfile, first: number, last: number): boolean {
  for (let line = first; line <= last; line++) {
    if (/^\s*#/.test(doc.lines[line] ?? '')) return true;
  }
  return false;
}

/** Shell-form CMD/ENTRYPOINT (and HEALTHCHECK CMD) → exec form, when the words are plain. */
const execForm: FixMaker = ({ doc, instruction }) => {
  if (instruction === undefined || instruction.json !== undefined) return undefined;
  const keyword = instruction.keyword;
  let start = 0;
  if (keyword === 'HEALTHCHECK') {
    const match = /^cmd[ \t]+/i.exec(instruction.argText);
    if (match === null) return undefined;
    start = match[0].length;
  } else if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') {
    return undefined;
  }
  const text = instruction.argText.slice(start);
  const words = plainShellWords(text, doc.escape);
  if (words === undefined || words.length === 0) return undefined;
  const range: Range = { start: instruction.positionAt(start), end: instruction.argRange.end };
  if (commentLineBetween(doc, range.start.line, range.end.line)) return undefined;
  const json = `[${words.map((word) => JSON.stringify(word)).join(', ')}]`;
  return { title: `Use the exec form: ${json}`, edits: [replace(range, json)], preferred: true };
};

/** Writes `text` inside double quotes as the Dockerfile reads them: `"`, `$` and the escape escaped. */
function doubleQuoted(text: string, escape: string): string {
  let out = '';
  for (const ch of text) out += ch === '"' || ch === '$' || ch === escape ? `${escape}${ch}` : ch;
  return `"${out}"`;
}

const maintainerToLabel: FixMaker = ({ doc, instruction }) => {
  if (instruction?.keyword !== 'MAINTAINER' || instruction.argText === '') return undefined;
  const label = inCaseOf('LABEL', instruction.keywordText);
  const text = `${label} org.opencontainers.image.authors=${doubleQuoted(instruction.argText, doc.escape)}`;
  const range: Range = { start: instruction.keywordRange.start, end: instruction.argRange.end };
  if (commentLineBetween(doc, range.start.line, range.end.line)) return undefined;
  return {
    title: 'Replace MAINTAINER with LABEL org.opencontainers.image.authors',
    edits: [replace(range, text)],
    preferred: true,
  };
};

/** The WORKDIR a stage starts from when this file says it: scratch starts at `/`. */
function knownWorkdir(site: FixSite, instruction: Instruction): string | undefined {
  const { model, states } = stagesFor(site.doc);
  const known = states.at(instruction).workdir;
  if (known !== undefined) return known.includes('$') ? undefined : known;
  // A chain of stages that ends in scratch starts at the root.
  let stage = model.stageOf(instruction);
  for (let guard = 0; stage !== undefined && guard <= model.stages.length; guard++) {
    const parent = model.stageNamed(stage.base, stage.index);
    if (parent === undefined) return stage.base.toLowerCase() === 'scratch' ? '/' : undefined;
    stage = parent;
  }
  return undefined;
}

const absoluteWorkdir: FixMaker = (site) => {
  const instruction = site.instruction;
  if (instruction?.keyword !== 'WORKDIR') return undefined;
  const text = instruction.argText;
  if (
    text === '' ||
    text.includes('$') ||
    instruction.argRange.start.line !== instruction.argRange.end.line
  ) {
    return undefined;
  }
  const base = knownWorkdir(site, instruction);
  if (base === undefined) return undefined;
  const quote = /^(["']).*\1$/.exec(text)?.[1] ?? '';
  const path = joinWorkdir(base, text);
  if (!path.startsWith('/')) return undefined;
  const written = `${quote}${path}${quote}`;
  return {
    title: `Use the absolute path ${written}`,
    edits: [replace(instruction.argRange, written)],
    preferred: true,
  };
};

// ---------------------------------------------------------------------------------------------
// Did-you-mean

const unknownInstruction: FixMaker = ({ instruction, range }) => {
  const target =
    instruction !== undefined && sameRange(instruction.keywordRange, range)
      ? instruction
      : instruction?.trigger !== undefined && sameRange(instruction.trigger.keywordRange, range)
        ? instruction.trigger
        : undefined;
  if (target === undefined) return undefined;
  const guess = closest(target.keywordText, KEYWORDS);
  if (guess === undefined) return undefined;
  return { title: `Change to ${guess}`, edits: [replace(target.keywordRange, guess)], preferred: true };
};

const unknownFlag: FixMaker = ({ instruction, range }) => {
  for (const owner of [instruction, instruction?.trigger]) {
    const flag = owner?.flags.find((candidate) => sameRange(candidate.nameRange, range));
    if (owner === undefined || flag === undefined) continue;
    const names = flagsOf(owner.keyword).map((spec) => spec.name);
    const guess = suggestExact(flag.name, names);
    if (guess === undefined) return undefined;
    return { title: `Change to --${guess}`, edits: [replace(flag.nameRange, guess)], preferred: true };
  }
  return undefined;
};

/**
 * A `--mount` field BuildKit rejected for a near miss: an unknown key, mount type or sharing
 * mode close to a known one. The diagnostic covers the field itself (`type=cahce`).
 */
const mountField: FixMaker = ({ doc, range }) => {
  const field = textOn(doc, range);
  if (field === undefined || /[,"$]/.test(field)) return undefined;
  const eq = field.indexOf('=');
  if (eq < 0) return undefined;
  const key = field.slice(0, eq);
  const value = field.slice(eq + 1);
  const option = mountOption(key);
  if (option === undefined) {
    const guess = suggestExact(key.toLowerCase(), MOUNT_KEYS);
    if (guess === undefined) return undefined;
    const at: Range = {
      start: range.start,
      end: { line: range.start.line, character: range.start.character + eq },
    };
    return { title: `Change to ${guess}`, edits: [replace(at, guess)], preferred: true };
  }
  const values = option.values;
  if (values === undefined || values.includes(value.toLowerCase())) return undefined;
  const guess = suggestExact(value, values);
  if (guess === undefined) return undefined;
  const at: Range = {
    start: { line: range.start.line, character: range.start.character + eq + 1 },
    end: range.end,
  };
  return { title: `Change to ${key}=${guess}`, edits: [replace(at, guess)], preferred: true };
};

/** `$NAME` that nothing sets, close to a variable that is set before the instruction. */
const undefinedVariable: FixMaker = ({ doc, instruction, index, range }) => {
  if (instruction === undefined || instruction.keyword === 'ONBUILD') return undefined;
  const known = completionModelOf(doc).variablesBefore(index);
  const references = variableReferences(instruction.argText, { escape: doc.escape }).filter((reference) =>
    contains(range, instruction.positionAt(reference.start)),
  );
  for (const reference of references) {
    const name = reference.name;
    if (known.has(name) || isPredefinedArg(name) || !/^[A-Za-z_]\w*$/.test(name)) continue;
    const guess = suggestName(name, known.keys());
    if (guess === undefined) continue;
    const edits = references
      .filter((other) => other.name === name)
      .map((other) => {
        const at = instruction.argText.indexOf(name, other.start);
        return replace(argRange(instruction, at, at + name.length), guess);
      });
    return { title: `Change $${name} to $${guess}`, edits, preferred: true };
  }
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// COPY and ADD, EXPOSE, FROM --platform, continuations

function unquoted(text: string): string {
  return text.replace(/^(["'])(.*)\1$/, '$2');
}

function isArchiveOrRemote(path: string): boolean {
  const text = unquoted(path);
  return (
    /\.(tar|Z|bz2|gz|lz|lzma|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz|xz)$/.test(text) ||
    /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) ||
    /^[\w.-]+@[\w.-]+:/.test(text) ||
    text.startsWith('github.com/')
  );
}

/** ADD of local files only → COPY, when every flag it carries is one COPY has too. */
const addToCopy: FixMaker = ({ instruction }) => {
  if (instruction?.keyword !== 'ADD') return undefined;
  const args = (instruction.json ?? instruction.words.map((word) => word.text)).filter(
    (arg) => !/^<<-?/.test(arg),
  );
  if (args.length < 2 || args.slice(0, -1).some(isArchiveOrRemote)) return undefined;
  const copyFlags = new Set(flagsOf('COPY').map((spec) => spec.name));
  if (instruction.flags.some((flag) => !copyFlags.has(flag.name))) return undefined;
  const copy = inCaseOf('COPY', instruction.keywordText);
  return {
    title: `Change ADD to ${copy}`,
    edits: [replace(instruction.keywordRange, copy)],
    preferred: true,
  };
};

/** COPY with several sources: the destination must be a directory, written with a trailing `/`. */
const copyDestinationSlash: FixMaker = ({ instruction }) => {
  if (instruction?.keyword !== 'COPY' || instruction.json !== undefined) return undefined;
  const last = instruction.words[instruction.words.length - 1];
  if (last === undefined || last.text.includes('$') || last.range.start.line !== last.range.end.line) {
    return undefined;
  }
  // A quoted destination (`"/my dest"`) gets its slash inside the quotes.
  const quote = /["']$/.exec(last.text)?.[0];
  const at =
    quote === undefined ? last.range.end : { ...last.range.end, character: last.range.end.character - 1 };
  return { title: `Add a trailing '/' to ${last.text}`, edits: [insert(at, '/')], preferred: true };
};

const exposeProtocol: FixMaker = ({ doc, instruction, range }) => {
  if (instruction?.keyword !== 'EXPOSE') return undefined;
  const word = instruction.words.find((candidate) => sameRange(candidate.range, range));
  if (word === undefined || word.text.includes('$') || textOn(doc, word.range) !== word.text)
    return undefined;
  const fixed = word.text.replace(/\/[A-Za-z]+/g, (proto) => proto.toLowerCase());
  if (fixed === word.text) return undefined;
  return { title: `Change to ${fixed}`, edits: [replace(word.range, fixed)], preferred: true };
};

/** FROM --platform=$TARGETPLATFORM says what the build does anyway: drop the flag. */
const redundantPlatform: FixMaker = ({ doc, instruction }) => {
  const flag =
    instruction?.keyword === 'FROM' ? instruction.flags.find((f) => f.name === 'platform') : undefined;
  if (flag === undefined || flag.range.start.line !== flag.range.end.line) return undefined;
  const line = doc.lines[flag.range.end.line] ?? '';
  let end = flag.range.end.character;
  while (line[end] === ' ' || line[end] === '\t') end++;
  const range: Range = { start: flag.range.start, end: { line: flag.range.end.line, character: end } };
  return { title: `Remove ${flag.text}`, edits: [replace(range, '')], preferred: true };
};

const emptyContinuation: FixMaker = ({ instruction }) => {
  if (instruction === undefined || instruction.emptyContinuationLines.length === 0) return undefined;
  const edits = instruction.emptyContinuationLines.map((line) =>
    replace({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, ''),
  );
  return { title: 'Remove the empty continuation lines', edits, preferred: true };
};

/** Fix makers by diagnostic code. */
export const INSTRUCTION_FIXES: ReadonlyMap<string, FixMaker> = new Map<string, FixMaker>([
  ['FromAsCasing', fromAsCasing],
  ['ConsistentInstructionCasing', instructionCasing],
  ['StageNameCasing', stageNameCasing],
  ['LegacyKeyValueFormat', legacyKeyValue],
  ['JSONArgsRecommended', execForm],
  ['DL3025', execForm],
  ['MaintainerDeprecated', maintainerToLabel],
  ['DL4000', maintainerToLabel],
  ['WorkdirRelativePath', absoluteWorkdir],
  ['DL3000', absoluteWorkdir],
  ['DW001', unknownInstruction],
  ['DW020', unknownFlag],
  ['DW024', mountField],
  ['UndefinedVar', undefinedVariable],
  ['DL3020', addToCopy],
  ['DL3021', copyDestinationSlash],
  ['ExposeProtoCasing', exposeProtocol],
  ['RedundantTargetPlatform', redundantPlatform],
  ['DL3065', redundantPlatform],
  ['NoEmptyContinuation', emptyContinuation],
]);
