// Quick fixes for an instruction's form, keyed on the diagnostic's code: legacy `key value`
// pairs, shell-form CMD and ENTRYPOINT, MAINTAINER, relative WORKDIR, ADD for local files, the
// COPY destination, EXPOSE protocols, a redundant --platform and empty continuation lines. A fix
// is only offered where the rewrite means the same thing to the builder.
import type { TextEdit } from 'vscode-languageserver-types';
import type { Dockerfile, Instruction, Range } from '../syntax/ast';
import { flagsOf } from '../syntax/flags';
import { joinWorkdir } from '../semantics/stageState';
import {
  type FixMaker,
  type FixSite,
  inCaseOf,
  insert,
  replace,
  sameRange,
  stagesFor,
  textOn,
} from './codeActionSupport';

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
  ['LegacyKeyValueFormat', legacyKeyValue],
  ['JSONArgsRecommended', execForm],
  ['DL3025', execForm],
  ['MaintainerDeprecated', maintainerToLabel],
  ['DL4000', maintainerToLabel],
  ['WorkdirRelativePath', absoluteWorkdir],
  ['DL3000', absoluteWorkdir],
  ['DL3020', addToCopy],
  ['DL3021', copyDestinationSlash],
  ['ExposeProtoCasing', exposeProtocol],
  ['RedundantTargetPlatform', redundantPlatform],
  ['DL3065', redundantPlatform],
  ['NoEmptyContinuation', emptyContinuation],
]);
