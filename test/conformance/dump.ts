// A test-only dump of our syntax tree in BuildKit's S-expression form (its AST.Dump()), so the
// parser can be compared with BuildKit's own expected results.
import type { Dockerfile, Instruction } from '../../src/server/syntax/ast';

/** Go's strconv.Quote for the characters that differ from JSON. */
const quote = (value: string): string =>
  JSON.stringify(value).replace(/\\u00([01][0-9a-f])/g, (_, hex: string) =>
    hex === '07' ? '\\a' : hex === '0b' ? '\\v' : `\\x${hex}`,
  );

function splitWhitespace(text: string): string[] {
  return text === '' ? [] : text.split(/[\t\v\f\r ]+/);
}

function nextValues(instruction: Instruction): string[] {
  const { argText, json } = instruction;
  switch (instruction.keyword) {
    case 'FROM':
    case 'EXPOSE':
      return splitWhitespace(argText);
    case 'ADD':
    case 'COPY':
    case 'VOLUME':
      return json !== undefined ? [...json] : splitWhitespace(argText);
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      return json !== undefined ? [...json] : argText === '' ? [] : [argText];
    case 'ENV':
    case 'LABEL':
      return instruction.pairs.flatMap((pair) => [pair.key, pair.value ?? '', pair.legacy ? '' : '=']);
    case 'ARG':
      return instruction.words.map((word) => word.text);
    case 'HEALTHCHECK': {
      if (argText === '') return [];
      const type = /^\S+/.exec(argText)?.[0] ?? '';
      const rest = argText.slice(type.length).trim();
      return [type, ...(json !== undefined ? json : rest === '' ? [] : [rest])];
    }
    case 'MAINTAINER':
    case 'STOPSIGNAL':
    case 'USER':
    case 'WORKDIR':
      return argText === '' ? [] : [argText];
    default:
      return [];
  }
}

/** One instruction as BuildKit's Node.Dump() prints it. */
export function dumpInstruction(instruction: Instruction): string {
  let out = instruction.keyword.toLowerCase();
  if (instruction.flags.length > 0) {
    out += ` [${instruction.flags.map((flag) => quote(flag.text)).join(' ')}]`;
  }
  if (instruction.keyword === 'ONBUILD' && instruction.trigger !== undefined) {
    return `${out} (${dumpInstruction(instruction.trigger)})`;
  }
  for (const value of nextValues(instruction)) out += ` ${quote(value)}`;
  return out.trim();
}

/** The whole file as BuildKit's AST.Dump() + "\n". */
export function dumpDockerfile(doc: Dockerfile): string {
  return doc.instructions.map((instruction) => `(${dumpInstruction(instruction)})\n`).join('');
}
