// BuildKit's second phase, instruction by instruction: the argument counts and forms each one
// needs, then its flags, then the flag values it checks. The order of the checks follows
// BuildKit's, so the first error reported on an instruction is the one `docker build` prints.
import type { Instruction, KeyValue, Range } from '../../syntax/ast';
import { flagsOf, type FlagSpec } from '../../syntax/flags';
import { parseHeredocWord } from '../../syntax/heredocs';
import { isKeyword, KEYWORDS } from '../../syntax/keywords';
import { closest } from '../suggest';
import { parseFlags } from './flagParsing';
import { checkChecksum, checkChmod, checkHealthcheckFlags, checkRunModes } from './flagValues';
import { checkDevices, checkMounts } from './mounts';
import { exposeProblem } from './ports';
import { sourceKind } from './sources';
import { hasVariable, report, type Sink } from './support';

const NO_FLAGS: readonly FlagSpec[] = [];
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

const ANCHORS: ReadonlyMap<string, string> = new Map(
  KEYWORDS.map((keyword) => [
    keyword,
    keyword === 'MAINTAINER' ? 'maintainer-deprecated' : keyword.toLowerCase(),
  ]),
);

function anchorOf(keyword: string): string {
  return ANCHORS.get(keyword) ?? keyword.toLowerCase();
}

/** How many arguments BuildKit hands the instruction parser (JSON strings or split words). */
function argCount(instruction: Instruction): number {
  return instruction.json !== undefined ? instruction.json.length : instruction.words.length;
}

/** One argument's text. */
function argAt(instruction: Instruction, index: number): string {
  return (instruction.json !== undefined ? instruction.json[index] : instruction.words[index]?.text) ?? '';
}

/** One argument's range (the whole argument text for JSON). */
function argRangeAt(instruction: Instruction, index: number): Range | undefined {
  return instruction.json !== undefined ? instruction.argRange : instruction.words[index]?.range;
}

/** Whether a word is a heredoc marker (`<<EOF`); only a word holding `<<` can be one. */
function isHeredocMarker(text: string): boolean {
  if (!text.includes('<<')) return false;
  const heredoc = parseHeredocWord(text);
  return heredoc.ok && heredoc.marker !== undefined;
}

/** The Windows-path hint BuildKit adds when a JSON array failed only for unescaped backslashes. */
function notJsonMessage(keyword: string, original: string): string {
  const lower = original.toLowerCase();
  const looksLikePath =
    /"[a-z]:\\/.test(lower) && !lower.includes('\\\\') && lower.includes('[') && lower.includes(']');
  const hint = looksLikePath
    ? `. It looks like '${lower}' includes a file path without an escaped back-slash. JSON requires back-slashes to be escaped such as ["c:\\\\path\\\\to\\\\file.exe", "/parameter"]`
    : '';
  return `${keyword} requires the arguments to be in JSON form${hint}`;
}

/** DW001: the keyword is no instruction. */
function unknownInstruction(sink: Sink, instruction: Instruction): boolean {
  if (isKeyword(instruction.keyword)) return false;
  const guess = closest(instruction.keywordText, KEYWORDS);
  const message = `unknown instruction: ${instruction.keywordText}${guess !== undefined ? ` (did you mean ${guess}?)` : ''}`;
  report(sink, 'DW001', message, instruction.keywordRange, 'overview');
  return true;
}

function checkFrom(sink: Sink, instruction: Instruction): void {
  const words = instruction.words;
  const anchor = 'from';
  const named = words.length === 3 && words[1]?.text.toLowerCase() === 'as';
  if (named) {
    const name = words[2];
    if (name !== undefined && !STAGE_NAME.test(name.text.toLowerCase())) {
      const message = `invalid name for build stage: ${JSON.stringify(name.text)}, name can't start with a number or contain symbols`;
      report(sink, 'DW012', message, name.range, anchor);
      return;
    }
  } else if (words.length !== 1) {
    report(sink, 'DW010', 'FROM requires either one or three arguments', instruction.keywordRange, anchor);
    return;
  }
  parseFlags(sink, instruction, flagsOf('FROM'), anchor);
}

function checkCopyOrAdd(sink: Sink, instruction: Instruction): void {
  const keyword = instruction.keyword;
  const anchor = anchorOf(keyword);
  const count = argCount(instruction);
  if (count < 2) {
    const message = `${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`;
    report(sink, 'DW010', message, instruction.keywordRange, anchor);
    return;
  }
  const used = parseFlags(sink, instruction, flagsOf(keyword), anchor);
  const last = count - 1;
  if (isHeredocMarker(argAt(instruction, last))) {
    const range = argRangeAt(instruction, last) ?? instruction.argRange;
    report(sink, 'DW011', `${keyword} cannot accept a heredoc as a destination`, range, anchor);
    return;
  }
  if (used.size > 0) {
    checkChmod(sink, used, `${anchor}---chmod`);
    if (keyword === 'ADD' && used.has('checksum')) {
      const sources: string[] = [];
      for (let i = 0; i < last; i++) {
        const text = argAt(instruction, i);
        if (!isHeredocMarker(text)) sources.push(text);
      }
      checkChecksum(sink, used, sources);
    }
  }
  if (keyword === 'COPY') checkCopySources(sink, instruction, last);
}

