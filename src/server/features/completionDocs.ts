// Documentation of completion items, added lazily on completionItem/resolve: each item carries a
// small reference (`data`) to the reference text in docs/, so a completion list stays light and
// only the item the user looks at pays for its Markdown.
import { MarkupKind } from 'vscode-languageserver-types';
import type { CompletionItem } from 'vscode-languageserver-types';
import { checkMarkdown } from '../docs/checks';
import { checkOptionMarkdown, directiveMarkdown } from '../docs/directives';
import { flagMarkdown } from '../docs/flags';
import { instructionMarkdown } from '../docs/forms';
import { mountOptionMarkdown, mountTypeMarkdown } from '../docs/mounts';
import { ruleCodeMarkdown } from '../docs/ruleCodes';

/** What an item documents: a kind and its key (`flag` also names the instruction). */
export type DocRef =
  | readonly ['instruction', string]
  | readonly ['flag', string, string]
  | readonly ['mountType', string]
  | readonly ['mountOption', string]
  | readonly ['directive', string]
  | readonly ['checkOption', string]
  | readonly ['check', string]
  | readonly ['rule', string];

/** The `data` of an item whose documentation `resolveCompletionItem` fills in. */
export function docData(ref: DocRef): { doc: DocRef } {
  return { doc: ref };
}

function markdownOf(ref: readonly unknown[]): string | undefined {
  const [kind, key, name] = ref;
  if (typeof key !== 'string') return undefined;
  switch (kind) {
    case 'instruction':
      return instructionMarkdown(key);
    case 'flag':
      return typeof name === 'string' ? flagMarkdown(key, name) : undefined;
    case 'mountType':
      return mountTypeMarkdown(key);
    case 'mountOption':
      return mountOptionMarkdown(key);
    case 'directive':
      return directiveMarkdown(key);
    case 'checkOption':
      return checkOptionMarkdown(key);
    case 'check':
      return checkMarkdown(key);
    case 'rule':
      return ruleCodeMarkdown(key);
    default:
      return undefined;
  }
}

/** Adds the documentation an item refers to; items without a reference come back as they were. */
export function resolveCompletionItem(item: CompletionItem): CompletionItem {
  if (item.documentation !== undefined) return item;
  const ref = (item.data as { doc?: unknown } | null | undefined)?.doc;
  if (!Array.isArray(ref)) return item;
  const value = markdownOf(ref as unknown[]);
  return value === undefined ? item : { ...item, documentation: { kind: MarkupKind.Markdown, value } };
}
