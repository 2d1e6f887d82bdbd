// The formatter's settings (section `dockwright.dockerfile.format`), validated, and the indentation
// unit that the request's FormattingOptions ask for.
import type { FormattingOptions } from 'vscode-languageserver-types';

/**
 * `indent`: the shallowest continuation line gets one unit and the others keep how much deeper
 * they were; `flat`: every continuation line gets one unit; `keep`: they stay as written.
 */
export type ContinuationIndent = 'indent' | 'flat' | 'keep';

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
      indent === 'indent' || indent === 'flat' || indent === 'keep'
        ? indent
        : DEFAULT_FORMAT_SETTINGS.continuationIndent,
    uppercaseKeywords:
      typeof value.uppercaseKeywords === 'boolean'
        ? value.uppercaseKeywords
        : DEFAULT_FORMAT_SETTINGS.uppercaseKeywords,
  };
}

/** What the formatter reads of a request's FormattingOptions. */
export type IndentOptions = Pick<FormattingOptions, 'tabSize' | 'insertSpaces'>;

/** The tab size the options ask for, kept between 1 and 32 (4 when it is not a number). */
function tabSizeOf(options: IndentOptions): number {
  const size = Number.isFinite(options.tabSize) ? Math.floor(options.tabSize) : 4;
  return Math.min(Math.max(size, 1), 32);
}

/** One unit of indentation: a tab, or tabSize spaces (at least one, so words never join). */
export function indentUnit(options: IndentOptions): string {
  return options.insertSpaces === false ? '\t' : ' '.repeat(tabSizeOf(options));
}

/** How indentation is measured and written for one request. */
export interface IndentStyle {
  /** One unit of indentation. */
  readonly unit: string;
  /** The columns one unit takes. */
  readonly width: number;
  /** The columns a tab advances to (the next multiple of it). */
  readonly tabSize: number;
  /** Write indentation as tabs, then the remaining columns as spaces. */
  readonly tabs: boolean;
}

/** The indentation style of a request's FormattingOptions. */
export function indentStyle(options: IndentOptions): IndentStyle {
  const tabSize = tabSizeOf(options);
  const tabs = options.insertSpaces === false;
  return { unit: indentUnit(options), width: tabSize, tabSize, tabs };
}

/** Indentation `columns` wide in the given style. */
export function indentText(style: IndentStyle, columns: number): string {
  if (!style.tabs) return ' '.repeat(columns);
  return '\t'.repeat(Math.floor(columns / style.tabSize)) + ' '.repeat(columns % style.tabSize);
}
