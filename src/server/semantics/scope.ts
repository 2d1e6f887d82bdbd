// ARG and ENV scope, as BuildKit evaluates it. Before the first FROM, global ARGs build the meta
// scope that only FROM lines see (with BuildKit's predefined platform args). Each stage starts
// from its base: an earlier stage's final scope, or the image's environment, which is known only
// for `scratch` (BuildKit then adds a default PATH). An ARG inside a stage brings a global value
// in only when redeclared; ENV and valued ARGs become the environment later words expand against.
import type { Instruction } from '../syntax/ast';
import type { Stage, StageModel } from './stages';

/** Predefined platform args, in BuildKit's order. */
export const PLATFORM_ARGS = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDOSVERSION',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETOSVERSION',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
] as const;

/** Proxy args: passed to RUN without an ARG, and kept out of the build cache. */
export const PROXY_ARGS = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
] as const;

/** Build arguments with a meaning to BuildKit itself. */
export const BUILDKIT_ARGS = [
  'BUILDKIT_CACHE_MOUNT_NS',
  'BUILDKIT_CONTEXT_KEEP_GIT_DIR',
  'BUILDKIT_DOCKERFILE_CHECK',
  'BUILDKIT_INLINE_CACHE',
  'BUILDKIT_MULTI_PLATFORM',
  'BUILDKIT_SANDBOX_HOSTNAME',
  'BUILDKIT_SBOM_SCAN_CONTEXT',
  'BUILDKIT_SBOM_SCAN_STAGE',
  'BUILDKIT_SYNTAX',
  'SOURCE_DATE_EPOCH',
] as const;

/** Args that never become environment variables. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** Whether BuildKit itself gives a meaning (and, for the platform args, a value) to a name. */
export function isPredefinedArg(name: string): boolean {
  return (
    (PLATFORM_ARGS as readonly string[]).includes(name) ||
    (PROXY_ARGS as readonly string[]).includes(name) ||
    (BUILDKIT_ARGS as readonly string[]).includes(name)
  );
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** The platform assumed when none is known: BuildKit on a linux/amd64 host. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/** The PATH BuildKit sets for a non-Windows stage whose image defines none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function formatPlatform(platform: Platform): string {
  const base = `${platform.os}/${platform.architecture}`;
  return platform.variant ? `${base}/${platform.variant}` : base;
}

export interface ScopeOptions {
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly targetPlatform?: Platform;
  readonly buildPlatform?: Platform;
  /** The stage being built; the last one when absent. */
  readonly target?: string;
}

/** The result of expanding one word. */
export interface Expansion {
  readonly result: string;
  /** Names found in the environment. */
  readonly matched: ReadonlySet<string>;
  /** Names referenced but not in the environment. */
  readonly unmatched: ReadonlySet<string>;
  /** Set when the word cannot be expanded (bad substitution, a `${x:?}` failure…). */
  readonly error?: string;
}

/** Expands variables in one word, as BuildKit's shell lexer does. */
export type WordExpander = (word: string, lookup: (name: string) => string | undefined) => Expansion;

