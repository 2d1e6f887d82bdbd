// A parsed tree as plain data, lazy fields included, so that two parses can be compared whole.
import type { Dockerfile, Instruction } from '../../../src/server/syntax/ast';

/** Everything a tree says, lazy fields included, as plain data to compare. */
export function snapshot(doc: Dockerfile): unknown {
  const instruction = (node: Instruction): unknown => ({
    keyword: node.keyword,
    keywordText: node.keywordText,
    keywordRange: node.keywordRange,
    range: node.range,
    argText: node.argText,
    argRange: node.argRange,
    positions: [0, node.argText.length >> 1, node.argText.length].map((offset) => node.positionAt(offset)),
    json: node.json,
    flags: node.flags.map((flag) => ({
      name: flag.name,
      value: flag.value,
      text: flag.text,
      range: flag.range,
      nameRange: flag.nameRange,
      valueRange: flag.valueRange,
    })),
    words: node.words.map((word) => ({ text: word.text, range: word.range })),
    pairs: node.pairs.map((pair) => ({
      key: pair.key,
      value: pair.value,
      legacy: pair.legacy,
      range: pair.range,
      keyRange: pair.keyRange,
      valueRange: pair.valueRange,
    })),
    heredocs: node.heredocs.map((heredoc) => ({ ...heredoc })),
    trigger: node.trigger === undefined ? undefined : instruction(node.trigger),
    comments: node.comments,
    original: node.original,
    emptyContinuationLines: node.emptyContinuationLines,
  });
  return {
    text: doc.text,
    lines: doc.lines,
    escape: doc.escape,
    directives: doc.directives,
    comments: doc.comments,
    problems: doc.problems,
    instructions: doc.instructions.map(instruction),
  };
}
