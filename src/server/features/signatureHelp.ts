// Signature help: the forms of the instruction under the cursor (`COPY [--from=…] <src>... <dest>`)
// with the parameter being written highlighted, and inside a flag's value the flag's own syntax
// (for `--mount`, the options of its type).
import type { ParameterInformation, SignatureHelp, SignatureInformation } from 'vscode-languageserver-types';
import { MarkupKind } from 'vscode-languageserver-types';
import { flagSyntax } from '../docs/flags';
import { renderedForms, type RenderedForm } from '../docs/forms';
import {
  MOUNT_OPTIONS,
  MOUNT_TYPE_DOCS,
  MOUNT_TYPES,
  flagSpec,
  mountOption,
  type MountType,
} from '../syntax/flags';
import type { Dockerfile, Flag, Instruction, Position } from '../syntax/ast';
import { comparePositions, contains, instructionIndexAt } from './locate';

/** The signature help at a position; null outside an instruction's arguments. */
export function signatureHelp(doc: Dockerfile, position: Position): SignatureHelp | null {
  const index = instructionIndexAt(doc, position.line);
  let instruction = index < 0 ? undefined : doc.instructions[index];
  if (instruction === undefined) return null;
  // Only the instruction line and its continuations, not heredoc bodies.
  if (position.line > instruction.argRange.end.line && position.line > instruction.keywordRange.end.line)
    return null;
  const trigger = instruction.trigger;
  if (trigger !== undefined && comparePositions(position, trigger.keywordRange.end) > 0)
    instruction = trigger;
  if (comparePositions(position, instruction.keywordRange.end) <= 0) return null;
  const forms = renderedForms(instruction.keyword);
  if (forms.length === 0) return null;

  const flag = instruction.flags.find((candidate) => contains(candidate.range, position));
  if (flag?.valueRange !== undefined && comparePositions(position, flag.valueRange.start) >= 0) {
    const help = flagValueHelp(doc, instruction, flag, position);
    if (help !== null) return help;
  }
  const active = activeForm(instruction, forms);
  const form = forms[active];
  const parameter =
    flag !== undefined ? flagParameter(form, flag.name) : positionalParameter(instruction, form, position);
  return {
    signatures: forms.map(toSignature),
    activeSignature: active,
    activeParameter: parameter,
  };
}

function toSignature(form: RenderedForm): SignatureInformation {
  return {
    label: form.label,
    documentation: form.form.doc,
    parameters: form.parameters.map((parameter): ParameterInformation => ({
      label: [...parameter.offsets],
      documentation: parameter.doc,
    })),
  };
}

/** Which form the arguments are written in. */
function activeForm(instruction: Instruction, forms: readonly RenderedForm[]): number {
  const text = instruction.argText;
  const firstWord = /^\S*/.exec(text)?.[0] ?? '';
  let shape: RenderedForm['form']['shape'];
  if (instruction.keyword === 'HEALTHCHECK') shape = firstWord.toUpperCase() === 'NONE' ? 'none' : 'plain';
  else if (instruction.keyword === 'ENV') shape = instruction.pairs[0]?.legacy === true ? 'none' : 'plain';
  else if (text.startsWith('[')) shape = 'exec';
  else if (instruction.heredocs.length > 0 || firstWord.startsWith('<<')) shape = 'heredoc';
  else shape = 'shell';
  const exact = forms.findIndex((form) => form.form.shape === shape);
  if (exact >= 0) return exact;
  // Shell-like text for an instruction without a shell form: its plain form.
  const plain = forms.findIndex((form) => form.form.shape === 'plain' || form.form.shape === 'shell');
  return plain >= 0 ? plain : 0;
}

function flagParameter(form: RenderedForm, name: string): number {
  const exact = form.parameters.findIndex((parameter) => parameter.flag === name);
  if (exact >= 0) return exact;
  // A flag still being typed: the first one it could become.
  const prefix = form.parameters.findIndex((parameter) => parameter.flag?.startsWith(name) === true);
  return prefix >= 0 ? prefix : 0;
}

