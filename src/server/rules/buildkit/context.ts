// What every check family works with: the parse, the stage model, the options in force, and the
// runner that applies `# check=` and keeps the warnings in BuildKit's shape.
import type { Dockerfile, Instruction, Range } from '../../syntax/ast';
import { metaScope, type MetaScope, type WordExpander } from '../../semantics/scope';
import type { StageModel } from '../../semantics/stages';
import { commentCheckOptions, commentsAbove, ruleEnabled, type CheckConfig } from './checkDirective';
import type { BuildkitRule } from './rules';

export interface CheckWarning {
  readonly rule: BuildkitRule;
  /** BuildKit's detail text. */
  readonly detail: string;
  readonly range: Range;
}

export interface CheckOptions {
  /** Build arguments, as `--build-arg` passes them. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** The text of the build context's .dockerignore. */
  readonly dockerignore?: string;
  /** The document's stages, when the caller has them already. */
  readonly stages?: StageModel;
}

export class CheckContext {
  readonly warnings: CheckWarning[] = [];
  /** The rules that fired, in order (for `error=true`). */
  readonly fired: string[] = [];
  private readonly localConfigs = new Map<Instruction, CheckConfig | undefined>();
  private readonly commentBlocks = new Map<Instruction, string[]>();
  private readonly suggestionBudget = { left: SUGGESTION_BUDGET };
  private metaWithBuildArgs: MetaScope | undefined;
  private metaByDefault: MetaScope | undefined;
  /** The last line of the parser directives at the top, -1 without any. */
  private readonly directivesEnd: number;

  constructor(
    readonly doc: Dockerfile,
    readonly stages: StageModel,
    readonly config: CheckConfig,
    readonly options: CheckOptions,
    readonly expand: WordExpander,
  ) {
    let end = -1;
    for (const directive of doc.directives) end = Math.max(end, directive.range.start.line);
    this.directivesEnd = end;
  }

  /** The global ARGs evaluated with the build arguments, as the stages see them. */
  get meta(): MetaScope {
    this.metaWithBuildArgs ??= metaScope(this.stages, this.expand, { buildArgs: this.options.buildArgs });
    return this.metaWithBuildArgs;
  }

  /** The global ARGs with only the defaults written in the file. */
  get metaDefaults(): MetaScope {
    // Without build arguments both evaluations are the same.
    const buildArgs = this.options.buildArgs;
    if (buildArgs === undefined || Object.keys(buildArgs).length === 0) return this.meta;
    this.metaByDefault ??= metaScope(this.stages, this.expand, {}, false);
    return this.metaByDefault;
  }

  /**
   * BuildKit's did-you-mean, within this document's comparison budget. The options are only
   * asked for while some budget is left (with none left there is never a suggestion).
   */
  suggest(word: string, options: () => Iterable<string>): string | undefined {
    if (this.suggestionBudget.left <= 0) return undefined;
    return suggestName(word, options(), this.suggestionBudget);
  }

  /** The comment block right above an instruction. */
  comments(instruction: Instruction): string[] {
    let block = this.commentBlocks.get(instruction);
    if (block === undefined) {
      block = commentsAbove(this.doc, instruction, this.directivesEnd);
      this.commentBlocks.set(instruction, block);
    }
    return block;
  }

  /** The `# check=` options written just above an instruction, if any. */
  localConfig(instruction: Instruction): CheckConfig | undefined {
    if (!this.localConfigs.has(instruction)) {
      this.localConfigs.set(instruction, commentCheckOptions(this.comments(instruction)));
    }
    return this.localConfigs.get(instruction);
  }

  /**
   * Reports a warning unless the options skip the rule. `governing` is the instruction whose own
   * `# check=` comment also applies; checks BuildKit runs on the whole file pass none.
   */
  report(rule: BuildkitRule, range: Range, detail: string, governing?: Instruction): void {
    const local = governing === undefined ? undefined : this.localConfig(governing);
    if (!ruleEnabled(rule.name, rule.experimental, this.config, local)) return;
    this.fired.push(rule.name);
    this.warnings.push({ rule, detail, range });
  }

  /** The first line of an instruction, from its keyword to the end of that line. */
  headRange(instruction: Instruction): Range {
    const start = instruction.range.start;
    const text = this.doc.lines[start.line] ?? '';
    return { start, end: { line: start.line, character: text.trimEnd().length } };
  }

  /** `range` when it starts on the instruction's first line, else the instruction's head. */
  onHead(instruction: Instruction, range: Range | undefined): Range {
    return range !== undefined && range.start.line === instruction.range.start.line
      ? range
      : this.headRange(instruction);
  }
}

/** Levenshtein distance when it is at most `limit`, else `limit + 1` (a band around the diagonal). */
function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(limit + 1);
    current[0] = i;
    let best = current[0];
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? limit + 1) + 1,
        (current[j - 1] ?? limit + 1) + 1,
        (previous[j - 1] ?? limit + 1) + cost,
      );
      best = Math.min(best, current[j] ?? limit + 1);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit + 1, limit + 1);
}

/** How many name comparisons did-you-mean may make per document, so huge files stay linear. */
const SUGGESTION_BUDGET = 200_000;

/** BuildKit's did-you-mean for names: the first closest option within an edit distance of 2. */
export function suggestName(
  word: string,
  options: Iterable<string>,
  budget: { left: number } = { left: Infinity },
): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const option of options) {
    if (option === word) return undefined;
    if (budget.left <= 0) return undefined;
    budget.left--;
    const distance = boundedDistance(word, option, bestDistance - 1);
    if (distance < bestDistance) {
      best = option;
      bestDistance = distance;
    }
  }
  return best;
}