/** COPY takes no Git repository and no URL: those are ADD's. The first one is reported. */
function checkCopySources(sink: Sink, instruction: Instruction, last: number): void {
  for (let i = 0; i < last; i++) {
    const text = argAt(instruction, i);
    // Only a source with `://` or `git@` can be remote; variables are expanded by the build.
    if ((!text.includes('://') && !text.startsWith('git@')) || hasVariable(text)) continue;
    const kind = sourceKind(text);
    if (kind === 'local') continue;
    const message = kind === 'git' ? "source can't be a git ref for COPY" : "source can't be a URL for COPY";
    report(sink, 'DW011', message, argRangeAt(instruction, i) ?? instruction.argRange, 'copy');
    return;
  }
}

function checkHealthcheck(sink: Sink, instruction: Instruction): void {
  const anchor = 'healthcheck';
  const text = instruction.argText;
  if (text === '') {
    report(sink, 'DW010', 'HEALTHCHECK requires at least one argument', instruction.keywordRange, anchor);
    return;
  }
  const split = /[ \t]/.exec(text);
  const type = (split === null ? text : text.slice(0, split.index)).toUpperCase();
  const rest = split === null ? '' : text.slice(split.index + 1);
  const command = instruction.json ?? (rest === '' ? [] : [rest]);
  if (type === 'NONE') {
    if (split !== null) {
      report(sink, 'DW010', 'HEALTHCHECK NONE takes no arguments', instruction.argRange, anchor);
    }
    return;
  }
  const used = parseFlags(sink, instruction, flagsOf('HEALTHCHECK'), anchor);
  if (type !== 'CMD') {
    const message = `Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`;
    report(sink, 'DW011', message, instruction.argRange, anchor);
    return;
  }
  if (command.length === 0) {
    report(sink, 'DW010', 'Missing command after HEALTHCHECK CMD', instruction.argRange, anchor);
    return;
  }
  checkHealthcheckFlags(sink, used);
}

