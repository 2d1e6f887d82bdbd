// Code actions: for each diagnostic of ours in the request, its quick fix (looked up by the
// diagnostic's code, never its message) and the action that ignores its rule here; for the FROM
// lines in the range, "pin to digest" when the daemon's details for the image are at hand.
// Every action carries its edit: nothing round-trips through a command.
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { diagnosticSource } from '../../shared/protocol';
import type { ImageDetails } from '../../shared/imageDetails';
import type { Dockerfile, Range } from '../syntax/ast';
import { ignoreFix } from './codeActionIgnore';
import { pinFix, unpinnedImagesIn } from './codeActionPin';
import { type Fix, type FixMaker, siteOf } from './codeActionSupport';
import { CASING_FIXES } from './quickFixCasing';
import { COMMAND_FIXES } from './quickFixCommands';
import { INSTRUCTION_FIXES } from './quickFixes';
import { SUGGESTION_FIXES } from './quickFixSuggestions';

export interface CodeActionInput {
  readonly uri: string;
  readonly range: Range;
  /** The diagnostics the editor sends with the request (those of other sources are left alone). */
  readonly diagnostics: readonly Diagnostic[];
  /** The kinds the editor asks for; every kind when absent. */
  readonly only?: readonly string[];
  /** What the daemon knows about FROM images, by the reference it was asked for. */
  readonly images?: ReadonlyMap<string, ImageDetails>;
}

/** Every quick fix maker, by the diagnostic code it answers. */
const FIXES: ReadonlyMap<string, FixMaker> = new Map([
  ...CASING_FIXES,
  ...INSTRUCTION_FIXES,
  ...SUGGESTION_FIXES,
  ...COMMAND_FIXES,
]);

/** The codes that have a quick fix. */
export const FIXABLE_CODES: readonly string[] = [...FIXES.keys()];

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return only === undefined || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`));
}

function toAction(uri: string, fix: Fix, kind: string, diagnostic?: Diagnostic): CodeAction {
  const edit: WorkspaceEdit = { changes: { [uri]: [...fix.edits] } };
  return {
    title: fix.title,
    kind,
    ...(diagnostic !== undefined ? { diagnostics: [diagnostic] } : {}),
    ...(fix.preferred === true ? { isPreferred: true } : {}),
    edit,
  };
}

/** A fix maker's answer; a maker that fails on an odd parse offers nothing rather than failing the request. */
function guarded(make: () => Fix | undefined): Fix | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/** The quick fix for one diagnostic code at a range, if the code has an obvious one there. */
export function quickFixFor(doc: Dockerfile, code: string, range: Range): Fix | undefined {
  const site = siteOf(doc, range);
  return guarded(() => FIXES.get(code)?.(site));
}

/** Whether the actions may need the daemon's image details (the range touches a FROM image). */
export function imagesToAsk(doc: Dockerfile, range: Range, only?: readonly string[]): string[] {
  if (!wanted(CodeActionKind.RefactorRewrite, only)) return [];
  return [...new Set(unpinnedImagesIn(doc, range).map((image) => image.reference))];
}

/** Every code action for a range of a parsed Dockerfile. Never throws on any parse. */
export function codeActions(doc: Dockerfile, input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, input.only)) {
    const fixes = new Map<string, CodeAction>();
    const ignores: CodeAction[] = [];
    for (const diagnostic of input.diagnostics) {
      const code = diagnostic.code;
      if (typeof code !== 'string') continue;
      if (diagnostic.source !== undefined && diagnostic.source !== diagnosticSource) continue;
      const site = siteOf(doc, diagnostic.range);
      const fix = guarded(() => FIXES.get(code)?.(site));
      if (fix !== undefined) {
        // Two rules with the same fix (a BuildKit check and its hadolint twin) share one action.
        const key = JSON.stringify(fix.edits);
        const twin = fixes.get(key);
        if (twin !== undefined) twin.diagnostics = [...(twin.diagnostics ?? []), diagnostic];
        else fixes.set(key, toAction(input.uri, fix, CodeActionKind.QuickFix, diagnostic));
      }
      const ignore = guarded(() => ignoreFix(site, code));
      if (ignore !== undefined)
        ignores.push(toAction(input.uri, ignore, CodeActionKind.QuickFix, diagnostic));
    }
    // Fixes first, then the ways to silence a rule; the same ignore edit is offered once.
    actions.push(...fixes.values());
    const seen = new Set<string>();
    for (const ignore of ignores) {
      const key = JSON.stringify(ignore.edit);
      if (seen.has(key)) continue;
      seen.add(key);
      actions.push(ignore);
    }
  }
  const images = input.images;
  if (images !== undefined && images.size > 0 && wanted(CodeActionKind.RefactorRewrite, input.only)) {
    for (const image of unpinnedImagesIn(doc, input.range)) {
      const details = images.get(image.reference);
      const fix = details === undefined ? undefined : guarded(() => pinFix(image, details));
      if (fix !== undefined) actions.push(toAction(input.uri, fix, CodeActionKind.RefactorRewrite));
    }
  }
  return actions;
}
