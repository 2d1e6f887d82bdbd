// The words completion offers: instructions with a one-line summary, the snippets for their common
// shapes, and a few fixed value lists. Plain data, read by completion.ts.

export interface InstructionWord {
  /** Upper-case keyword. */
  readonly keyword: string;
  /** Offered but marked deprecated. */
  readonly deprecated?: boolean;
  /** Not allowed after `ONBUILD`. */
  readonly notTrigger?: boolean;
}

/** Every instruction, in the order a Dockerfile usually has them (docs/ holds their text). */
export const INSTRUCTION_WORDS: readonly InstructionWord[] = [
  { keyword: 'FROM', notTrigger: true },
  { keyword: 'ARG' },
  { keyword: 'ENV' },
  { keyword: 'LABEL' },
  { keyword: 'WORKDIR' },
  { keyword: 'RUN' },
  { keyword: 'COPY' },
  { keyword: 'ADD' },
  { keyword: 'USER' },
  { keyword: 'EXPOSE' },
  { keyword: 'VOLUME' },
  { keyword: 'ENTRYPOINT' },
  { keyword: 'CMD' },
  { keyword: 'HEALTHCHECK' },
  { keyword: 'SHELL' },
  { keyword: 'STOPSIGNAL' },
  { keyword: 'ONBUILD', notTrigger: true },
  { keyword: 'MAINTAINER', deprecated: true, notTrigger: true },
];

export interface InstructionSnippet {
  readonly keyword: string;
  /** What the list shows, keyword written upper case. */
  readonly label: string;
  /** The snippet body after the keyword; `AS` stands for the keyword `AS` in the file's casing. */
  readonly body: string;
  readonly summary: string;
}

/** Common shapes, each inserted as a snippet with tab stops. */
export const INSTRUCTION_SNIPPETS: readonly InstructionSnippet[] = [
  {
    keyword: 'FROM',
    label: 'FROM image AS name',
    body: '${1:image} AS ${2:name}',
    summary: 'A named stage.',
  },
  {
    keyword: 'FROM',
    label: 'FROM --platform=$BUILDPLATFORM image AS name',
    body: '--platform=\\$${1:BUILDPLATFORM} ${2:image} AS ${3:name}',
    summary: 'A stage that runs on the build platform, for cross-compiling.',
  },
  {
    keyword: 'RUN',
    label: 'RUN --mount=type=cache,target=… command',
    body: '--mount=type=cache,target=${1:/root/.cache} ${2:command}',
    summary: 'A command with a cache directory kept between builds.',
  },
  {
    keyword: 'RUN',
    label: 'RUN --mount=type=secret,id=… command',
    body: '--mount=type=secret,id=${1:id} ${2:command}',
    summary: 'A command that reads a build secret, kept out of the image.',
  },
  {
    keyword: 'RUN',
    label: 'RUN <<EOF … EOF',
    body: '<<EOF\n${1:command}\nEOF',
    summary: 'A multi-line script as a heredoc.',
  },
  {
    keyword: 'COPY',
    label: 'COPY --from=stage src dest',
    body: '--from=${1:stage} ${2:src} ${3:dest}',
    summary: 'Copies files out of another stage.',
  },
  {
    keyword: 'COPY',
    label: 'COPY --link src dest',
    body: '--link ${1:src} ${2:dest}',
    summary: 'Copies into an independent layer.',
  },
  {
    keyword: 'HEALTHCHECK',
    label: 'HEALTHCHECK --interval=… --timeout=… CMD command',
    body: '--interval=${1:30s} --timeout=${2:5s} --retries=${3:3} CMD ${4:command}',
    summary: 'A periodic health check.',
  },
  {
    keyword: 'HEALTHCHECK',
    label: 'HEALTHCHECK NONE',
    body: 'NONE',
    summary: "Turns off the base image's check.",
  },
  {
    keyword: 'CMD',
    label: 'CMD ["executable", "param"]',
    body: '["${1:executable}"${2:, "${3:param}"}]',
    summary: 'Exec form, the recommended one.',
  },
  {
    keyword: 'ENTRYPOINT',
    label: 'ENTRYPOINT ["executable", "param"]',
    body: '["${1:executable}"${2:, "${3:param}"}]',
    summary: 'Exec form, the recommended one.',
  },
  {
    keyword: 'ENV',
    label: 'ENV key=value',
    body: '${1:key}=${2:value}',
    summary: 'An environment variable.',
  },
  {
    keyword: 'ARG',
    label: 'ARG name=default',
    body: '${1:name}=${2:default}',
    summary: 'A build argument with a default.',
  },
  {
    keyword: 'LABEL',
    label: 'LABEL key="value"',
    body: '${1:key}="${2:value}"',
    summary: 'A metadata label.',
  },
  {
    keyword: 'SHELL',
    label: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    body: '["${1:/bin/bash}", "-o", "pipefail", "-c"]',
    summary: 'bash that fails a pipeline when any part of it fails.',
  },
  {
    keyword: 'EXPOSE',
    label: 'EXPOSE port/tcp',
    body: '${1:8080}/${2|tcp,udp|}',
    summary: 'A port and protocol.',
  },
  { keyword: 'USER', label: 'USER user:group', body: '${1:user}:${2:group}', summary: 'A user and group.' },
];

/** Signals worth offering after STOPSIGNAL. */
export const STOP_SIGNALS: readonly string[] = [
  'SIGTERM',
  'SIGINT',
  'SIGQUIT',
  'SIGKILL',
  'SIGHUP',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
];

/** Platforms offered after `--platform=`, besides the predefined platform args. */
export const COMMON_PLATFORMS: readonly string[] = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/386',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
  'windows/amd64',
];

/** Frontend images offered after `# syntax=`. */
export const SYNTAX_IMAGES: readonly string[] = ['docker/dockerfile:1', 'docker/dockerfile:1-labs'];

/** Shells a `# hadolint shell=` pragma can name. */
export const PRAGMA_SHELLS: readonly string[] = [
  'bash',
  'sh',
  'dash',
  'ash',
  'zsh',
  'pwsh',
  'powershell',
  'cmd',
];

/**
 * ShellCheck codes people most often silence in Dockerfiles, for `# hadolint ignore=`; the
 * hadolint rules themselves come from the rule registry.
 */
export const COMMON_SHELLCHECK_CODES: ReadonlyArray<readonly [string, string]> = [
  ['SC1091', 'A sourced file could not be followed.'],
  ['SC2016', 'Single quotes keep an expansion from happening.'],
  ['SC2034', 'A variable is assigned but never used.'],
  ['SC2035', 'A glob may be read as an option; use ./* instead.'],
  ['SC2039', 'A feature is not defined in POSIX sh.'],
  ['SC2046', 'Quote a command substitution to keep it from being split into words.'],
  ['SC2059', 'Do not put variables in a printf format string.'],
  ['SC2086', 'Quote a variable to keep it from being split and globbed.'],
  ['SC2087', 'Quote the heredoc delimiter to keep the client side from expanding it.'],
  ['SC2102', 'A range in brackets matches one character only.'],
  ['SC2129', 'Several redirects to one file could be grouped.'],
  ['SC2140', 'Words in quotes run together in an unexpected way.'],
  ['SC2154', 'A variable is used but never assigned.'],
  ['SC2155', 'Declare and assign separately so a failing command is not masked.'],
  ['SC2164', 'Use `cd … || exit` in case cd fails.'],
  ['SC2181', 'Check the exit code directly instead of through $?.'],
  ['SC3037', 'echo flags are undefined in POSIX sh.'],
];