/** `EXPOSE` ports, each as BuildKit parses it when the step runs. */
function checkPorts(sink: Sink, instruction: Instruction): void {
  for (const word of instruction.words) {
    const text = word.text;
    // Quotes, escapes and variables are resolved by BuildKit first.
    if (hasVariable(text) || /["'\\`]/.test(text)) continue;
    const problem = exposeProblem(text);
    if (problem !== undefined) report(sink, 'DW014', problem, word.range, 'expose');
  }
}

/** The signal names Linux knows, without their SIG prefix. */
const SIGNALS = new Set([
  ...'ABRT ALRM BUS CHLD CLD CONT FPE HUP ILL INT IO IOT KILL PIPE POLL PROF PWR QUIT SEGV STKFLT STOP SYS TERM TRAP TSTP TTIN TTOU URG USR1 USR2 VTALRM WINCH XCPU XFSZ RTMIN RTMAX'.split(
    ' ',
  ),
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

/** STOPSIGNAL takes a non-zero number or a signal name, with or without SIG, in any case. */
function checkSignal(sink: Sink, instruction: Instruction): void {
  const text = instruction.argText;
  // Variables, quotes and escapes are resolved by BuildKit first.
  if (hasVariable(text) || /["'\\`]/.test(text)) return;
  const numeric = /^[+-]?[0-9]+$/.test(text);
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper.slice(3) : upper;
  if (numeric ? Number(text) !== 0 : SIGNALS.has(name)) return;
  report(sink, 'DW011', `invalid signal: ${text}`, instruction.argRange, 'stopsignal');
}

/** One argument as a whole string (USER, WORKDIR, STOPSIGNAL, MAINTAINER). */
function exactlyOne(sink: Sink, instruction: Instruction): boolean {
  if (instruction.argText !== '') return true;
  const message = `${instruction.keyword} requires exactly one argument`;
  report(sink, 'DW010', message, instruction.keywordRange, anchorOf(instruction.keyword));
  return false;
}

function atLeastOne(sink: Sink, instruction: Instruction, count: number): boolean {
  if (count > 0) return true;
  const message = `${instruction.keyword} requires at least one argument`;
  report(sink, 'DW010', message, instruction.keywordRange, anchorOf(instruction.keyword));
  return false;
}

function blankNames(sink: Sink, instruction: Instruction): void {
  let blank: KeyValue | undefined;
  for (const pair of instruction.pairs) {
    if (pair.key === '') {
      blank = pair;
      break;
    }
  }
  if (blank === undefined) return;
  const message = `${instruction.keyword} names can not be blank`;
  report(sink, 'DW011', message, blank.range, anchorOf(instruction.keyword));
}

function checkOnbuild(
  sink: Sink,
  instruction: Instruction,
  checkTrigger: (trigger: Instruction) => void,
): void {
  const anchor = 'onbuild';
  if (!atLeastOne(sink, instruction, instruction.argText === '' ? 0 : 1)) return;
  parseFlags(sink, instruction, [], anchor);
  const trigger = instruction.trigger;
  if (trigger === undefined) return;
  if (trigger.keyword === 'ONBUILD') {
    report(
      sink,
      'DW013',
      "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
      trigger.keywordRange,
      anchor,
    );
  } else if (trigger.keyword === 'FROM' || trigger.keyword === 'MAINTAINER') {
    report(
      sink,
      'DW013',
      `${trigger.keyword} isn't allowed as an ONBUILD trigger`,
      trigger.keywordRange,
      anchor,
    );
  } else {
    checkTrigger(trigger);
  }
}

/**
 * Checks one instruction. `checkTrigger` receives an ONBUILD trigger, which BuildKit only parses
 * when a later build starts FROM the image.
 */
export function checkInstruction(
  sink: Sink,
  instruction: Instruction,
  checkTrigger: (trigger: Instruction) => void,
): void {
  if (unknownInstruction(sink, instruction)) return;
  const keyword = instruction.keyword;
  const anchor = anchorOf(keyword);
  // Only instructions that carry flags need the table (parseFlags reads nothing else).
  const flags = instruction.flags.length === 0 ? NO_FLAGS : flagsOf(keyword);
  switch (keyword) {
    case 'FROM':
      return checkFrom(sink, instruction);
    case 'COPY':
    case 'ADD':
      return checkCopyOrAdd(sink, instruction);
    case 'HEALTHCHECK':
      return checkHealthcheck(sink, instruction);
    case 'ONBUILD':
      return checkOnbuild(sink, instruction, checkTrigger);
    case 'RUN': {
      const used = parseFlags(sink, instruction, flags, anchor);
      if (used.size === 0) return;
      checkMounts(sink, used.get('mount') ?? []);
      checkRunModes(sink, used);
      checkDevices(sink, used.get('device') ?? []);
      return;
    }
    case 'CMD':
    case 'ENTRYPOINT':
      parseFlags(sink, instruction, flags, anchor);
      return;
    case 'SHELL': {
      parseFlags(sink, instruction, flags, anchor);
      const json = instruction.json;
      if (instruction.argText === '' || json?.length === 0) {
        report(sink, 'DW010', 'SHELL requires at least one argument', instruction.keywordRange, anchor);
      } else if (json === undefined) {
        report(sink, 'DW011', notJsonMessage('SHELL', instruction.original), instruction.argRange, anchor);
      }
      return;
    }
    case 'ENV':
    case 'LABEL':
      parseFlags(sink, instruction, flags, anchor);
      if (instruction.argText === '') atLeastOne(sink, instruction, 0);
      else blankNames(sink, instruction);
      return;
    case 'ARG':
      // BuildKit never parses ARG's flags: `ARG --x NAME` declares NAME.
      if (!atLeastOne(sink, instruction, instruction.words.length)) return;
      blankNames(sink, instruction);
      return;
    case 'EXPOSE':
      if (!atLeastOne(sink, instruction, instruction.words.length)) return;
      parseFlags(sink, instruction, flags, anchor);
      checkPorts(sink, instruction);
      return;
    case 'VOLUME': {
      const count = argCount(instruction);
      if (!atLeastOne(sink, instruction, count)) return;
      parseFlags(sink, instruction, flags, anchor);
      let blank = false;
      for (let i = 0; i < count && !blank; i++) blank = argAt(instruction, i).trim() === '';
      if (blank) {
        report(sink, 'DW011', 'VOLUME specified can not be an empty string', instruction.argRange, anchor);
      }
      return;
    }
    case 'USER':
    case 'WORKDIR':
    case 'MAINTAINER':
      if (exactlyOne(sink, instruction)) parseFlags(sink, instruction, flags, anchor);
      return;
    case 'STOPSIGNAL':
      // BuildKit never parses STOPSIGNAL's flags.
      if (exactlyOne(sink, instruction)) checkSignal(sink, instruction);
      return;
  }
}
