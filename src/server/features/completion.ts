// Completion at a position of a parsed Dockerfile: instructions allowed there (with snippets),
// flags and their values, stage names, variables in scope, FROM's `AS`, HEALTHCHECK's CMD/NONE,
// ARG names, signals, and inside comments directives, check names and hadolint codes. Image names
// come from outside: the result says where an image reference is being typed, and the caller
// asks the client for images and adds `imageCompletionItems` for them.
import { CompletionItemKind, CompletionItemTag, InsertTextFormat } from 'vscode-languageserver-types';
import type { CompletionItem, Position, Range } from 'vscode-languageserver-types';
import type { ImageEntry } from '../../shared/imageCompletion';
import { BUILDKIT_ARGS, PLATFORM_ARGS, PROXY_ARGS } from '../semantics/scope';
import type { Dockerfile, Instruction } from '../syntax/ast';
import { commentCompletions } from './completionComments';
import type { RangeFrom } from './completionComments';
import { flagCompletions } from './completionFlags';
import { completionModelOf } from './completionModel';
import type { CompletionModel, VariableInfo } from './completionModel';
import { instructionDoc } from '../docs/instructions';
import { docData } from './completionDocs';
import { INSTRUCTION_SNIPPETS, INSTRUCTION_WORDS, STOP_SIGNALS } from './completionWords';

export interface CompletionOptions {
  /** Whether the client takes snippets (true when not said). */
  readonly snippets?: boolean;
  /** The character that triggered the request, when one did. */
  readonly triggerCharacter?: string;
}

/** Where an image reference is being typed: the caller fills it from the daemon's images. */
export interface ImageSlot {
  /** The reference typed so far. */
  readonly prefix: string;
  readonly line: number;
  /** Where the reference starts on the line. */
  readonly start: number;
  /** The cursor. */
  readonly end: number;
}

export interface CompletionResult {
  readonly items: CompletionItem[];
  readonly image?: ImageSlot;
}

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
const NOTHING: CompletionResult = { items: [] };

type Context = 'top' | 'stage' | 'trigger';

function isNameChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
  );
}

function isSpaceChar(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The keyword in the file's casing. */
function cased(keyword: string, lower: boolean): string {
  return lower ? keyword.toLowerCase() : keyword;
}

/** The keywords inside a snippet (`AS`, `CMD`, `NONE`) in the file's casing. */
function casedWords(text: string, lower: boolean): string {
  return lower ? text.replace(/\b(AS|CMD|NONE)\b/g, (word) => word.toLowerCase()) : text;
}

function keywordItems(
  context: Context,
  range: Range,
  lower: boolean,
  options: CompletionOptions,
  /** Whether the keyword stands alone on its line, so a space and a snippet may follow it. */
  alone: boolean,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  const allowed = (keyword: string, notTrigger: boolean | undefined): boolean =>
    context === 'top'
      ? keyword === 'FROM' || keyword === 'ARG'
      : !(context === 'trigger' && notTrigger === true);
  INSTRUCTION_WORDS.forEach((word, i) => {
    if (!allowed(word.keyword, word.notTrigger)) return;
    const label = cased(word.keyword, lower);
    const item: CompletionItem = {
      label,
      kind: CompletionItemKind.Keyword,
      detail: instructionDoc(word.keyword)?.summary ?? '',
      data: docData(['instruction', word.keyword]),
      sortText: `a${String(i).padStart(2, '0')}`,
      textEdit: { range, newText: alone ? `${label} ` : label },
    };
    if (word.deprecated === true) item.tags = [CompletionItemTag.Deprecated];
    if (alone && (word.keyword === 'FROM' || word.keyword === 'ONBUILD' || word.keyword === 'HEALTHCHECK')) {
      item.command = RETRIGGER;
    }
    items.push(item);
  });
  if (!alone || options.snippets === false) return items;
  INSTRUCTION_SNIPPETS.forEach((snippet, i) => {
    const notTrigger = INSTRUCTION_WORDS.find((w) => w.keyword === snippet.keyword)?.notTrigger;
    if (!allowed(snippet.keyword, notTrigger)) return;
    const keyword = cased(snippet.keyword, lower);
    items.push({
      label: keyword + casedWords(snippet.label.slice(snippet.keyword.length), lower),
      kind: CompletionItemKind.Snippet,
      detail: snippet.summary,
      data: docData(['instruction', snippet.keyword]),
      filterText: keyword,
      sortText: `b${String(i).padStart(2, '0')}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${keyword} ${casedWords(snippet.body, lower)}` },
    });
  });
  return items;
}

