import { instructionKeywords, scanInstructions, type Span } from '../syntax/instructions';
import { closest } from './suggest';

/** A diagnostic before it is turned into LSP shape: plain data, easy to test. */
export interface Finding {
  code: string;
  message: string;
  span: Span;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** Where the rule is documented. */
  href: string;
}

const known = new Set<string>(instructionKeywords);

/** DW001: an instruction keyword that `docker build` rejects, with a did-you-mean. */
export function unknownInstructions(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const head of scanInstructions(text)) {
    const upper = head.keyword.toUpperCase();
    if (known.has(upper)) {
      continue;
    }
    const guess = closest(upper, instructionKeywords);
    findings.push({
      code: 'DW001',
      message: `unknown instruction: ${head.keyword}${guess !== undefined ? ` (did you mean ${guess}?)` : ''}`,
      span: head.keywordSpan,
      severity: 'error',
      href: 'https://docs.docker.com/reference/dockerfile/#overview',
    });
  }
  return findings;
}
