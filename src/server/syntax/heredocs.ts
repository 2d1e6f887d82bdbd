// Heredoc markers (`<<EOF`, `<<-"EOF"`, `3<<EOF`) as BuildKit recognises them on an instruction
// line, with the offsets of each marker.
import { splitQuoted } from './words';

/** A heredoc marker found on a line: what BuildKit knows before reading the body. */
export interface HeredocMarker {
  readonly name: string;
  readonly expand: boolean;
  readonly chomp: boolean;
  readonly fileDescriptor: number;
  readonly start: number;
  readonly end: number;
}

export type MarkerResult =
  { ok: true; marker: Omit<HeredocMarker, 'start' | 'end'> | undefined } | { ok: false; error: string };

const MARKER = /^(\d*)<<(-?)([^<]*)$/;

/** Removes quotes and escapes from a word list the way the shell lexer does (no expansion). */
function unquoteWords(text: string): { words: string[]; quotes: number } | { error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quotes = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return { error: `unexpected end of statement while looking for matching ${ch}` };
      quotes += 2;
      let inner = text.slice(i + 1, close);
      if (ch === '"') inner = inner.replace(/\\(["\\$`])/g, '$1');
      word += inner;
      i = close;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      i++;
      word += text[i] ?? '';
      continue;
    }
    word += ch;
  }
  if (inWord) words.push(word);
  return { words, quotes };
}

/** BuildKit's ParseHeredoc: a marker, undefined when the word is not one, or an error. */
export function parseHeredocWord(word: string): MarkerResult {
  const match = MARKER.exec(word);
  if (match === null) return { ok: true, marker: undefined };
  const rest = match[3] ?? '';
  if (rest === '') return { ok: true, marker: undefined };
  const read = unquoteWords(rest);
  if ('error' in read) return { ok: false, error: read.error };
  if (read.words.length !== 1) return { ok: true, marker: undefined };
  return {
    ok: true,
    marker: {
      name: read.words[0] ?? '',
      // Any quoting of the delimiter means the body is taken literally.
      expand: read.quotes === 0,
      chomp: match[2] === '-',
      fileDescriptor: match[1] === '' ? 0 : Number(match[1]),
    },
  };
}

/** Finds the heredoc markers of a logical instruction line, in order. */
export function heredocMarkers(line: string): { markers: HeredocMarker[]; error?: string } {
  const markers: HeredocMarker[] = [];
  const words = splitQuoted(line, '\\');
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    if (word === undefined) continue;
    // `<< EOF` and `<<- EOF`: the delimiter may stand apart from the operator.
    const next = words[i + 1];
    if (/^\d*<<-?$/.test(word.text) && next !== undefined) {
      word = { text: line.slice(word.start, next.end), start: word.start, end: next.end };
      i++;
    }
    const parsed = parseHeredocWord(word.text);
    if (!parsed.ok) return { markers, error: parsed.error };
    if (parsed.marker !== undefined) {
      markers.push({ ...parsed.marker, start: word.start, end: word.end });
    }
  }
  return { markers };
}

/** Strips the leading tabs of every line, as `<<-` does. */
export function chompHeredoc(content: string): string {
  return content.replace(/^\t+/gm, '');
}
