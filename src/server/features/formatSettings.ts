// The formatter's settings (section `dockwright.dockerfile.format`), validated, and the indentation
// unit that the request's FormattingOptions ask for.
import type { FormattingOptions } from 'vscode-languageserver-types';

/** `indent`: continuation lines get one unit of indentation; `keep`: they stay as written. */
export type ContinuationIndent = 'indent' | 'keep';

export interface FormatSettings {
  readonly continuationIndent: ContinuationIndent;
  /** Upper-case instruction keywords (and the keyword of an ONBUILD trigger). */
  readonly uppercaseKeywords: boolean;
}

/** The configuration section the handler reads. */
export const formatSettingsSection = 'dockwright.dockerfile.format';

export const DEFAULT_FORMAT_SETTINGS: FormatSettings = {
  continuationIndent: 'indent',
  uppercaseKeywords: true,
};

/** Reads whatever the client sent; anything missing or malformed falls back to the default. */
export function readFormatSettings(raw: unknown): FormatSettings {
  if (raw === null || typeof raw !== 'object') return DEFAULT_FORMAT_SETTINGS;
  const value = raw as Record<string, unknown>;
  const indent = value.continuationIndent;
  return {
    continuationIndent:
      indent === 'indent' || indent === 'keep' ? indent : DEFAULT_FORMAT_SETTINGS.continuationIndent,
    uppercaseKeywords:
      typeof value.uppercaseKeywords === 'boolean'
        ? value.uppercaseKeywords
        : DEFAULT_FORMAT_SETTINGS.uppercaseKeywords,
  };
}

/** What the formatter reads of a request's FormattingOptions. */
export type IndentOptions = Pick<FormattingOptions, 'tabSize' | 'insertSpaces'>;

/** One unit of indentation: a tab, or tabSize spaces (at least one, so words never join). */
export function indentUnit(options: IndentOptions): string {
  if (options.insertSpaces === false) return '\t';
  const size = Number.isFinite(options.tabSize) ? Math.floor(options.tabSize) : 4;
  return ' '.repeat(Math.min(Math.max(size, 1), 32));
}
