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
  /** The earlier stage this one starts from, when its FROM names one. */
  readonly base: Stage | undefined;
  /** The environment in BuildKit's order: image variables, valued ARGs and ENVs. */
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
  /** Whether an ARG of this stage or the stages it derives from declares `name` (as `args.has`). */
  declares(name: string): boolean;
  /** Expands a word against this scope and says whether the result is certain. */
  expand(word: string): Expansion & { readonly certain: boolean };
}

// Stages derive from one another, so each stage's variables are kept in a persistent hash trie:
// a stage starts from its base's final trie as is, and each ENV or ARG copies only the path to
// one entry. A chain of many stages with a growing environment then stays linear, where copying
// every variable into every stage would not. Each entry carries when it was last set, which
// gives back the order BuildKit's environment list keeps. Nodes a stage made itself are changed
// in place while that stage is walked: no other stage sees them before it is finished.

interface TrieLeaf<V> {
  readonly kind: 0;
  readonly hash: number;
  readonly key: string;
  readonly value: V;
  /** When the entry was set; later sets have larger numbers. */
  readonly order: number;
}

interface TrieBranch<V> {
  readonly kind: 1;
  /** Which of the 32 slots at this level are present. */
  bitmap: number;
  readonly children: Array<TrieNode<V>>;
  /** The stage that made the node: only it may still change the node in place. */
  readonly owner: object;
}

/** Entries whose keys hash alike. */
interface TrieBucket<V> {
  readonly kind: 2;
  readonly hash: number;
  readonly leaves: ReadonlyArray<TrieLeaf<V>>;
}

type TrieNode<V> = TrieLeaf<V> | TrieBranch<V> | TrieBucket<V>;