function hasOwn(record: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** BuildKit's predefined args with their values (build args override them). */
export function predefinedArgValues(model: StageModel, options: ScopeOptions = {}): Map<string, string> {
  const target = options.targetPlatform ?? DEFAULT_PLATFORM;
  const build = options.buildPlatform ?? DEFAULT_PLATFORM;
  const last = model.stages[model.stages.length - 1];
  const stage = options.target ?? last?.name?.toLowerCase() ?? '';
  const values: Array<[string, string]> = [
    ['BUILDPLATFORM', formatPlatform(build)],
    ['BUILDOS', build.os],
    ['BUILDOSVERSION', ''],
    ['BUILDARCH', build.architecture],
    ['BUILDVARIANT', build.variant ?? ''],
    ['TARGETPLATFORM', formatPlatform(target)],
    ['TARGETOS', target.os],
    ['TARGETOSVERSION', ''],
    ['TARGETARCH', target.architecture],
    ['TARGETVARIANT', target.variant ?? ''],
    ['TARGETSTAGE', stage],
  ];
  const buildArgs = options.buildArgs ?? {};
  return new Map(
    values.map(([key, value]) => [key, hasOwn(buildArgs, key) ? (buildArgs[key] ?? '') : value]),
  );
}

export interface MetaScope {
  /** The values FROM lines expand against: predefined args and global ARGs. */
  readonly values: Map<string, string>;
  /** Every name a global ARG declares, valued or not. */
  readonly declared: Set<string>;
}

/**
 * The meta scope: global ARGs evaluated in order over the predefined args. With `useBuildArgs`
 * false only the defaults written in the file count (as InvalidDefaultArgInFrom checks them).
 */
export function metaScope(
  model: StageModel,
  expand: WordExpander,
  options: ScopeOptions = {},
  useBuildArgs = true,
): MetaScope {
  const values = predefinedArgValues(model, options);
  const declared = new Set<string>();
  const buildArgs = useBuildArgs ? (options.buildArgs ?? {}) : {};
  for (const arg of model.globalArgs) {
    for (const pair of arg.pairs) {
      declared.add(pair.key);
      let value: string | undefined;
      if (hasOwn(buildArgs, pair.key)) value = buildArgs[pair.key];
      else if (pair.value !== undefined) value = expand(pair.value, (name) => values.get(name)).result;
      if (value !== undefined) values.set(pair.key, value);
    }
  }
  return { values, declared };
}

/** A variable in a stage's environment; `value` is undefined when it cannot be known offline. */
export interface ScopeVariable {
  readonly name: string;
  readonly value: string | undefined;
  /** Where it was set; undefined for the default PATH and inherited image variables. */
  readonly source: Instruction | undefined;
}

/** The scope in force just before an instruction runs. */
export interface Scope {
  readonly stage: Stage;
  /** The environment: image variables, valued ARGs and ENVs. */
  readonly env: ReadonlyMap<string, ScopeVariable>;
  /** Names declared by ARG in this stage or the stages it derives from (valued or not). */
  readonly args: ReadonlySet<string>;
  /**
   * True when the base image's environment is unknown (the stage chain starts from an image
   * other than scratch): names outside `env` may still be defined there.
   */
  readonly open: boolean;
  /** The meta scope (global ARGs). */
  readonly meta: MetaScope;
  /** Looks a name up for expansion; unknown values read as empty. */
  lookup(name: string): string | undefined;
  /** Expands a word against this scope and says whether the result is certain. */
  expand(word: string): Expansion & { readonly certain: boolean };
}

class MutableScope implements Scope {
  readonly env = new Map<string, ScopeVariable>();
  readonly args = new Set<string>();
  /** `lookup` bound once, for the expander. */
  private readonly lookupName = (name: string): string | undefined => this.lookup(name);

  constructor(
    readonly stage: Stage,
    readonly open: boolean,
    readonly meta: MetaScope,
    private readonly expander: WordExpander,
  ) {}

  lookup(name: string): string | undefined {
    const variable = this.env.get(name);
    return variable === undefined ? undefined : (variable.value ?? '');
  }

  expand(word: string): Expansion & { certain: boolean } {
    const expansion = this.expander(word, this.lookupName);
    let certain = expansion.error === undefined && !(this.open && expansion.unmatched.size > 0);
    if (certain) {
      for (const name of expansion.matched) {
        if (this.env.get(name)?.value === undefined) {
          certain = false;
          break;
        }
      }
    }
    const { result, matched, unmatched, error } = expansion;
    return error === undefined
      ? { result, matched, unmatched, certain }
      : { result, matched, unmatched, error, certain };
  }

  set(name: string, value: string | undefined, source: Instruction | undefined): void {
    // A re-set moves the name to the end, as BuildKit's environment list does.
    this.env.delete(name);
    this.env.set(name, { name, value, source });
  }

  copyFrom(base: MutableScope): void {
    for (const [name, variable] of base.env) this.env.set(name, variable);
    for (const name of base.args) this.args.add(name);
  }
}

export interface ScopeHooks {
  /** Called with the scope in force before each instruction (each stage's FROM included). */
  readonly before?: (instruction: Instruction, scope: Scope) => void;
  /** Called for each ARG default as it is expanded (earlier keys of the same ARG in scope). */
  readonly argDefault?: (instruction: Instruction, expansion: Expansion, scope: Scope) => void;
}

/**
 * Walks every stage in order, telling `hooks` the scope in force before each instruction and
 * applying ARG and ENV afterwards. Returns each stage's final scope.
 */
export function walkScopes(
  model: StageModel,
  expand: WordExpander,
  options: ScopeOptions = {},
  hooks: ScopeHooks = {},
): Map<Stage, Scope> {
  const meta = metaScope(model, expand, options);
  const buildArgs = options.buildArgs ?? {};
  const finals = new Map<Stage, MutableScope>();
  for (const stage of model.stages) {
    const baseName = expand(stage.base, (name) => meta.values.get(name)).result;
    const baseStage = model.stageNamed(baseName, stage.index);
    const baseScope = baseStage === undefined ? undefined : finals.get(baseStage);
    const scratch = baseName.toLowerCase() === 'scratch';
    const scope = new MutableScope(stage, baseScope?.open ?? !scratch, meta, expand);
    if (baseScope !== undefined) scope.copyFrom(baseScope);
    else if (scratch) scope.set('PATH', DEFAULT_PATH, undefined);
    hooks.before?.(stage.from, scope);
    for (const instruction of stage.instructions) {
      hooks.before?.(instruction, scope);
      if (instruction.keyword === 'ENV') {
        const updates = instruction.pairs.map((pair) => {
          const key = scope.expand(pair.key).result;
          const value = scope.expand(pair.value ?? '');
          return { key, value: value.certain ? value.result : undefined };
        });
        for (const update of updates) scope.set(update.key, update.value, instruction);
      } else if (instruction.keyword === 'ARG') {
        for (const pair of instruction.pairs) {
          let value: string | undefined;
          let known = true;
          if (hasOwn(buildArgs, pair.key)) value = buildArgs[pair.key];
          else if (pair.value !== undefined) {
            const expansion = scope.expand(pair.value);
            hooks.argDefault?.(instruction, expansion, scope);
            value = expansion.result;
            known = expansion.certain;
          } else if (meta.values.has(pair.key)) value = meta.values.get(pair.key);
          if (value !== undefined && !NON_ENV_ARGS.has(pair.key)) {
            scope.set(pair.key, known ? value : undefined, instruction);
          }
          scope.args.add(pair.key);
        }
      }
    }
    finals.set(stage, scope);
  }
  return finals;
}
