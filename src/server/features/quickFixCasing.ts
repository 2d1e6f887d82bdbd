// Quick fixes for casing, keyed on the BuildKit check: `AS` written like its FROM, an instruction
// keyword in the case most of the file uses, and a stage name in lower case together with every
// later FROM, COPY --from and RUN --mount from= that names it.
import type { TextEdit } from 'vscode-languageserver-types';
import type { Dockerfile, Flag, Range } from '../syntax/ast';
import { type FixMaker, inCaseOf, replace, sameRange, stagesFor, textOn } from './codeActionSupport';

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

/** Fix makers by diagnostic code. */
export const CASING_FIXES: ReadonlyMap<string, FixMaker> = new Map<string, FixMaker>([
  ['FromAsCasing', fromAsCasing],
  ['ConsistentInstructionCasing', instructionCasing],
  ['StageNameCasing', stageNameCasing],
]);
