// Did-you-mean quick fixes: an unknown instruction (DW001), flag (DW020), `--mount` key, type or
// sharing mode (DW024), or an undefined variable (UndefinedVar) replaced by the close match the
// diagnostic's rule would suggest. The suggestion is worked out again from the parse, never read
// from the message.
import { suggestName } from '../rules/buildkit/context';
import { closest } from '../rules/suggest';
import { KEYWORDS } from '../syntax/keywords';
import { suggestExact } from '../rules/syntax/support';
import { isPredefinedArg } from '../semantics/scope';
import type { Range } from '../syntax/ast';
import { flagsOf, MOUNT_KEYS, mountOption } from '../syntax/flags';
import { variableReferences } from '../syntax/shellLex';
import { type FixMaker, replace, sameRange, textOn } from './codeActionSupport';
import { completionModelOf } from './completionModel';
import { argRange, contains } from './locate';

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

/** Fix makers by diagnostic code. */
export const SUGGESTION_FIXES: ReadonlyMap<string, FixMaker> = new Map<string, FixMaker>([
  ['DW001', unknownInstruction],
  ['DW020', unknownFlag],
  ['DW024', mountField],
  ['UndefinedVar', undefinedVariable],
]);
