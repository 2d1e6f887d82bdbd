// Hover: what the token under the cursor means. Instruction keywords, flags, mount options,
// parser directives and the names inside them show our reference text; variables show their
// value at that point and where it was set; stage and image references show what they name.
// The instruction is found by binary search and only its own text is read.
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import {
  createdMs,
  humanSize,
  relativeTime,
  shortImageId,
  type ImageDetails,
} from '../../shared/imageDetails';
import { parsePragma } from '../rules/hadolint/pragmas';
import { familiarName, parseImageReference, type ImageReference } from '../semantics/imageReference';
import { isPredefinedArg, PLATFORM_ARGS, PROXY_ARGS } from '../semantics/scope';
import type { Directive, Dockerfile, Flag, Instruction, Position, Range } from '../syntax/ast';
import { processWord, variableReferences, type VariableReference } from '../syntax/shellLex';
import { checkMarkdown } from '../docs/checks';
import { checkOptionMarkdown, directiveMarkdown } from '../docs/directives';
import { flagMarkdown } from '../docs/flags';
import { instructionMarkdown } from '../docs/forms';
import { mountOptionMarkdown, mountTypeMarkdown } from '../docs/mounts';
import { ruleCodeMarkdown } from '../docs/ruleCodes';
import {
  argOffsetAt,
  argRange,
  contains,
  declaredStageName,
  fromIndexOf,
  instructionIndexAt,
  isCommentLine,
} from './locate';
import { variableAt, type BindingOptions, type VariableLookup } from './variableBinding';

export type HoverOptions = BindingOptions;

/** Where the hover stands: the top-level instruction (by index) and the one hovered (a trigger of ONBUILD). */
interface Site {
  readonly doc: Dockerfile;
  readonly index: number;
  readonly instruction: Instruction;
  readonly onbuild: boolean;
  readonly options: HoverOptions;
}

function result(value: string | undefined, range: Range): Hover | null {
  return value === undefined ? null : { contents: { kind: MarkupKind.Markdown, value }, range };
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The hover at a position of a parsed Dockerfile; null on whitespace and unknown text. */
export function hover(doc: Dockerfile, position: Position, options: HoverOptions = {}): Hover | null {
  const line = doc.lines[position.line];
  if (line === undefined) return null;
  for (const directive of doc.directives) {
    if (directive.range.start.line === position.line) return directiveHover(directive, position, line);
  }
  const index = instructionIndexAt(doc, position.line);
  const top = index < 0 ? undefined : doc.instructions[index];
  if (top !== undefined) {
    const trigger = top.trigger;
    const onbuild =
      trigger !== undefined && contains({ start: trigger.keywordRange.start, end: top.range.end }, position);
    const site: Site = { doc, index, instruction: onbuild ? trigger : top, onbuild, options };
    for (const heredoc of site.instruction.heredocs) {
      if (position.line >= heredoc.range.start.line && position.line <= heredoc.range.end.line) {
        return heredoc.expand && position.line < heredoc.range.end.line
          ? variableInText(site, line, position, 0)
          : null;
      }
    }
    if (!isCommentLine(line)) return instructionHover(site, position, top);
  }
  return isCommentLine(line) ? commentHover(line, position) : null;
}

// ---------------------------------------------------------------------------------------------
// Directives and comments

/** The piece of `text` between separators that holds `offset`: [start, end). */
function pieceAt(text: string, offset: number, separators: string): [number, number] {
  let start = offset;
  while (start > 0 && !separators.includes(text[start - 1] ?? '')) start--;
  let end = offset;
  while (end < text.length && !separators.includes(text[end] ?? '')) end++;
  return [start, end];
}

/** Trims spaces and quotes off [start, end) of `text`. */
function trimmed(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && ' \t"\''.includes(text[s] ?? '')) s++;
  while (e > s && ' \t"\''.includes(text[e - 1] ?? '')) e--;
  return [s, e];
}

