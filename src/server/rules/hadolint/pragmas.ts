// hadolint's inline pragmas, read from comment text:
//   # hadolint ignore=DL3008,SC2086        the next line
//   # hadolint global ignore=DL3006        the whole file
//   # hadolint stage ignore=DL3011         below the next line, to the end of the stage
//   # hadolint shell=powershell            the shell used to judge RUN scripts
// hadolint's grammar: the words are lower case and separated by spaces or tabs (at least one
// after `hadolint` and after `global`/`stage`, any around `=` and the commas); a rule name is a
// run of the letters D, L, S, C and digits; a `# comment` may follow a name. Anything else (a
// lower-case code, a stray word, a trailing comma) makes the whole comment an ordinary one.

export type PragmaScope = 'next' | 'global' | 'stage';

export type Pragma =
  | { readonly kind: 'ignore'; readonly scope: PragmaScope; readonly codes: readonly string[] }
  | { readonly kind: 'shell'; readonly shell: string };

const PRAGMA_START = /^[ \t]*hadolint[ \t]+/;
const SCOPE = /^(global|stage)[ \t]+/;
const IGNORE = /^ignore[ \t]*=[ \t]*/;
const SHELL = /^shell[ \t]*=[ \t]*([^\s]+)/;
const RULE_NAME = /^[DLSC0-9]+/;
/** Spaces and tabs, then an optional `# …` running to the end of the text. */
const INLINE_COMMENT = /^[ \t]*(#.*)?/;
const SEPARATOR = /^[ \t]*,[ \t]*/;

/** Reads a pragma from one comment's text (with or without the leading `#`); undefined if none. */
export function parsePragma(comment: string): Pragma | undefined {
  let text = comment.trimEnd();
  const hash = /^[ \t]*#/.exec(text);
  if (hash) text = text.slice(hash[0].length);
  const start = PRAGMA_START.exec(text);
  if (!start) return undefined;
  text = text.slice(start[0].length);

  const shell = SHELL.exec(text);
  if (shell) {
    const rest = text.slice(shell[0].length);
    return restIsComment(rest) ? { kind: 'shell', shell: shell[1] } : undefined;
  }

  let scope: PragmaScope = 'next';
  const scoped = SCOPE.exec(text);
  if (scoped) {
    scope = scoped[1] as PragmaScope;
    text = text.slice(scoped[0].length);
  }
  const ignore = IGNORE.exec(text);
  if (!ignore) return undefined;
  text = text.slice(ignore[0].length);
  const codes: string[] = [];
  for (;;) {
    const name = RULE_NAME.exec(text);
    if (!name) return undefined;
    codes.push(name[0]);
    text = text.slice(name[0].length);
    // A comment after a name ends the list.
    const comment = INLINE_COMMENT.exec(text)?.[0] ?? '';
    text = text.slice(comment.length);
    if (comment.includes('#')) break;
    const separator = SEPARATOR.exec(text);
    if (!separator) break;
    text = text.slice(separator[0].length);
  }
  return text === '' ? { kind: 'ignore', scope, codes } : undefined;
}

function restIsComment(rest: string): boolean {
  return (INLINE_COMMENT.exec(rest)?.[0] ?? '').length === rest.length;
}