function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function bitCount(bits: number): number {
  let x = bits - ((bits >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function trieFind<V>(root: TrieNode<V> | undefined, hash: number, key: string): TrieLeaf<V> | undefined {
  let node = root;
  for (let shift = 0; node !== undefined; shift += 5) {
    if (node.kind === 0) return node.key === key ? node : undefined;
    if (node.kind === 2) return node.hash === hash ? node.leaves.find((leaf) => leaf.key === key) : undefined;
    const bit = 1 << ((hash >>> shift) & 31);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[bitCount(node.bitmap & (bit - 1))];
  }
  return undefined;
}

/** A branch holding two nodes of different hashes, split at the first level where they differ. */
function trieSplit<V>(
  a: TrieLeaf<V> | TrieBucket<V>,
  b: TrieLeaf<V>,
  shift: number,
  owner: object,
): TrieBranch<V> {
  const slotA = (a.hash >>> shift) & 31;
  const slotB = (b.hash >>> shift) & 31;
  if (slotA === slotB) {
    return { kind: 1, bitmap: 1 << slotA, children: [trieSplit(a, b, shift + 5, owner)], owner };
  }
  return { kind: 1, bitmap: (1 << slotA) | (1 << slotB), children: slotA < slotB ? [a, b] : [b, a], owner };
}

/**
 * The trie with `leaf` in place of any entry of the same key. Branches `owner` made are changed in
 * place; any other node is left as it was and copied along the path.
 */
function trieWith<V>(
  node: TrieNode<V> | undefined,
  leaf: TrieLeaf<V>,
  shift: number,
  owner: object,
): TrieNode<V> {
  if (node === undefined) return leaf;
  if (node.kind === 0) {
    if (node.key === leaf.key) return leaf;
    return node.hash === leaf.hash
      ? { kind: 2, hash: leaf.hash, leaves: [node, leaf] }
      : trieSplit(node, leaf, shift, owner);
  }
  if (node.kind === 2) {
    if (node.hash !== leaf.hash) return trieSplit(node, leaf, shift, owner);
    const leaves = node.leaves.filter((old) => old.key !== leaf.key);
    leaves.push(leaf);
    return { kind: 2, hash: node.hash, leaves };
  }
  const bit = 1 << ((leaf.hash >>> shift) & 31);
  const at = bitCount(node.bitmap & (bit - 1));
  const present = (node.bitmap & bit) !== 0;
  const branch: TrieBranch<V> =
    node.owner === owner ? node : { kind: 1, bitmap: node.bitmap, children: node.children.slice(), owner };
  if (present) branch.children[at] = trieWith(branch.children[at], leaf, shift + 5, owner);
  else {
    branch.children.splice(at, 0, leaf);
    branch.bitmap |= bit;
  }
  return branch;
}

/** Every entry, in the order they were set. */
function trieLeaves<V>(root: TrieNode<V> | undefined): Array<TrieLeaf<V>> {
  const leaves: Array<TrieLeaf<V>> = [];
  const visit = (node: TrieNode<V>): void => {
    if (node.kind === 0) leaves.push(node);
    else if (node.kind === 2) leaves.push(...node.leaves);
    else for (const child of node.children) visit(child);
  };
  if (root !== undefined) visit(root);
  return leaves.sort((a, b) => a.order - b.order);
}

/** The clock that orders every set of one walk. */
interface Clock {
  now: number;
}

class StageScope implements Scope {
  private vars: TrieNode<ScopeVariable> | undefined;
  private argNames: TrieNode<true> | undefined;
  private envView: Map<string, ScopeVariable> | undefined;
  private argsView: Set<string> | undefined;
  /**
   * Expansions of words holding a variable since the last set: the checks and the walk expand
   * the same words (ENV values, WORKDIR, EXPOSE) against the same variables.
   */
  private expanded: Map<string, Expansion & { certain: boolean }> | undefined;
  /** `lookup` bound once, for the expander. */
  private readonly lookupName = (name: string): string | undefined => this.lookup(name);

  constructor(
    readonly stage: Stage,
    readonly base: Stage | undefined,
    readonly open: boolean,
    readonly meta: MetaScope,
    private readonly expander: WordExpander,
    private readonly clock: Clock,
    from: StageScope | undefined,
  ) {
    // The base's tries are never changed in place, so sharing them costs nothing.
    this.vars = from?.vars;
    this.argNames = from?.argNames;
  }

  get env(): ReadonlyMap<string, ScopeVariable> {
    this.envView ??= new Map(trieLeaves(this.vars).map((leaf) => [leaf.key, leaf.value]));
    return this.envView;
  }

  get args(): ReadonlySet<string> {
    this.argsView ??= new Set(trieLeaves(this.argNames).map((leaf) => leaf.key));
    return this.argsView;
  }

  private variable(name: string): ScopeVariable | undefined {
    return trieFind(this.vars, hashName(name), name)?.value;
  }

  lookup(name: string): string | undefined {
    const variable = this.variable(name);
    return variable === undefined ? undefined : (variable.value ?? '');
  }

  declares(name: string): boolean {
    return trieFind(this.argNames, hashName(name), name) !== undefined;
  }

  expand(word: string): Expansion & { certain: boolean } {
    if (!word.includes('$')) return this.expandNow(word);
    this.expanded ??= new Map();
    let expansion = this.expanded.get(word);
    if (expansion === undefined) {
      expansion = this.expandNow(word);
      this.expanded.set(word, expansion);
    }
    return expansion;
  }

  /** Drops what only the walk through this stage needed; later stages keep just the variables. */
  finish(): void {
    this.expanded = undefined;
  }

  private expandNow(word: string): Expansion & { certain: boolean } {
    const expansion = this.expander(word, this.lookupName);
    let certain = expansion.error === undefined && !(this.open && expansion.unmatched.size > 0);
    if (certain) {
      for (const name of expansion.matched) {
        if (this.variable(name)?.value === undefined) {
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
    const leaf: TrieLeaf<ScopeVariable> = {
      kind: 0,
      hash: hashName(name),
      key: name,
      value: { name, value, source },
      order: this.clock.now++,
    };
    this.vars = trieWith(this.vars, leaf, 0, this);
    this.envView = undefined;
    this.expanded = undefined;
  }

  declare(name: string): void {
    const hash = hashName(name);
    if (trieFind(this.argNames, hash, name) !== undefined) return;
    this.argNames = trieWith(
      this.argNames,
      { kind: 0, hash, key: name, value: true, order: this.clock.now++ },
      0,
      this,
    );
    this.argsView = undefined;
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
  /** The meta scope for these options, when the caller already has it. */
  meta: MetaScope = metaScope(model, expand, options),
): Map<Stage, Scope> {
  const metaLookup = (name: string): string | undefined => meta.values.get(name);
  const buildArgs = options.buildArgs ?? {};
  const clock: Clock = { now: 0 };
  const finals = new Map<Stage, StageScope>();
  for (const stage of model.stages) {
    const baseName = expand(stage.base, metaLookup).result;
    const baseStage = model.stageNamed(baseName, stage.index);
    const baseScope = baseStage === undefined ? undefined : finals.get(baseStage);
    const scratch = baseName.toLowerCase() === 'scratch';
    const scope = new StageScope(
      stage,
      baseStage,
      baseScope?.open ?? !scratch,
      meta,
      expand,
      clock,
      baseScope,
    );
    if (baseScope === undefined && scratch) scope.set('PATH', DEFAULT_PATH, undefined);
    hooks.before?.(stage.from, scope);
    for (const instruction of stage.instructions) {
      hooks.before?.(instruction, scope);
      if (instruction.keyword === 'ENV') {
        // Every value is expanded before any is set: `ENV A=1 B=$A` reads the A from before.
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
          scope.declare(pair.key);
        }
      }
    }
    scope.finish();
    finals.set(stage, scope);
  }
  return finals;
}
