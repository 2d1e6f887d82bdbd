// Completion inside comments: parser directives at the top of the file, the options of
// `# check=` (BuildKit check names after skip= and experimental=), and hadolint pragmas
// (`# hadolint ignore=` with DL and SC codes, `shell=`).
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver-types';
import type { CompletionItem, Range } from 'vscode-languageserver-types';
import { ALL_RULES } from '../rules/buildkit/rules';
import { hadolintRules } from '../rules/hadolint/registry';
import type { Dockerfile } from '../syntax/ast';
import { docData } from './completionDocs';
import type { DocRef } from './completionDocs';
import { COMMON_SHELLCHECK_CODES, PRAGMA_SHELLS, SYNTAX_IMAGES } from './completionWords';

/** Builds the range on the cursor line from a start character to the cursor. */
export type RangeFrom = (start: number) => Range;

const DIRECTIVE_LINE = /^\s*#\s*(syntax|escape|check)\s*=/i;
const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['syntax', 'The frontend image that builds this Dockerfile, such as docker/dockerfile:1.'],
  ['escape', 'The escape character of this file: a backslash (the default) or a backtick.'],
  ['check', 'Which build checks to skip or run, and whether a warning fails the build.'],
];

/** Whether every line above `line` is a parser directive, so `line` may hold one too. */
function inDirectiveRegion(doc: Dockerfile, line: number): boolean {
  for (let i = 0; i < line; i++) {
    if (!DIRECTIVE_LINE.test(doc.lines[i] ?? '')) return false;
  }
  return true;
}

function plain(
  label: string,
  kind: CompletionItemKind,
  range: Range,
  detail?: string,
  newText: string = label,
): CompletionItem {
  const item: CompletionItem = { label, kind, textEdit: { range, newText } };
  if (detail !== undefined) item.detail = detail;
  return item;
}

/** Items that end in `=` open the value list at once. */
function opener(label: string, range: Range, detail: string, ref?: DocRef): CompletionItem {
  const item = plain(label, CompletionItemKind.Keyword, range, detail, `${label}=`);
  item.command = RETRIGGER;
  if (ref !== undefined) item.data = docData(ref);
  return item;
}

function pragmaDocs(): { kind: 'markdown'; value: string } {
  return {
    kind: MarkupKind.Markdown,
    value: '[hadolint inline pragmas](https://github.com/hadolint/hadolint#inline-ignores)',
  };
}

/** The names already in a comma-separated list, besides the one being typed. */
function listed(text: string): Set<string> {
  return new Set(
    text
      .split(',')
      .slice(0, -1)
      .map((name) => name.trim()),
  );
}

function checkItems(options: string, base: number, at: RangeFrom): CompletionItem[] {
  const semi = options.lastIndexOf(';');
  const partStart = semi + 1;
  const part = options.slice(partStart);
  const eq = part.indexOf('=');
  if (eq < 0) {
    const present = new Set(
      options
        .slice(0, Math.max(semi, 0))
        .split(';')
        .map((p) => p.split('=')[0]?.trim()),
    );
    const lead = part.length - part.trimStart().length;
    const range = at(base + partStart + lead);
    const keys: Array<[string, string]> = [
      ['skip', 'Check names to leave out, or all.'],
      ['error', 'true: a check warning fails the build.'],
      ['experimental', 'Experimental check names to run, or all.'],
    ];
    return keys
      .filter(([key]) => !present.has(key))
      .map(([key, detail]) => opener(key, range, detail, ['checkOption', key]));
  }
  const key = part.slice(0, eq).trim();
  const value = part.slice(eq + 1);
  const comma = value.lastIndexOf(',');
  const current = value.slice(comma + 1);
  const lead = current.length - current.trimStart().length;
  const range = at(base + partStart + eq + 1 + comma + 1 + lead);
  if (key === 'error') {
    return ['true', 'false'].map((v) => plain(v, CompletionItemKind.Value, range));
  }
  if (key !== 'skip' && key !== 'experimental') return [];
  const seen = listed(value);
  const items: CompletionItem[] = [];
  if (comma < 0) {
    items.push(
      plain(
        'all',
        CompletionItemKind.Value,
        range,
        key === 'skip' ? 'Every check' : 'Every experimental check',
      ),
    );
  }
  for (const rule of ALL_RULES) {
    if (seen.has(rule.name) || (key === 'experimental' && !rule.experimental)) continue;
    const item = plain(rule.name, CompletionItemKind.Value, range, rule.description);
    item.data = docData(['check', rule.name]);
    items.push(item);
  }
  return items;
}

