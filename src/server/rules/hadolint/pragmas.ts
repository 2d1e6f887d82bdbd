// hadolint's inline pragmas, read from comment text:
//   # hadolint ignore=DL3008,SC2086        the next instruction only
//   # hadolint global ignore=DL3006        the whole file
//   # hadolint stage ignore=DL3011         until the next FROM
//   # hadolint shell=powershell            the shell used to judge RUN scripts
// A trailing `# comment` is allowed; one malformed code invalidates the whole pragma, as in hadolint.

export type PragmaScope = 'next' | 'global' | 'stage';

export type Pragma =
  | { readonly kind: 'ignore'; readonly scope: PragmaScope; readonly codes: readonly string[] }
  | { readonly kind: 'shell'; readonly shell: string };

const RULE_CODE = /^(DL|SC)[0-9]+$/;

/** Reads a pragma from one comment's text (with or without the leading `#`); undefined if none. */
export function parsePragma(comment: string): Pragma | undefined {
  let text = comment.trimStart();
  if (text.startsWith('#')) text = text.slice(1);
  text = text.trim();
  if (!/^hadolint\b/.test(text)) return undefined;
  text = text.slice('hadolint'.length).trim();
  const trailing = text.indexOf('#');
  if (trailing >= 0) text = text.slice(0, trailing).trim();

  let scope: PragmaScope = 'next';
  const scoped = /^(global|stage)\s+/.exec(text);
  if (scoped) {
    scope = scoped[1] as PragmaScope;
    text = text.slice(scoped[0].length);
  }
  const assignment = /^(ignore|shell)\s*=\s*(.*)$/.exec(text);
  if (!assignment) return undefined;
  const value = assignment[2].trim();
  if (assignment[1] === 'shell') {
    return scope === 'next' && /^\S+$/.test(value) ? { kind: 'shell', shell: value } : undefined;
  }
  const codes = value.split(',').map((code) => code.trim());
  if (codes.length === 0 || !codes.every((code) => RULE_CODE.test(code))) return undefined;
  return { kind: 'ignore', scope, codes };
}
