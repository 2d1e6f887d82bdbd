// Completion of builder flags: the flags an instruction takes (from the one flag table), the values
// of flags with a fixed set, stage names after `--from=`, and the comma-separated options of
// `RUN --mount=`: keys for the mount type in use, mount types, and fixed option values.
import { CompletionItemKind } from 'vscode-languageserver-types';
import type { CompletionItem, Range } from 'vscode-languageserver-types';
import type { Flag } from '../syntax/ast';
import { MOUNT_OPTIONS, MOUNT_TYPES, MOUNT_TYPE_DOCS, flagsOf, mountOption } from '../syntax/flags';
import type { MountType } from '../syntax/flags';
import type { RangeFrom } from './completionComments';
import { docData } from './completionDocs';
import { COMMON_PLATFORMS } from './completionWords';

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export interface FlagSlot {
  /** Upper-case keyword of the instruction the flag belongs to. */
  readonly keyword: string;
  /** The flags the instruction already has (the one being typed among them). */
  readonly flags: readonly Flag[];
  /** The flag text from its first `-` to the cursor. */
  readonly token: string;
  readonly line: number;
  /** Where the token starts on the cursor line. */
  readonly tokenStart: number;
  /** Whether the file asks for the labs frontend, which has a few more flags. */
  readonly labs: boolean;
  /** Names of the stages before the current one. */
  readonly stageNames: () => readonly string[];
  readonly at: RangeFrom;
}

function valueItem(
  label: string,
  range: Range,
  detail?: string,
  kind: CompletionItemKind = CompletionItemKind.EnumMember,
): CompletionItem {
  const item: CompletionItem = { label, kind, textEdit: { range, newText: label } };
  if (detail !== undefined) item.detail = detail;
  return item;
}

function stageItems(names: readonly string[], range: Range): CompletionItem[] {
  return names.map((name) => valueItem(name, range, 'Build stage', CompletionItemKind.Reference));
}

function flagNameItems(slot: FlagSlot, range: Range): CompletionItem[] {
  const typedAt = slot.tokenStart + 2;
  const present = new Set(
    slot.flags
      .filter(
        (flag) => !(flag.nameRange.start.line === slot.line && flag.nameRange.start.character === typedAt),
      )
      .map((flag) => flag.name),
  );
  const items: CompletionItem[] = [];
  for (const spec of flagsOf(slot.keyword)) {
    if (!spec.repeatable && present.has(spec.name)) continue;
    if (spec.labsOnly === true && !slot.labs) continue;
    const bare = spec.kind === 'bool';
    const item: CompletionItem = {
      label: `--${spec.name}`,
      kind: CompletionItemKind.Property,
      detail: spec.doc,
      data: docData(['flag', slot.keyword, spec.name]),
      textEdit: { range, newText: bare ? `--${spec.name}` : `--${spec.name}=` },
    };
    if (!bare) item.command = RETRIGGER;
    items.push(item);
  }
  return items;
}

function mountItems(value: string, valueStart: number, slot: FlagSlot): CompletionItem[] {
  const comma = value.lastIndexOf(',');
  const current = value.slice(comma + 1);
  const currentStart = valueStart + comma + 1;
  const others = comma < 0 ? [] : value.slice(0, comma).split(',');
  const present = new Set<string>();
  let type: MountType | undefined;
  for (const other of others) {
    const eq = other.indexOf('=');
    const key = (eq < 0 ? other : other.slice(0, eq)).trim().toLowerCase();
    const spec = mountOption(key);
    if (spec === undefined) continue;
    for (const alias of spec.keys) present.add(alias);
    if (key === 'type') {
      const named = other
        .slice(eq + 1)
        .trim()
        .toLowerCase();
      type = (MOUNT_TYPES as readonly string[]).includes(named) ? (named as MountType) : undefined;
    }
  }
  const eq = current.indexOf('=');
  if (eq >= 0) {
    const key = current.slice(0, eq).trim().toLowerCase();
    const range = slot.at(currentStart + eq + 1);
    if (key === 'type') {
      return MOUNT_TYPES.map((name) => {
        const item = valueItem(name, range, MOUNT_TYPE_DOCS[name]);
        item.data = docData(['mountType', name]);
        return item;
      });
    }
    if (key === 'from') return stageItems(slot.stageNames(), range);
    const spec = mountOption(key);
    if (spec?.values !== undefined) return spec.values.map((v) => valueItem(v, range));
    if (spec?.kind === 'bool') return ['true', 'false'].map((v) => valueItem(v, range));
    return [];
  }
  const range = slot.at(currentStart);
  const effective: MountType = type ?? 'bind';
  const items: CompletionItem[] = [];
  for (const spec of MOUNT_OPTIONS) {
    if (spec.keys.some((key) => present.has(key))) continue;
    if (spec.types !== undefined && !spec.types.includes(effective)) continue;
    const key = spec.keys[0] ?? '';
    const bare = spec.bare === true;
    const item: CompletionItem = {
      label: key,
      kind: CompletionItemKind.Property,
      detail: spec.doc,
      data: docData(['mountOption', key]),
      // The mount type first: it decides which other keys apply.
      sortText: key === 'type' ? '0' : `1${key}`,
      textEdit: { range, newText: bare ? key : `${key}=` },
    };
    if (!bare && (spec.values !== undefined || key === 'from')) item.command = RETRIGGER;
    items.push(item);
  }
  return items;
}

/** Completion for a flag token (`--`, `--na`, `--name=val`) of an instruction. */
export function flagCompletions(slot: FlagSlot): CompletionItem[] {
  const token = slot.token;
  const eq = token.indexOf('=');
  if (eq < 0) return flagNameItems(slot, slot.at(slot.tokenStart));
  const name = token.slice(2, eq);
  let value = token.slice(eq + 1);
  let valueStart = slot.tokenStart + eq + 1;
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    value = value.slice(1);
    valueStart++;
  }
  const spec = flagsOf(slot.keyword).find((flag) => flag.name === name);
  if (spec === undefined) return [];
  if (spec.kind === 'mount') return mountItems(value, valueStart, slot);
  const range = slot.at(valueStart);
  if (spec.values !== undefined) return spec.values.map((v) => valueItem(v, range));
  if (spec.kind === 'bool') return ['true', 'false'].map((v) => valueItem(v, range));
  if (name === 'from') return stageItems(slot.stageNames(), range);
  if (name === 'platform') {
    return [
      valueItem('$BUILDPLATFORM', range, 'The platform the build runs on', CompletionItemKind.Variable),
      valueItem('$TARGETPLATFORM', range, 'The platform the image is built for', CompletionItemKind.Variable),
      ...COMMON_PLATFORMS.map((platform) => valueItem(platform, range)),
    ];
  }
  if (name === 'chmod') {
    return [
      valueItem('755', range, 'rwxr-xr-x'),
      valueItem('644', range, 'rw-r--r--'),
      valueItem('700', range, 'rwx------'),
      valueItem('600', range, 'rw-------'),
    ];
  }
  return [];
}