function directiveHover(directive: Directive, position: Position, line: string): Hover | null {
  const value = directive.valueRange;
  if (directive.name === 'check' && contains(value, position)) {
    const base = value.start.character;
    const text = line.slice(base, value.end.character);
    const offset = position.character - base;
    const [optionStart, optionEnd] = pieceAt(text, offset, ';');
    const option = text.slice(optionStart, optionEnd);
    const eq = option.indexOf('=');
    const [keyStart, keyEnd] = trimmed(text, optionStart, eq < 0 ? optionEnd : optionStart + eq);
    const key = text.slice(keyStart, keyEnd).toLowerCase();
    if (eq < 0 || offset <= optionStart + eq) {
      return result(checkOptionMarkdown(key), lineRange(position.line, base + keyStart, base + keyEnd));
    }
    const [nameStart, nameEnd] = trimmed(text, ...pieceAt(text, offset, ',;='));
    const name = text.slice(nameStart, nameEnd);
    const range = lineRange(position.line, base + nameStart, base + nameEnd);
    if ((key === 'skip' || key === 'experimental') && name !== '' && name !== 'all') {
      return result(checkMarkdown(name), range);
    }
    return result(checkOptionMarkdown(key), range);
  }
  if (contains(directive.range, position)) {
    const at = contains(directive.nameRange, position) ? directive.nameRange : directive.range;
    return result(directiveMarkdown(directive.name), at);
  }
  return null;
}

const CODE_CHAR = /[A-Za-z0-9]/;

/** DL and SC codes in `# hadolint ignore=…` pragmas. */
function commentHover(line: string, position: Position): Hover | null {
  const pragma = parsePragma(line);
  if (pragma?.kind !== 'ignore') return null;
  let start = position.character;
  while (start > 0 && CODE_CHAR.test(line[start - 1] ?? '')) start--;
  let end = position.character;
  while (end < line.length && CODE_CHAR.test(line[end] ?? '')) end++;
  const word = line.slice(start, end);
  if (!/^(DL|SC)[0-9]+$/.test(word) || !line.slice(0, start).includes('=')) return null;
  return result(ruleCodeMarkdown(word), lineRange(position.line, start, end));
}

// ---------------------------------------------------------------------------------------------
// Instructions

const NO_REFERENCES: readonly VariableReference[] = [];

/**
 * The variable references in each instruction's arguments. They depend on the instruction alone
 * (and the file's escape character, which a new version keeps or parses anew), and a new version
 * of the document keeps the instruction objects it did not touch: each is read once.
 */
const argumentReferences = new WeakMap<Instruction, readonly VariableReference[]>();

function argumentReferencesOf(instruction: Instruction, escape: '\\' | '`'): readonly VariableReference[] {
  const text = instruction.argText;
  if (!text.includes('$')) return NO_REFERENCES;
  let references = argumentReferences.get(instruction);
  if (references === undefined) {
    references = variableReferences(text, { escape });
    argumentReferences.set(instruction, references);
  }
  return references;
}

function instructionHover(site: Site, position: Position, top: Instruction): Hover | null {
  const instruction = site.instruction;
  if (site.onbuild && contains(top.keywordRange, position)) {
    return result(instructionMarkdown(top.keyword), top.keywordRange);
  }
  if (contains(instruction.keywordRange, position)) {
    return result(instructionMarkdown(instruction.keyword), instruction.keywordRange);
  }
  for (const flag of instruction.flags) {
    if (contains(flag.range, position)) return flagHover(site, flag, position);
  }
  const offset = argOffsetAt(instruction, position);
  if (offset === undefined) return null;
  for (const reference of argumentReferencesOf(instruction, site.doc.escape)) {
    if (reference.start <= offset && offset < reference.end) {
      return result(
        variableMarkdown(site, reference.name),
        argRange(instruction, reference.start, reference.end),
      );
    }
  }
  if (instruction.keyword === 'FROM') return fromWordHover(site, position);
  if ((instruction.keyword === 'ENV' || instruction.keyword === 'ARG') && !site.onbuild) {
    const pair = instruction.pairs.find((candidate) => contains(candidate.keyRange, position));
    if (pair !== undefined) return result(variableMarkdown(site, pair.key, true), pair.keyRange);
  }
  return null;
}

function flagHover(site: Site, flag: Flag, position: Position): Hover | null {
  const instruction = site.instruction;
  const keyword = instruction.keyword;
  const value = flag.valueRange;
  const nameRange: Range = { start: flag.range.start, end: flag.nameRange.end };
  if (value === undefined || !contains(value, position) || value.start.line !== value.end.line) {
    return result(flagMarkdown(keyword, flag.name), nameRange);
  }
  const line = site.doc.lines[position.line] ?? '';
  const base = value.start.character;
  const raw = line.slice(base, value.end.character);
  const offset = position.character - base;
  const variable = variableInText(site, raw, { line: position.line, character: offset }, base);
  if (variable !== null) return variable;
  if (keyword === 'RUN' && flag.name === 'mount') return mountHover(site, raw, offset, position.line, base);
  if ((keyword === 'COPY' || keyword === 'ADD') && flag.name === 'from') {
    const [start, end] = trimmed(raw, 0, raw.length);
    return result(
      sourceMarkdown(site, raw.slice(start, end)),
      lineRange(position.line, base + start, base + end),
    );
  }
  return result(flagMarkdown(keyword, flag.name), nameRange);
}

