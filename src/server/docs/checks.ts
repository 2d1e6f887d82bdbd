// Hover text for BuildKit's build checks: the description from the rules table plus a sentence
// of ours on why it matters or what to write instead.
import { ALL_RULES, type BuildkitRule } from '../rules/buildkit/rules';

const ADVICE: Readonly<Record<string, string>> = {
  StageNameCasing:
    'Stage names are compared without regard to case, so mixed case only hides typos; write them in lower case.',
  FromAsCasing: 'Write `FROM x AS y` or `from x as y`, not a mix.',
  NoEmptyContinuation:
    'A blank line inside a continued instruction is ignored today; remove it or end the instruction before it.',
  ConsistentInstructionCasing:
    'Pick upper or lower case for keywords and keep to it; upper case is the usual style.',
  DuplicateStageName: 'Two stages with one name make `--from` and `--target` ambiguous; rename one of them.',
  ReservedStageName: '`scratch` and `context` have their own meaning and cannot name a stage.',
  JSONArgsRecommended:
    'In shell form the program runs under `/bin/sh -c` and does not receive SIGTERM; use the JSON form, or skip the check if a shell is intended.',
  MaintainerDeprecated: 'Write `LABEL org.opencontainers.image.authors="…"` instead.',
  UndefinedArgInFrom:
    'FROM only sees ARGs declared before the first FROM and the predefined platform args; declare it there.',
  WorkdirRelativePath:
    'A relative WORKDIR depends on the working directory of the base image; start from an absolute path.',
  UndefinedVar:
    'The variable is neither an ARG nor an ENV at this point, so it expands to nothing; check the spelling or declare it.',
  MultipleInstructionsDisallowed:
    'Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect; remove the others.',
  LegacyKeyValueFormat:
    'Write `ENV key=value` (or `LABEL key=value`); the whitespace form sets a single pair and reads ambiguously.',
  RedundantTargetPlatform: 'The stage already builds for the target platform; drop the flag.',
  SecretsUsedInArgOrEnv:
    'ARG and ENV values stay in the image and its history; pass secrets with `RUN --mount=type=secret`.',
  InvalidDefaultArgInFrom:
    'Give the global ARG a default that makes a valid image reference, or a build without `--build-arg` fails.',
  FromPlatformFlagConstDisallowed:
    'A fixed platform breaks multi-platform builds; use `$BUILDPLATFORM` or `$TARGETPLATFORM`, or name the stage after its platform.',
  CopyIgnoredFile:
    'The source is excluded by .dockerignore, so it is not in the build context and the copy will not find it.',
  InvalidDefinitionDescription:
    'A comment right above an ARG or a FROM … AS is read as its description and should start with the name.',
  ExposeProtoCasing: 'Write `tcp` or `udp` in lower case.',
  ExposeInvalidFormat:
    'EXPOSE only documents container ports; publish and map ports when running the container.',
};

const BY_NAME: ReadonlyMap<string, BuildkitRule> = new Map(
  ALL_RULES.map((rule) => [rule.name.toLowerCase(), rule]),
);

/** A BuildKit check by name, compared without regard to case. */
export function buildkitCheck(name: string): BuildkitRule | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Hover text of a build check; undefined for unknown names. */
export function checkMarkdown(name: string): string | undefined {
  const rule = buildkitCheck(name);
  if (rule === undefined) return undefined;
  const parts = [
    `**${rule.name}** · BuildKit build check${rule.experimental ? ' (experimental)' : ''}`,
    rule.description,
  ];
  const advice = ADVICE[rule.name];
  if (advice !== undefined) parts.push(advice);
  parts.push(`[${rule.name}](${rule.url})`);
  return parts.join('\n\n');
}

/** Check names that have advice, for tests. */
export const ADVISED_CHECKS: readonly string[] = Object.keys(ADVICE);
