// "Ignore this rule here": a hadolint code (DL…, SC…) is switched off for one instruction with a
// `# hadolint ignore=CODE` line right above it (or by adding the code to such a line already
// there); a BuildKit check is skipped for the file through the `# check=skip=…` parser directive
// (extended when present, else a new directive line after any others at the very top).
import type { TextEdit } from 'vscode-languageserver-types';
import type { Dockerfile, Range } from '../syntax/ast';
import { parsePragma } from '../rules/hadolint/pragmas';
import { RULES } from '../rules/buildkit/rules';
import { type Fix, type FixSite, eolOf, insert } from './codeActionSupport';

const HADOLINT_CODE = /^(DL|SC)[0-9]+$/;
// `skip=` has no effect on experimental checks: they run only while `experimental=` names them.
const CHECK_NAMES = new Set<string>(
  Object.values(RULES)
    .filter((rule) => !rule.experimental)
    .map((rule) => rule.name),
);

/** `# hadolint ignore=…` above the instruction the diagnostic stands on. */
function ignoreHadolint(site: FixSite, code: string): Fix | undefined {
  const instruction = site.instruction;
  if (instruction === undefined) return undefined;
  const doc = site.doc;
  const line = instruction.range.start.line;
  const above = line > 0 ? doc.lines[line - 1] : undefined;
  const title = `Ignore ${code} for this instruction`;
  const pragma = above === undefined ? undefined : parsePragma(above);
  if (above !== undefined && pragma?.kind === 'ignore' && pragma.scope === 'next') {
    if (pragma.codes.includes(code)) return undefined;
    // The code list ends at a trailing `# comment` or the end of the line.
    const eq = above.indexOf('=');
    const hash = above.indexOf('#', eq);
    let end = hash < 0 ? above.length : hash;
    while (end > eq && (above[end - 1] === ' ' || above[end - 1] === '\t')) end--;
    return { title, edits: [insert({ line: line - 1, character: end }, `,${code}`)] };
  }
  const text = doc.lines[line] ?? '';
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  return {
    title,
    edits: [insert({ line, character: 0 }, `${indent}# hadolint ignore=${code}${eolOf(doc)}`)],
  };
}

/** Adds a check name to the `skip=` list of a `# check=` directive value written on `range`. */
function extendCheckDirective(doc: Dockerfile, valueRange: Range, name: string): TextEdit | undefined {
  const line = valueRange.start.line;
  const text = doc.lines[line] ?? '';
  const value = text.slice(valueRange.start.character, valueRange.end.character);
  let offset = 0;
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && part.slice(0, eq).trim() === 'skip') {
      const list = part.slice(eq + 1).trim();
      if (list === 'all' || list.split(',').some((item) => item.trim() === name)) return undefined;
      let end = part.length;
      while (end > eq + 1 && (part[end - 1] === ' ' || part[end - 1] === '\t')) end--;
      const at = valueRange.start.character + offset + end;
      return insert({ line, character: at }, list === '' ? name : `,${name}`);
    }
    offset += part.length + 1;
  }
  let end = value.length;
  while (end > 0 && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
  const trimmed = value.slice(0, end);
  const separator = trimmed === '' || trimmed.endsWith(';') ? '' : ';';
  return insert({ line, character: valueRange.start.character + end }, `${separator}skip=${name}`);
}

/** `# check=skip=NAME` for the whole file. */
function skipCheck(site: FixSite, name: string): Fix | undefined {
  const doc = site.doc;
  const title = `Skip the check ${name} in this file`;
  const directive = doc.directives.find((candidate) => candidate.name === 'check');
  if (directive !== undefined) {
    const edit = extendCheckDirective(doc, directive.valueRange, name);
    return edit === undefined ? undefined : { title, edits: [edit] };
  }
  let last = -1;
  for (const other of doc.directives) last = Math.max(last, other.range.end.line);
  const edit =
    last < 0
      ? insert({ line: 0, character: 0 }, `# check=skip=${name}${eolOf(doc)}`)
      : insert(
          { line: last, character: (doc.lines[last] ?? '').length },
          `${eolOf(doc)}# check=skip=${name}`,
        );
  return { title, edits: [edit] };
}

/** The "ignore" action for a diagnostic code, if its rule family has a way to be switched off here. */
export function ignoreFix(site: FixSite, code: string): Fix | undefined {
  if (HADOLINT_CODE.test(code)) return ignoreHadolint(site, code);
  if (CHECK_NAMES.has(code)) return skipCheck(site, code);
  return undefined;
}