/** Directive lines offered on an empty line at the very top of the file. */
function directiveItems(doc: Dockerfile, range: Range): CompletionItem[] {
  const present = new Set(doc.directives.map((d) => d.name));
  const lines: Array<[string, string, string]> = [
    ['syntax', '# syntax=docker/dockerfile:1', 'Build with the latest stable Dockerfile frontend.'],
    ['escape', '# escape=`', 'Use a backtick as the escape character (handy with Windows paths).'],
    ['check', '# check=error=true', 'Fail the build when a build check warns.'],
  ];
  return lines
    .filter(([name]) => !present.has(name))
    .map(([name, text, summary]) => ({
      label: text,
      kind: CompletionItemKind.Keyword,
      detail: summary,
      data: docData(['directive', name]),
      sortText: `c${name}`,
      textEdit: { range, newText: text },
    }));
}

/** Whether only directives stand above `line`, so one more may go there. */
function atTop(doc: Dockerfile, model: CompletionModel, line: number): boolean {
  if (model.instructionsBefore(line) > 0) return false;
  for (let i = 0; i < line; i++) {
    if (!/^\s*#\s*[a-zA-Z]+\s*=/.test(doc.lines[i] ?? '')) return false;
  }
  return true;
}

function variableItem(variable: VariableInfo, range: Range, close: boolean): CompletionItem {
  // Kept small: a variable list can be long, and the value says most of what matters.
  const value = variable.value === undefined ? '' : ` = ${variable.value}`;
  return {
    label: variable.name,
    kind: CompletionItemKind.Variable,
    detail:
      variable.kind === 'predefined'
        ? 'Predefined platform ARG'
        : `${variable.kind} ${variable.name}${value}`,
    textEdit: { range, newText: close ? `${variable.name}}` : variable.name },
  };
}

function stageNamesBefore(model: CompletionModel, index: number): string[] {
  const stage = model.stageOf(index);
  const limit = stage?.index ?? 0;
  const names: string[] = [];
  const seen = new Set<string>();
  for (const earlier of model.stages()) {
    if (earlier.index >= limit) break;
    const key = earlier.name?.toLowerCase();
    if (earlier.name === undefined || key === undefined || seen.has(key)) continue;
    seen.add(key);
    names.push(earlier.name);
  }
  return names;
}

function argNameItems(model: CompletionModel, index: number, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (name: string, detail: string, sort: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    items.push({
      label: name,
      kind: CompletionItemKind.Variable,
      detail,
      sortText: `${sort}${name}`,
      textEdit: { range, newText: name },
    });
  };
  const stage = model.stageOf(index);
  if (stage !== undefined) {
    // ARGs this stage already declared need no second declaration.
    for (let i = stage.fromIndex + 1; i < index; i++) {
      const step = model.doc.instructions[i];
      if (step?.keyword === 'ARG') for (const pair of step.pairs) seen.add(pair.key);
    }
    for (const variable of model.variablesBefore(stage.fromIndex).values()) {
      if (variable.kind === 'ARG') add(variable.name, 'Global ARG: declare it to use it in this stage', '0');
    }
    for (const name of PLATFORM_ARGS) add(name, 'Predefined platform ARG', '1');
  }
  for (const name of BUILDKIT_ARGS) add(name, 'Build argument read by BuildKit', '2');
  for (const name of PROXY_ARGS) add(name, 'Proxy argument, passed to RUN without ARG', '3');
  return items;
}

function valueItems(values: readonly string[], range: Range, detail?: string): CompletionItem[] {
  return values.map((value) => {
    const item: CompletionItem = {
      label: value,
      kind: CompletionItemKind.EnumMember,
      textEdit: { range, newText: value },
    };
    if (detail !== undefined) item.detail = detail;
    return item;
  });
}

/** Completion of the words after an instruction's flags. */
function argumentItems(
  model: CompletionModel,
  index: number,
  target: Instruction,
  wordIndex: number,
  token: string,
  line: number,
  tokenStart: number,
  at: RangeFrom,
  /** The whole word at the cursor, and whether anything follows it on the line. */
  word: { readonly range: Range; readonly last: boolean },
): CompletionResult {
  const lower = target.keywordText !== target.keyword && target.keywordText === target.keyword.toLowerCase();
  const range = at(tokenStart);
  const space = word.last ? ' ' : '';
  switch (target.keyword) {
    case 'FROM': {
      if (wordIndex === 1)
        return {
          items: [
            {
              label: cased('AS', lower),
              kind: CompletionItemKind.Keyword,
              textEdit: { range: word.range, newText: `${cased('AS', lower)}${space}` },
            },
          ],
        };
      if (wordIndex !== 0) return NOTHING;
      const items: CompletionItem[] = [
        {
          label: 'scratch',
          kind: CompletionItemKind.Keyword,
          detail: 'An empty image',
          textEdit: { range, newText: 'scratch' },
        },
      ];
      for (const name of stageNamesBefore(model, index)) {
        items.push({
          label: name,
          kind: CompletionItemKind.Reference,
          detail: 'Build stage',
          textEdit: { range, newText: name },
        });
      }
      if (token.includes('$') || token.includes('@')) return { items };
      // A tag is being typed: only the image's tags fit.
      if (token.indexOf(':', token.lastIndexOf('/') + 1) >= 0) items.length = 0;
      return { items, image: { prefix: token, line, start: tokenStart, end: range.end.character } };
    }
    case 'HEALTHCHECK':
      if (wordIndex !== 0) return NOTHING;
      return {
        items: [
          {
            label: cased('CMD', lower),
            kind: CompletionItemKind.Keyword,
            detail: 'The command that checks the container',
            textEdit: { range: word.range, newText: `${cased('CMD', lower)}${space}` },
          },
          {
            label: cased('NONE', lower),
            kind: CompletionItemKind.Keyword,
            detail: "Turns off the base image's check",
            textEdit: { range: word.range, newText: cased('NONE', lower) },
          },
        ],
      };
    case 'STOPSIGNAL':
      return wordIndex === 0 ? { items: valueItems(STOP_SIGNALS, word.range) } : NOTHING;
    case 'ARG':
      return token.includes('=') ? NOTHING : { items: argNameItems(model, index, range) };
    default:
      return NOTHING;
  }
}

/** Completion items for a position; `image` is set where the caller may add image names. */
export function completionAt(
  doc: Dockerfile,
  position: Position,
  options: CompletionOptions = {},
): CompletionResult {
  const line = position.line;
  const lineText = doc.lines[line];
  if (lineText === undefined) return NOTHING;
  const ch = Math.max(0, Math.min(position.character, lineText.length));
  const text = lineText.slice(0, ch);
  const at: RangeFrom = (start) => ({ start: { line, character: start }, end: { line, character: ch } });
  const model = completionModelOf(doc);
  const index = model.instructionAt(line);
  const instruction = index >= 0 ? doc.instructions[index] : undefined;
  const space = options.triggerCharacter === ' ';

  let tokenStart = ch;
  while (tokenStart > 0 && !isSpaceChar(text[tokenStart - 1])) tokenStart--;
  const token = text.slice(tokenStart);
  let tokenEnd = ch;
  while (tokenEnd < lineText.length && !isSpaceChar(lineText[tokenEnd])) tokenEnd++;

  const lowerFor = (typed: string): boolean =>
    model.prefersLowerCase(index) ?? (/[a-z]/.test(typed) && typed === typed.toLowerCase());

  const target = instruction?.trigger ?? instruction;
  const heredoc = target?.heredocs.find((h) => h.range.start.line <= line && line <= h.range.end.line);
  const inHeredoc = heredoc !== undefined && !(heredoc.terminated && line === heredoc.range.end.line);
  if (heredoc !== undefined && !inHeredoc) return NOTHING;

  if (!inHeredoc && text.trimStart().startsWith('#')) {
    return space ? NOTHING : { items: commentCompletions(doc, line, text, at) };
  }

  if (instruction === undefined) {
    if (space || !/^\s*[A-Za-z]*$/.test(text)) return NOTHING;
    const context: Context = model.instructionsBefore(line) <= model.firstFrom() ? 'top' : 'stage';
    const range = { start: { line, character: tokenStart }, end: { line, character: tokenEnd } };
    const alone = lineText.slice(tokenEnd).trim() === '';
    const items = keywordItems(context, range, lowerFor(token), options, alone);
    if (token === '' && atTop(doc, model, line)) items.push(...directiveItems(doc, range));
    return { items };
  }

  // Variables: `$name` or `${name` right before the cursor.
  let nameStart = ch;
  while (nameStart > 0 && isNameChar(text.charCodeAt(nameStart - 1))) nameStart--;
  const braced = text[nameStart - 1] === '{' && text[nameStart - 2] === '$';
  const dollarAt = braced ? nameStart - 2 : text[nameStart - 1] === '$' ? nameStart - 1 : -1;
  if (dollarAt >= 0 && text[dollarAt - 1] !== doc.escape) {
    if (inHeredoc && heredoc !== undefined && !heredoc.expand && target?.keyword !== 'RUN') return NOTHING;
    const close = braced && lineText[ch] !== '}';
    const range = at(nameStart);
    return { items: [...model.variablesBefore(index).values()].map((v) => variableItem(v, range, close)) };
  }
  if (inHeredoc || target === undefined) return NOTHING;

  // The keyword itself, or ONBUILD's trigger keyword.
  const keywordRange = instruction.keywordRange;
  const cursor: Position = { line, character: ch };
  const keywordLine = line === keywordRange.start.line;
  if (keywordLine && ch <= keywordRange.end.character) {
    if (space) return NOTHING;
    const context: Context = index <= model.firstFrom() ? 'top' : 'stage';
    const range = { start: keywordRange.start, end: keywordRange.end };
    const alone = instruction.argText === '' && instruction.flags.length === 0;
    return { items: keywordItems(context, range, lowerFor(instruction.keywordText), options, alone) };
  }
  if (instruction.keyword === 'ONBUILD') {
    const trigger = instruction.trigger;
    if (trigger === undefined) {
      return {
        items: keywordItems('trigger', at(tokenStart), lowerFor(instruction.keywordText), options, true),
      };
    }
    const triggerRange = trigger.keywordRange;
    if (!before(cursor, triggerRange.start) && !before(triggerRange.end, cursor)) {
      const alone = trigger.argText === '' && trigger.flags.length === 0;
      return {
        items: keywordItems(
          'trigger',
          { start: triggerRange.start, end: triggerRange.end },
          lowerFor(instruction.keywordText),
          options,
          alone,
        ),
      };
    }
    if (before(cursor, triggerRange.start)) return NOTHING;
  }

  const tokenPosition: Position = { line, character: tokenStart };
  let wordIndex = 0;
  for (const word of target.words) {
    if (before(word.range.start, tokenPosition)) wordIndex++;
    else break;
  }
  if (token.startsWith('-') && wordIndex === 0) {
    if (space) return NOTHING;
    const labs = doc.directives.some((d) => d.name === 'syntax' && d.value.includes('labs'));
    return {
      items: flagCompletions({
        keyword: target.keyword,
        flags: target.flags,
        token,
        line,
        tokenStart,
        labs,
        stageNames: () => stageNamesBefore(model, index),
        at,
      }),
    };
  }
  const word = {
    range: { start: { line, character: tokenStart }, end: { line, character: tokenEnd } },
    last: lineText.slice(tokenEnd).trim() === '',
  };
  return argumentItems(model, index, target, wordIndex, token, line, tokenStart, at, word);
}

/** Items for the images the client reported, at the slot `completionAt` gave. */
export function imageCompletionItems(slot: ImageSlot, images: readonly ImageEntry[]): CompletionItem[] {
  const prefix = slot.prefix;
  const slash = prefix.lastIndexOf('/');
  const colon = prefix.indexOf(':', slash + 1);
  if (colon >= 0) {
    const name = prefix.slice(0, colon);
    const range = {
      start: { line: slot.line, character: slot.start + colon + 1 },
      end: { line: slot.line, character: slot.end },
    };
    // The daemon's tags first, then the registry's ones it does not have.
    const items: CompletionItem[] = [];
    const seen = new Set<string>();
    for (const image of images) {
      if (image.name !== name) continue;
      for (const tag of image.tags) {
        if (seen.has(tag)) continue;
        seen.add(tag);
        items.push({
          label: tag,
          kind: CompletionItemKind.Constant,
          detail: `${name}:${tag} (${image.registry === undefined ? 'local image' : `on ${image.registry}`})`,
          sortText: String(items.length).padStart(4, '0'),
          textEdit: { range, newText: tag },
        });
      }
    }
    return items;
  }
  const range = {
    start: { line: slot.line, character: slot.start },
    end: { line: slot.line, character: slot.end },
  };
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const image of images) {
    if (seen.has(image.name)) continue;
    seen.add(image.name);
    items.push({
      label: image.name,
      kind: CompletionItemKind.Module,
      detail: imageDetail(image),
      sortText: `z${image.name}`,
      textEdit: { range, newText: image.name },
    });
  }
  return items;
}

function imageDetail(image: ImageEntry): string {
  if (image.registry !== undefined) return `Repository on ${image.registry}`;
  const shown = image.tags.slice(0, 5).join(', ');
  const more = image.tags.length > 5 ? `, … (${image.tags.length} tags)` : '';
  return image.tags.length > 0 ? `Local image: ${shown}${more}` : 'Local image';
}