/** A variable reference in one line of text (a heredoc line, a flag value) at `position`. */
function variableInText(site: Site, text: string, position: Position, base: number): Hover | null {
  const offset = position.character;
  for (const reference of variableReferences(text, { escape: site.doc.escape })) {
    if (reference.start <= offset && offset < reference.end) {
      return result(
        variableMarkdown(site, reference.name),
        lineRange(position.line, base + reference.start, base + reference.end),
      );
    }
  }
  return null;
}

function mountHover(site: Site, raw: string, offset: number, line: number, base: number): Hover | null {
  const [fieldStart, fieldEnd] = pieceAt(raw, offset, ',');
  const field = raw.slice(fieldStart, fieldEnd);
  const eq = field.indexOf('=');
  const [keyStart, keyEnd] = trimmed(raw, fieldStart, eq < 0 ? fieldEnd : fieldStart + eq);
  const key = raw.slice(keyStart, keyEnd);
  if (eq < 0 || offset <= fieldStart + eq) {
    return result(mountOptionMarkdown(key), lineRange(line, base + keyStart, base + keyEnd));
  }
  const [valueStart, valueEnd] = trimmed(raw, fieldStart + eq + 1, fieldEnd);
  const value = raw.slice(valueStart, valueEnd);
  const range = lineRange(line, base + valueStart, base + valueEnd);
  const lower = key.toLowerCase();
  if (lower === 'type') return result(mountTypeMarkdown(value) ?? mountOptionMarkdown(key), range);
  if (lower === 'from' && value !== '') return result(sourceMarkdown(site, value), range);
  return result(mountOptionMarkdown(key), range);
}