function codeItems(list: string, base: number, at: RangeFrom): CompletionItem[] {
  const comma = list.lastIndexOf(',');
  const current = list.slice(comma + 1);
  const lead = current.length - current.trimStart().length;
  const range = at(base + comma + 1 + lead);
  const seen = listed(list);
  const items: CompletionItem[] = [];
  for (const rule of hadolintRules) {
    if (seen.has(rule.code)) continue;
    const item = plain(rule.code, CompletionItemKind.Value, range, rule.message);
    item.data = docData(['rule', rule.code]);
    items.push(item);
  }
  for (const [code, summary] of COMMON_SHELLCHECK_CODES) {
    if (seen.has(code)) continue;
    const item = plain(code, CompletionItemKind.Value, range, summary);
    item.data = docData(['rule', code]);
    items.push(item);
  }
  return items;
}

function pragmaStarts(range: Range, scoped: boolean): CompletionItem[] {
  const items = [opener('ignore', range, 'Ignore rules for the next instruction')];
  if (!scoped) {
    items.push(
      opener('global ignore', range, 'Ignore rules in the whole file'),
      opener('stage ignore', range, 'Ignore rules until the next FROM'),
      opener('shell', range, 'The shell RUN scripts are judged as'),
    );
  }
  for (const item of items) item.documentation = pragmaDocs();
  return items;
}

/**
 * Completion on a comment line; `before` is the line up to the cursor.
 */
export function commentCompletions(
  doc: Dockerfile,
  line: number,
  before: string,
  at: RangeFrom,
): CompletionItem[] {
  const hash = before.indexOf('#');
  const base = hash + 1;
  const content = before.slice(base);
  const directiveRegion = inDirectiveRegion(doc, line);

  const check = /^(\s*check\s*=)(.*)$/i.exec(content);
  if (check !== null) return checkItems(check[2] ?? '', base + (check[1]?.length ?? 0), at);

  if (directiveRegion) {
    const syntax = /^(\s*syntax\s*=\s*)\S*$/i.exec(content);
    if (syntax !== null) {
      const range = at(base + (syntax[1]?.length ?? 0));
      return SYNTAX_IMAGES.map((image) => plain(image, CompletionItemKind.Value, range));
    }
    const escape = /^(\s*escape\s*=\s*)\S*$/i.exec(content);
    if (escape !== null) {
      const range = at(base + (escape[1]?.length ?? 0));
      return [
        plain('\\', CompletionItemKind.Value, range, 'Backslash (the default)'),
        plain('`', CompletionItemKind.Value, range, 'Backtick, handy for Windows paths'),
      ];
    }
  }

  const ignore = /^(\s*hadolint\s+(?:(?:global|stage)\s+)?ignore\s*=\s*)(.*)$/.exec(content);
  if (ignore !== null) return codeItems(ignore[2] ?? '', base + (ignore[1]?.length ?? 0), at);
  const shell = /^(\s*hadolint\s+shell\s*=\s*)\S*$/.exec(content);
  if (shell !== null) {
    const range = at(base + (shell[1]?.length ?? 0));
    return PRAGMA_SHELLS.map((name) => plain(name, CompletionItemKind.Value, range));
  }
  const scoped = /^(\s*hadolint\s+(?:global|stage)\s+)[a-z]*$/.exec(content);
  if (scoped !== null) return pragmaStarts(at(base + (scoped[1]?.length ?? 0)), true);
  const pragma = /^(\s*hadolint\s+)[a-z]*$/.exec(content);
  if (pragma !== null) return pragmaStarts(at(base + (pragma[1]?.length ?? 0)), false);

  const word = /^(\s*)[A-Za-z]*$/.exec(content);
  if (word === null) return [];
  const range = at(base + (word[1]?.length ?? 0));
  const items: CompletionItem[] = [];
  if (directiveRegion) {
    const present = new Set(doc.directives.filter((d) => d.range.start.line !== line).map((d) => d.name));
    for (const [name, detail] of DIRECTIVES) {
      if (!present.has(name)) {
        items.push(opener(name, range, detail, ['directive', name]));
      }
    }
  } else {
    items.push(
      opener('check', range, 'Skip or run build checks for the next instruction', ['directive', 'check']),
    );
  }
  const hadolint = plain('hadolint', CompletionItemKind.Keyword, range, 'A hadolint pragma', 'hadolint ');
  hadolint.command = RETRIGGER;
  items.push(hadolint);
  return items;
}
