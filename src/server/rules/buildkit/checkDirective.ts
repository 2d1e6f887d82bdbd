// The `# check=` options: `skip=A,B|all`, `error=true`, `experimental=X|all`, read from the
// file's parser directive, from the BUILDKIT_DOCKERFILE_CHECK build argument (which replaces
// the directive), and from a `# check=` comment just above one instruction (which adds to the
// file's options for that instruction only).
import type { Dockerfile, Instruction } from '../../syntax/ast';

export interface CheckConfig {
  readonly skipAll: boolean;
  readonly skip: ReadonlySet<string>;
  readonly experimentalAll: boolean;
  readonly experimental: ReadonlySet<string>;
  /** `error=true`: any warning fails the build. */
  readonly error: boolean;
}

export const DEFAULT_CHECK_CONFIG: CheckConfig = {
  skipAll: false,
  skip: new Set(),
  experimentalAll: false,
  experimental: new Set(),
  error: false,
};

export type CheckParse = { config: CheckConfig; error?: undefined } | { config?: undefined; error: string };

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A Go-quoted string (enough for the option texts that appear in errors). */
function quote(text: string): string {
  return JSON.stringify(text);
}

function ruleList(value: string): Set<string> {
  return new Set(value.split(',').map((name) => name.trim()));
}

/** Parses a check option string as BuildKit does, with its error texts. */
export function parseCheckOptions(text: string): CheckParse {
  const trimmed = text.trim();
  if (trimmed === '') return { config: DEFAULT_CHECK_CONFIG };
  // At most three parts: whatever follows a third `;` stays in the last part.
  const parts: string[] = [];
  let rest = trimmed;
  while (parts.length < 2) {
    const semi = rest.indexOf(';');
    if (semi < 0) break;
    parts.push(rest.slice(0, semi));
    rest = rest.slice(semi + 1);
  }
  parts.push(rest);
  let skipAll = false;
  let skip = new Set<string>();
  let experimentalAll = false;
  let experimental = new Set<string>();
  let error = false;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return { error: `invalid check option ${quote(part)}` };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'skip') {
      if (value === 'all') skipAll = true;
      else skip = ruleList(value);
    } else if (key === 'experimental') {
      if (value === 'all') experimentalAll = true;
      else experimental = ruleList(value);
    } else if (key === 'error') {
      if (TRUE.has(value)) error = true;
      else if (FALSE.has(value)) error = false;
      else {
        return {
          error: `failed to parse check option ${quote(part)}: strconv.ParseBool: parsing ${quote(value)}: invalid syntax`,
        };
      }
    } else {
      return { error: `invalid check option ${quote(key)}` };
    }
  }
  return { config: { skipAll, skip, experimentalAll, experimental, error } };
}

export const CHECK_BUILD_ARG = 'BUILDKIT_DOCKERFILE_CHECK';

/** The file-wide options: the build argument when given, else the `# check=` directive. */
export function fileCheckOptions(
  doc: Dockerfile,
  buildArgs: Readonly<Record<string, string>> = {},
): CheckParse & { source: 'build-arg' | 'directive' | 'default' } {
  const override = Object.prototype.hasOwnProperty.call(buildArgs, CHECK_BUILD_ARG)
    ? buildArgs[CHECK_BUILD_ARG]
    : undefined;
  if (override !== undefined) {
    const parsed = parseCheckOptions(override);
    return parsed.error !== undefined
      ? { error: `failed to parse build-arg:${CHECK_BUILD_ARG}: ${parsed.error}`, source: 'build-arg' }
      : { ...parsed, source: 'build-arg' };
  }
  const directive = doc.directives.find((d) => d.name === 'check');
  if (directive !== undefined) {
    const parsed = parseCheckOptions(directive.value);
    return parsed.error !== undefined
      ? { error: `failed to parse check options: ${parsed.error}`, source: 'directive' }
      : { ...parsed, source: 'directive' };
  }
  return { config: DEFAULT_CHECK_CONFIG, source: 'default' };
}

const DIRECTIVE_COMMENT = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/**
 * The comment block directly above an instruction, as BuildKit hands it to the checks: the
 * consecutive comment lines right above the keyword line. A blank line ends the block, and an
 * empty `#` line drops what came before it (so both separate a note from the instruction).
 */
export function commentsAbove(
  doc: Dockerfile,
  instruction: Instruction,
  /** The last directive line, when the caller knows it. */
  directivesEnd = Math.max(-1, ...doc.directives.map((directive) => directive.range.start.line)),
): string[] {
  const collected: string[] = [];
  // Parser directives at the top are not comments to the instructions below them.
  for (let line = instruction.range.start.line - 1; line > directivesEnd; line--) {
    const text = (doc.lines[line] ?? '').trim();
    if (!text.startsWith('#')) break;
    const body = text.slice(1).trim();
    if (body === '') break;
    collected.push(body);
  }
  return collected.reverse();
}

/**
 * The options of the first `check=` comment among `comments`; only the text up to the first space
 * counts (`# check=skip=X // why`). Undefined when there is none or it does not parse.
 */
export function commentCheckOptions(comments: readonly string[]): CheckConfig | undefined {
  for (const comment of comments) {
    const match = DIRECTIVE_COMMENT.exec(comment);
    if (match === null || match[1]?.toLowerCase() !== 'check') continue;
    const value = (match[2] ?? '').split(' ')[0] ?? '';
    return parseCheckOptions(value).config;
  }
  return undefined;
}

/** Whether a check runs under the file's options and an instruction's own. */
export function ruleEnabled(
  name: string,
  experimentalRule: boolean,
  file: CheckConfig,
  local?: CheckConfig,
): boolean {
  if (experimentalRule) {
    return (
      file.experimentalAll ||
      file.experimental.has(name) ||
      (local !== undefined && (local.experimentalAll || local.experimental.has(name)))
    );
  }
  const skipped =
    file.skipAll || file.skip.has(name) || (local !== undefined && (local.skipAll || local.skip.has(name)));
  return !skipped;
}

/** BuildKit's build error when `error=true` and some checks fired. */
export function lintViolationError(rules: readonly string[]): string | undefined {
  const unique = [...new Set(rules)];
  return unique.length === 0 ? undefined : `lint violation found for rules: ${unique.join(', ')}`;
}