/** FROM's words: the base (image or stage) and the stage name after AS. */
function fromWordHover(site: Site, position: Position): Hover | null {
  const words = site.instruction.words;
  const baseWord = words[0];
  if (baseWord !== undefined && contains(baseWord.range, position)) {
    const index = fromIndexOf(site.doc);
    const named = index.firstNamed(baseWord.text);
    if (named !== undefined && named < site.index)
      return result(stageMarkdown(site.doc, named), baseWord.range);
    return result(imageMarkdown(site, baseWord.text), baseWord.range);
  }
  const name = words[2];
  if (
    name !== undefined &&
    declaredStageName(site.instruction) !== undefined &&
    contains(name.range, position)
  ) {
    return result(stageMarkdown(site.doc, site.index), name.range);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Stages and images

function stageMarkdown(doc: Dockerfile, fromIndex: number): string {
  const from = doc.instructions[fromIndex];
  const number = fromIndexOf(doc).stageNumber(fromIndex);
  const name = from === undefined ? undefined : declaredStageName(from);
  const title = name === undefined ? `**Stage ${number}**` : `**Stage \`${name}\`** · index ${number}`;
  const line = (from?.range.start.line ?? 0) + 1;
  return [
    title,
    '```dockerfile\n' + (from?.original.trim() ?? '') + '\n```',
    `Declared on line ${line}.`,
  ].join('\n\n');
}

/** `COPY --from=` and `--mount=from=`: a stage of this file, or else a named context or image. */
function sourceMarkdown(site: Site, value: string): string | undefined {
  const index = fromIndexOf(site.doc);
  const stageStart = index.stageStart(site.index);
  const here = stageStart < 0 ? 0 : index.stageNumber(stageStart);
  if (/^[0-9]+$/.test(value)) {
    const at = Number(value);
    const from = index.froms[at];
    if (from !== undefined && at < here) return stageMarkdown(site.doc, from);
  }
  const named = index.firstNamed(value);
  if (named !== undefined && named < site.index) return stageMarkdown(site.doc, named);
  const image = imageMarkdown(site, value);
  return image === undefined
    ? undefined
    : `${image}\n\nNot a stage of this file: a named build context of that name wins, else the image is used.`;
}

/** An image reference with its variables expanded as far as this file sets them. */
interface Expanded {
  readonly written: string;
  /** True when some variable has no value in this file. */
  readonly unknown: boolean;
  /** False when the expansion failed (the text is then kept as written). */
  readonly ok: boolean;
}

function expandReference(doc: Dockerfile, index: number, text: string, options: HoverOptions): Expanded {
  if (!text.includes('$')) return { written: text, unknown: false, ok: true };
  let unknown = false;
  const expanded = processWord(
    text,
    (name) => {
      const value = variableAt(doc, index, name, options).binding?.value;
      if (value === undefined) unknown = true;
      return value;
    },
    { escape: doc.escape, skipUnsetEnv: true },
  );
  return { written: expanded.ok ? expanded.value : text, unknown, ok: expanded.ok };
}

/** The image a FROM starts from, when it is an image (not an earlier stage) this file fully names. */
export interface FromImage {
  /** The reference with variables expanded, as the daemon would be asked for it. */
  readonly reference: string;
  readonly ref: ImageReference;
  /** The base word of the FROM. */
  readonly range: Range;
}

/** The image of the FROM at instruction `index`: undefined for stages, scratch and unknown variables. */
export function fromImageOf(
  doc: Dockerfile,
  index: number,
  options: HoverOptions = {},
): FromImage | undefined {
  const from = doc.instructions[index];
  const base = from?.keyword === 'FROM' ? from.words[0] : undefined;
  if (base === undefined) return undefined;
  const named = fromIndexOf(doc).firstNamed(base.text);
  if (named !== undefined && named < index) return undefined;
  const { written, unknown, ok } = expandReference(doc, index, base.text, options);
  if (unknown || !ok) return undefined;
  const ref = parseImageReference(written);
  if (ref === undefined || ref.scratch || ref.variables || ref.problems.length > 0) return undefined;
  return { reference: written.trim(), ref, range: base.range };
}

/** The FROM image under `position`, if the position is on one. */
export function fromImageAt(
  doc: Dockerfile,
  position: Position,
  options: HoverOptions = {},
): FromImage | undefined {
  const index = instructionIndexAt(doc, position.line);
  const image = index < 0 ? undefined : fromImageOf(doc, index, options);
  return image !== undefined && contains(image.range, position) ? image : undefined;
}

/** What the daemon knows about an image, as lines to append to its hover. */
export function imageDetailsMarkdown(details: ImageDetails, now: number = Date.now()): string {
  const rows = [`- Id: \`${shortImageId(details.id)}\``, `- Size: ${humanSize(details.size)}`];
  const created = createdMs(details.created);
  if (created !== undefined) {
    const date = new Date(created)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC');
    rows.push(`- Created: ${relativeTime(created, now)} (${date})`);
  }
  for (const digest of details.repoDigests) rows.push(`- Digest: \`${digest}\``);
  return ['**Local image** (from the Docker daemon)', rows.join('\n')].join('\n\n');
}

/** A hover with the daemon's details of its image appended. */
export function withImageDetails(
  base: Hover | null,
  details: ImageDetails,
  range: Range,
  now?: number,
): Hover {
  const extra = imageDetailsMarkdown(details, now);
  const value =
    base !== null && typeof base.contents === 'object' && 'kind' in base.contents
      ? `${base.contents.value}\n\n${extra}`
      : extra;
  return { contents: { kind: MarkupKind.Markdown, value }, range: base?.range ?? range };
}

function imageMarkdown(site: Site, text: string): string | undefined {
  let note: string | undefined;
  const { written, unknown } = expandReference(site.doc, site.index, text, site.options);
  if (text.includes('$')) {
    note = unknown
      ? 'Holds variables this file does not set; they are left as written.'
      : `With the values in this file: \`${written}\`.`;
  }
  const ref = parseImageReference(written);
  if (ref === undefined) return undefined;
  if (ref.scratch) return '**`scratch`** · the empty image: the stage starts with no files at all.';
  const rows = [
    `- Registry: \`${ref.registry === '' ? '(variable)' : ref.registry}\`${ref.registryExplicit ? '' : ' (Docker Hub, implied)'}`,
    `- Repository: \`${ref.repository}\``,
    `- Tag: ${ref.tag !== undefined ? `\`${ref.tag}\`` : ref.digest !== undefined ? 'none' : 'none, so `latest`'}`,
  ];
  if (ref.digest !== undefined) rows.push(`- Digest: \`${ref.digest}\``);
  const parts = [`**Image** \`${familiarName(ref)}\``];
  if (note !== undefined) parts.push(note);
  parts.push(rows.join('\n'));
  if (ref.problems.length > 0) parts.push(`Not a valid reference: ${ref.problems.join('; ')}.`);
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Variables

function lineOf(instruction: Instruction | undefined): number {
  return (instruction?.range.start.line ?? 0) + 1;
}

function shorten(value: string): string {
  const single = value.length > 160 ? `${value.slice(0, 157)}…` : value;
  return '`' + single.replace(/`/g, "'") + '`';
}

const PROXY = new Set<string>(PROXY_ARGS);
const PLATFORM = new Set<string>(PLATFORM_ARGS);

function variableMarkdown(site: Site, name: string, after = false): string | undefined {
  if (name === '' || !/^[A-Za-z_]/.test(name)) return undefined;
  const lookup = variableAt(site.doc, site.index, name, site.options, after);
  const parts = [`**\`${name}\`** · ${variableKind(lookup, name)}`];
  const binding = lookup.binding;
  if (binding !== undefined) {
    parts.push(
      `Value ${after ? 'from here on' : 'here'}: ${binding.value === '' ? 'empty' : shorten(binding.value)}` +
        (binding.certain ? '' : ' (partly unknown: it depends on the base image’s environment)'),
    );
    parts.push(whereSet(lookup, name));
  } else {
    parts.push(unsetText(lookup, name));
  }
  if (site.onbuild)
    parts.push('Inside ONBUILD the value is the one in the build that uses this image as its base.');
  return parts.join('\n\n');
}

function variableKind(lookup: VariableLookup, name: string): string {
  switch (lookup.binding?.kind) {
    case 'env':
      return 'environment variable';
    case 'default-path':
      return 'environment variable';
    case 'predefined':
      return 'predefined build argument';
    default:
      return lookup.binding !== undefined ||
        lookup.declaredWithoutValue !== undefined ||
        isPredefinedArg(name)
        ? 'build argument'
        : 'variable';
  }
}

function pairText(instruction: Instruction | undefined, name: string): string {
  const pair = instruction?.pairs.findLast((candidate) => candidate.key === name);
  if (instruction === undefined || pair === undefined) return '';
  const text = pair.value === undefined ? pair.key : `${pair.key}${pair.legacy ? ' ' : '='}${pair.value}`;
  return `: \`${instruction.keyword} ${text.length > 120 ? `${text.slice(0, 117)}…` : text}\``;
}

function whereSet(lookup: VariableLookup, name: string): string {
  const binding = lookup.binding;
  if (binding === undefined) return '';
  const at = binding.instruction;
  switch (binding.kind) {
    case 'env':
      return `Set by ENV on line ${lineOf(at)}${pairText(at, name)}.`;
    case 'arg':
      return (
        `Default of the ${lookup.global ? 'global ' : ''}ARG on line ${lineOf(at)}${pairText(at, name)}; ` +
        `\`--build-arg ${name}=…\` overrides it.`
      );
    case 'global-arg':
      return binding.global !== undefined
        ? `Declared in this stage by ARG on line ${lineOf(at)}; the value comes from the global ARG on line ${lineOf(binding.global)}${pairText(binding.global, name)}.`
        : `Declared in this stage by ARG on line ${lineOf(at)}; BuildKit predefines the value.`;
    case 'build-arg':
      return `Passed as a build argument${at !== undefined ? ` (declared on line ${lineOf(at)})` : ''}.`;
    case 'predefined':
      return PLATFORM.has(name)
        ? 'Predefined by BuildKit for every build; the value shown assumes a linux/amd64 build on a linux/amd64 builder.'
        : 'Predefined by BuildKit.';
    case 'default-path':
      return 'The PATH BuildKit gives a stage that starts from scratch.';
  }
}

function unsetText(lookup: VariableLookup, name: string): string {
  const declared = lookup.declaredWithoutValue;
  if (declared !== undefined) {
    return `Declared by ARG on line ${lineOf(declared)} without a value: empty unless the build passes \`--build-arg ${name}=…\`.`;
  }
  if (lookup.global) {
    return 'Not a global ARG: a FROM line sees only the ARGs declared before the first FROM and the predefined platform args.';
  }
  if (PROXY.has(name)) return 'A proxy variable: RUN gets it from the build’s settings without an ARG.';
  if (PLATFORM.has(name))
    return `BuildKit predefines \`${name}\`, but a stage sees it only after \`ARG ${name}\`.`;
  if (lookup.open)
    return 'Not set in this file before this line; it may come from the base image’s environment.';
  return 'Not set here: it expands to an empty string.';
}
