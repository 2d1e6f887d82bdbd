// Glue for textDocument/formatting, rangeFormatting and onTypeFormatting: the settings of the
// document's scope (defaults when the client cannot say), the cached parse and the format feature.
import type { Position, TextEdit } from 'vscode-languageserver/node';
import { formatDocument, formatOnType, formatRange } from '../features/format';
import {
  DEFAULT_FORMAT_SETTINGS,
  formatSettingsSection,
  readFormatSettings,
  type FormatSettings,
} from '../features/formatSettings';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureHandler, HandlerHost } from './host';

/** The format settings for the document's scope; the defaults when the client cannot answer. */
async function settingsFor(host: HandlerHost, uri: string): Promise<FormatSettings> {
  try {
    const raw: unknown = await host.connection.workspace.getConfiguration({
      scopeUri: uri,
      section: formatSettingsSection,
    });
    return readFormatSettings(raw);
  } catch {
    return DEFAULT_FORMAT_SETTINGS;
  }
}

/**
 * The parse sees the text without a byte-order mark while the editor counts it: positions on the
 * first line move by one between the two.
 */
function bomShift(document: TextDocument): number {
  const first = document.getText({ start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  return first.charCodeAt(0) === 0xfeff ? 1 : 0;
}

function toParse(position: Position, shift: number): Position {
  return position.line === 0 && shift > 0
    ? { line: 0, character: Math.max(0, position.character - shift) }
    : position;
}

function toEditor(edits: TextEdit[], shift: number): TextEdit[] {
  if (shift === 0) return edits;
  const move = (position: Position): Position =>
    position.line === 0 ? { line: 0, character: position.character + shift } : position;
  return edits.map((edit) => ({
    range: { start: move(edit.range.start), end: move(edit.range.end) },
    newText: edit.newText,
  }));
}

export const formattingHandler: FeatureHandler = {
  capabilities: {
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    documentOnTypeFormattingProvider: { firstTriggerCharacter: '\n', moreTriggerCharacter: ['\\', '`'] },
  },
  register(host) {
    // The settings are asked for first: the parse is taken after, so the edits fit the version
    // the editor has now.
    host.connection.onDocumentFormatting(async (params, token) => {
      const settings = await settingsFor(host, params.textDocument.uri);
      const parsed = await host.parsed(params.textDocument.uri, token);
      if (parsed === undefined) return null;
      const shift = bomShift(parsed.document);
      return toEditor(formatDocument(parsed.doc, params.options, settings), shift);
    });
    host.connection.onDocumentRangeFormatting(async (params, token) => {
      const settings = await settingsFor(host, params.textDocument.uri);
      const parsed = await host.parsed(params.textDocument.uri, token);
      if (parsed === undefined) return null;
      const shift = bomShift(parsed.document);
      const range = { start: toParse(params.range.start, shift), end: toParse(params.range.end, shift) };
      return toEditor(formatRange(parsed.doc, range, params.options, settings), shift);
    });
    host.connection.onDocumentOnTypeFormatting(async (params, token) => {
      const settings = await settingsFor(host, params.textDocument.uri);
      const parsed = await host.parsed(params.textDocument.uri, token);
      if (parsed === undefined) return null;
      const shift = bomShift(parsed.document);
      const position = toParse(params.position, shift);
      return toEditor(formatOnType(parsed.doc, position, params.ch, params.options, settings), shift);
    });
  },
};
