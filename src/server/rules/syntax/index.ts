// Everything `docker build` rejects before it runs a step: the parser's own problems, unknown
// instructions, argument counts and forms, flags and their values. ONBUILD triggers are checked
// too, as warnings: BuildKit accepts them now and fails only the builds that start FROM the image.
import type { Dockerfile, Instruction, Range, SyntaxProblem } from '../../syntax/ast';
import { parseCheckOptions } from '../buildkit/checkDirective';
import { stagesOf, type StageModel } from '../../semantics/stages';
import type { Finding } from '../finding';
import { checkFromValues } from './fromValues';
import { checkInstruction } from './instructions';
import { checkStageRefs } from './stageRefs';
import { DOCS, report, syntaxVersion, type Sink } from './support';

/** The codes of the syntax rule set and what each one means. */
export const codes: Readonly<Record<string, string>> = {
  DW001: 'Unknown instruction (with a did-you-mean).',
  DW002: 'Parser directive error: repeated directive, invalid escape character or check options.',
  DW003: 'File with no instructions.',
  DW004: 'ENV or LABEL pair that is not name=value (or a legacy name value).',
  DW005: 'JSON array holding something other than strings.',
  DW006: 'Unterminated heredoc.',
  DW007: 'Malformed heredoc marker.',
  DW010: 'Wrong number of arguments for the instruction.',
  DW011:
    'Argument in a form the instruction rejects (SHELL not JSON, blank names, heredoc as destination, unknown HEALTHCHECK type, URL or Git source in COPY, unknown STOPSIGNAL).',
  DW012: 'Invalid build stage name.',
  DW013: 'Instruction not allowed as an ONBUILD trigger.',
  DW014: 'EXPOSE port or protocol that cannot be parsed.',
  DW015: 'Instruction outside any build stage, or no stage at all.',
  DW016:
    'COPY --from or RUN --mount from= naming a stage index that does not exist, or stages depending on each other in a cycle.',
  DW017:
    'FROM whose image name or --platform expands to nothing, or to no platform, whatever the build arguments.',
  DW020: 'Unknown flag for the instruction (with a did-you-mean).',
  DW021: 'Flag given twice that may appear only once.',
  DW022: 'Flag without its value, or a switch whose value is not true or false.',
  DW023: 'Invalid flag value (network, security, durations, retries, chmod, checksum).',
  DW024: 'Invalid RUN --mount value.',
  DW025: 'Flag that the Dockerfile syntax version named in `# syntax=` does not have.',
  DW026: 'Invalid RUN --device value.',
};

const PROBLEM_ANCHORS: Readonly<Record<string, string>> = {
  DW002: 'parser-directives',
  DW004: 'env',
  DW005: 'shell-and-exec-form',
  DW006: 'here-documents',
  DW007: 'here-documents',
};

/** A parser problem as a finding of the syntax rule set. */
export function problemFinding(problem: SyntaxProblem): Finding {
  const anchor = PROBLEM_ANCHORS[problem.code];
  return { ...problem, ruleSet: 'syntax', href: anchor === undefined ? DOCS : `${DOCS}#${anchor}` };
}

/** BuildKit rejects anything but ARG before the first FROM, and a file without FROM. */
function checkStages(sink: Sink, instructions: readonly Instruction[]): void {
  const firstFrom = instructions.findIndex((instruction) => instruction.keyword === 'FROM');
  const before = firstFrom < 0 ? instructions : instructions.slice(0, firstFrom);
  const stray = before.find((instruction) => instruction.keyword !== 'ARG');
  if (stray !== undefined) {
    report(sink, 'DW015', 'no build stage in current context', stray.keywordRange, 'from');
  } else if (firstFrom < 0 && instructions[0] !== undefined) {
    report(sink, 'DW015', 'dockerfile contains no stages to build', instructions[0].keywordRange, 'from');
  }
}

function positionKey(range: Range): string {
  return `${range.start.line}:${range.start.character}`;
}

/** BuildKit reads the `# check=` directive before anything else and stops when it cannot. */
function checkDirective(sink: Sink, doc: Dockerfile): void {
  const directive = doc.directives.find((d) => d.name === 'check');
  if (directive === undefined) return;
  const parsed = parseCheckOptions(directive.value);
  if (parsed.error === undefined) return;
  report(sink, 'DW002', `failed to parse check options: ${parsed.error}`, directive.valueRange, 'check');
}

/** Every syntax finding of a parsed Dockerfile. Never throws on any parse. */
/** `stages` is the document's stage model when the caller already has it. */
export function syntaxFindings(doc: Dockerfile, stages?: StageModel): Finding[] {
  const out: Finding[] = doc.problems.map(problemFinding);
  const syntax = syntaxVersion(doc);
  const sink: Sink = { severity: 'error', out, syntax };
  if (doc.directives.length > 0) checkDirective(sink, doc);
  const triggers: Sink = { severity: 'warning', out, syntax };
  // BuildKit's parser stops at an instruction it cannot read (bad JSON, a lone ENV name), so
  // the instruction's own checks would only repeat that error in other words.
  const unreadable = new Set<string>();
  for (const problem of doc.problems) {
    if (problem.code === 'DW004' || problem.code === 'DW005') unreadable.add(positionKey(problem.range));
  }
  const readable = (instruction: Instruction): boolean =>
    unreadable.size === 0 || !unreadable.has(positionKey(instruction.keywordRange));
  const checkTrigger = (trigger: Instruction): void => {
    if (readable(trigger)) checkInstruction(triggers, trigger, () => undefined);
  };
  let unknown = false;
  for (const instruction of doc.instructions) {
    if (!readable(instruction)) continue;
    const before = out.length;
    checkInstruction(sink, instruction, checkTrigger);
    for (let i = before; i < out.length && !unknown; i++) if (out[i]?.code === 'DW001') unknown = true;
  }
  // An unknown instruction is the error BuildKit stops at; stage errors would only add noise.
  if (!unknown) {
    checkStages(sink, doc.instructions);
    const model = stages ?? stagesOf(doc.instructions);
    checkStageRefs(sink, doc.instructions, model);
    checkFromValues(sink, doc, model);
  }
  return out;
}