/** The positional parameter the cursor is on, counting the words before it. */
function positionalParameter(instruction: Instruction, form: RenderedForm, position: Position): number {
  const firstPart = form.parameters.findIndex((parameter) => parameter.kind !== 'flag');
  if (firstPart < 0) return 0;
  const parts = form.parameters.slice(firstPart);
  const variadic = parts.findIndex((parameter) => parameter.kind === 'many' || parameter.kind === 'json');
  if (parts[variadic]?.kind === 'json') return firstPart + variadic;
  const words = instruction.words;
  // The word under (or just before) the cursor, or the one about to be written.
  let wordIndex = 0;
  while (
    wordIndex < words.length &&
    comparePositions(words[wordIndex]?.range.end ?? position, position) < 0
  ) {
    wordIndex++;
  }
  const count = Math.max(words.length, wordIndex + 1);
  if (variadic < 0) return firstPart + Math.min(wordIndex, parts.length - 1);
  const trailing = parts.length - variadic - 1;
  if (wordIndex < variadic) return firstPart + wordIndex;
  // The variadic part takes at least one word; the trailing parts take the last words.
  if (wordIndex - variadic < 1) return firstPart + variadic;
  if (wordIndex >= count - trailing) return firstPart + parts.length - (count - wordIndex);
  return firstPart + variadic;
}

// ---------------------------------------------------------------------------------------------
// Flag values

function flagValueHelp(
  doc: Dockerfile,
  instruction: Instruction,
  flag: Flag,
  position: Position,
): SignatureHelp | null {
  const spec = flagSpec(instruction.keyword, flag.name);
  if (spec === undefined) return null;
  if (spec.kind === 'mount') return mountHelp(doc, flag, position);
  const syntax = flagSyntax(instruction.keyword, spec);
  const eq = syntax.indexOf('=');
  const parameters: ParameterInformation[] =
    eq < 0 ? [] : [{ label: [eq + 1, syntax.length], documentation: spec.doc }];
  return {
    signatures: [
      { label: syntax, documentation: { kind: MarkupKind.Markdown, value: spec.doc }, parameters },
    ],
    activeSignature: 0,
    activeParameter: 0,
  };
}

/** The `--mount` options of one type, with the key under the cursor active. */
function mountHelp(doc: Dockerfile, flag: Flag, position: Position): SignatureHelp {
  const value = flag.valueRange;
  const line = doc.lines[position.line] ?? '';
  const sameLine = value !== undefined && value.start.line === position.line;
  const base = sameLine ? value.start.character : 0;
  const raw = sameLine ? line.slice(base, Math.max(position.character, value.end.character)) : '';
  const offset = position.character - base;
  const typeMatch = /(?:^|,)\s*type=([a-z]+)/i.exec(raw);
  const written = typeMatch?.[1]?.toLowerCase();
  const type: MountType =
    written !== undefined && (MOUNT_TYPES as readonly string[]).includes(written)
      ? (written as MountType)
      : 'bind';

  let label = '--mount=';
  const parameters: ParameterInformation[] = [];
  const keys: string[][] = [];
  const options = MOUNT_OPTIONS.filter((option) => option.types === undefined || option.types.includes(type));
  for (const option of options) {
    const key = option.keys[0] ?? '';
    const written =
      key === 'type'
        ? `type=${type}`
        : option.bare === true
          ? key
          : `${key}=<${option.values?.join('|') ?? option.kind}>`;
    // Every option but the type is optional: `[,key=<value>]`.
    if (key !== 'type') label += '[,';
    const start = label.length;
    label += written;
    parameters.push({ label: [start, label.length], documentation: option.doc });
    if (key !== 'type') label += ']';
    keys.push([...option.keys]);
  }

  // The key of the comma-separated field the cursor is in.
  let fieldStart = Math.min(offset, raw.length);
  while (fieldStart > 0 && raw[fieldStart - 1] !== ',') fieldStart--;
  const field = raw.slice(fieldStart, offset);
  const key = (field.includes('=') ? field.slice(0, field.indexOf('=')) : field).trim().replace(/^["']/, '');
  const known = mountOption(key);
  let active = known === undefined ? -1 : keys.findIndex((names) => names.includes(known.keys[0] ?? ''));
  if (active < 0 && key !== '')
    active = keys.findIndex((names) => names.some((name) => name.startsWith(key.toLowerCase())));
  return {
    signatures: [
      {
        label,
        documentation: { kind: MarkupKind.Markdown, value: `\`type=${type}\`: ${MOUNT_TYPE_DOCS[type]}` },
        parameters,
      },
    ],
    activeSignature: 0,
    activeParameter: active < 0 ? 0 : active,
  };
}
