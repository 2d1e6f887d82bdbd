// The command lines of the Compose tool the user has: `docker compose` (v2) or `docker-compose`
// (v1), for one project, a profile of it or some of its services, aimed at a chosen daemon. Pure:
// running them is composeRunner's job.
import type { DockerEndpoint } from '../docker/endpoint';

/** Which Compose is installed and how it is called. */
export interface ComposeTool {
  version: 'v2' | 'v1';
  /** The executable. */
  command: string;
  /** Arguments before the global options (`compose` for the Docker CLI plugin). */
  prefix: string[];
  /** What `version --short` said. */
  versionText: string;
}

/** The output of a `version --short` probe, or undefined when the command could not run. */
export interface ProbeResult {
  code: number | null;
  stdout: string;
}

/**
 * The tool from two probes: `docker compose version --short` and `docker-compose version --short`.
 * v2 wins when both answer; undefined when neither does.
 */
export function toolFromProbes(
  plugin: ProbeResult | undefined,
  standalone: ProbeResult | undefined,
  paths: { docker: string; dockerCompose: string } = { docker: 'docker', dockerCompose: 'docker-compose' },
): ComposeTool | undefined {
  const version = (probe: ProbeResult | undefined): string | undefined => {
    const text = probe?.code === 0 ? probe.stdout.trim().split('\n')[0]?.trim() : undefined;
    return text !== undefined && /^v?\d+\.\d+/.test(text) ? text.replace(/^v/, '') : undefined;
  };
  const v2 = version(plugin);
  if (v2 !== undefined) {
    return { version: 'v2', command: paths.docker, prefix: ['compose'], versionText: v2 };
  }
  const standaloneVersion = version(standalone);
  if (standaloneVersion !== undefined) {
    // A standalone binary of Compose v2 exists too: it takes the v2 command lines.
    const major = Number(standaloneVersion.split('.')[0]);
    return {
      version: major >= 2 ? 'v2' : 'v1',
      command: paths.dockerCompose,
      prefix: [],
      versionText: standaloneVersion,
    };
  }
  return undefined;
}

/** What a command acts on. */
export interface ComposeTarget {
  projectName: string;
  /** `-f` files; none lets Compose find its own in `workingDir`. */
  files: readonly string[];
  /** `--project-directory`, when known. */
  workingDir?: string;
  /** `--profile` for each. */
  profiles: readonly string[];
  /** The services named after the subcommand; none means the whole project. */
  services: readonly string[];
}

/** The actions the explorer offers. */
export type ComposeAction =
  | { kind: 'up'; build: boolean }
  | { kind: 'down'; volumes: boolean }
  | { kind: 'start' | 'stop' | 'restart' | 'pause' | 'unpause' }
  | { kind: 'scale'; replicas: number };

/** A process to start: executable, arguments, the environment, the folder to run it in. */
export interface CommandLine {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** The global options: project name, files, project directory, profiles. */
function globalArgs(target: ComposeTarget): string[] {
  const args = ['--project-name', target.projectName];
  for (const file of target.files) {
    args.push('--file', file);
  }
  if (target.workingDir !== undefined) {
    args.push('--project-directory', target.workingDir);
  }
  for (const profile of target.profiles) {
    args.push('--profile', profile);
  }
  return args;
}

/** The subcommand and its arguments for an action. */
function actionArgs(action: ComposeAction, services: readonly string[]): string[] {
  switch (action.kind) {
    case 'up':
      return ['up', '--detach', ...(action.build ? ['--build'] : []), ...services];
    case 'down':
      // `down` takes the whole project; some services are stopped and removed with `rm`.
      return services.length === 0
        ? ['down', ...(action.volumes ? ['--volumes'] : [])]
        : ['rm', '--stop', '--force', ...(action.volumes ? ['-v'] : []), ...services];
    case 'scale':
      return [
        'up',
        '--detach',
        '--no-recreate',
        ...services.flatMap((s) => ['--scale', `${s}=${action.replicas}`]),
        ...services,
      ];
    default:
      return [action.kind, ...services];
  }
}

/** The full command line of an action on a target with a tool, aimed at `endpoint`'s daemon. */
export function composeCommandLine(
  tool: ComposeTool,
  target: ComposeTarget,
  action: ComposeAction,
  options: { env: Readonly<Record<string, string | undefined>>; endpoint?: DockerEndpoint },
): CommandLine {
  const line: CommandLine = {
    command: tool.command,
    args: [...tool.prefix, ...globalArgs(target), ...actionArgs(action, target.services)],
    env: daemonEnv(tool, options.env, options.endpoint),
  };
  if (target.workingDir !== undefined) {
    line.cwd = target.workingDir;
  }
  return line;
}

const daemonVariables = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'];

/**
 * The environment for the tool: the given one, with the daemon chosen by the variables the Docker
 * CLI reads. v2 follows a context by name; v1 does not know contexts well, so it gets the host.
 */
export function daemonEnv(
  tool: Pick<ComposeTool, 'version'>,
  base: Readonly<Record<string, string | undefined>>,
  endpoint: DockerEndpoint | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined) env[key] = value;
  }
  if (endpoint === undefined) {
    return env;
  }
  for (const key of daemonVariables) {
    delete env[key];
  }
  if (endpoint.context !== undefined && endpoint.context !== 'default' && tool.version === 'v2') {
    env.DOCKER_CONTEXT = endpoint.context;
    return env;
  }
  env.DOCKER_HOST = endpoint.display;
  if (endpoint.kind === 'tcp' && endpoint.tls !== undefined) {
    if (endpoint.tls.verify) env.DOCKER_TLS_VERIFY = '1';
    if (endpoint.tls.certPath !== undefined) env.DOCKER_CERT_PATH = endpoint.tls.certPath;
  }
  return env;
}

/** A command line as a person would type it, for the terminal's first line and the log. */
export function commandText(line: Pick<CommandLine, 'command' | 'args'>): string {
  return [line.command, ...line.args].map(quoteArg).join(' ');
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
