// Every builder flag the Dockerfile frontend knows, per instruction: one row per flag, so a new
// flag is a one-line change. Diagnostics, completion and hover all read this table.

/**
 * How BuildKit reads the value. `bool` may stand bare (`--link`) or take true/false; `list` and
 * `mount` may repeat and need a value; the others need exactly one value.
 */
export type FlagKind = 'string' | 'bool' | 'list' | 'duration' | 'int' | 'mount';

export interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
  /** The only values BuildKit accepts, when it checks them. */
  readonly values?: readonly string[];
  readonly repeatable: boolean;
  /** The first stable `docker/dockerfile:1.x` that has it; undefined when every version has. */
  readonly since?: string;
  /** The first `docker/dockerfile:1.x-labs` that has it, when labs had it before stable. */
  readonly labsSince?: string;
  /** True when only the labs channel has it. */
  readonly labsOnly?: boolean;
  readonly doc: string;
}

type Row = Omit<FlagSpec, 'repeatable'> & { readonly repeatable?: boolean };

function row(spec: Row): FlagSpec {
  return { ...spec, repeatable: spec.repeatable ?? (spec.kind === 'list' || spec.kind === 'mount') };
}

const chown = row({
  name: 'chown',
  kind: 'string',
  doc: 'Owner of the copied files as user[:group], by name or numeric id (Linux only).',
});
const chmod = row({
  name: 'chmod',
  kind: 'string',
  since: '1.2',
  doc: 'Permissions of the copied files, octal (755) or symbolic (u+x, since 1.14).',
});
const link = row({
  name: 'link',
  kind: 'bool',
  since: '1.4',
  doc: 'Copy into an independent layer, so the step survives changes to earlier layers.',
});
const exclude = row({
  name: 'exclude',
  kind: 'list',
  since: '1.19',
  labsSince: '1.7',
  doc: 'A path pattern to leave out of the copy; may be given several times.',
});

/** Builder flags per instruction keyword (upper case). Instructions not listed take none. */
export const INSTRUCTION_FLAGS: Readonly<Record<string, readonly FlagSpec[]>> = {
  FROM: [
    row({
      name: 'platform',
      kind: 'string',
      doc: 'Platform of the base image, such as linux/amd64 or $BUILDPLATFORM.',
    }),
  ],
  RUN: [
    row({
      name: 'mount',
      kind: 'mount',
      since: '1.2',
      doc: 'Mount a bind, cache, tmpfs, secret or ssh filesystem while the command runs.',
    }),
    row({
      name: 'network',
      kind: 'string',
      values: ['default', 'none', 'host'],
      since: '1.3',
      labsSince: '1.2',
      doc: 'Network the command runs in: default, none, or host (needs the network.host entitlement).',
    }),
    row({
      name: 'security',
      kind: 'string',
      values: ['sandbox', 'insecure'],
      since: '1.20',
      labsSince: '1.1',
      doc: 'sandbox (default) or insecure, which runs privileged (needs the security.insecure entitlement).',
    }),
    row({
      name: 'device',
      kind: 'list',
      since: '1.27',
      labsSince: '1.14',
      doc: 'Make a CDI device available to the command: name[,required]; may be given several times.',
    }),
  ],
  COPY: [
    row({
      name: 'from',
      kind: 'string',
      doc: 'Copy from a build stage, a named context or an image instead of the context.',
    }),
    chown,
    chmod,
    link,
    row({
      name: 'parents',
      kind: 'bool',
      since: '1.20',
      labsSince: '1.7',
      doc: 'Keep the parent directories of each source under the destination.',
    }),
    exclude,
  ],
  ADD: [
    row({
      name: 'keep-git-dir',
      kind: 'bool',
      since: '1.1',
      doc: 'Keep the .git directory when adding a Git repository.',
    }),
    row({
      name: 'checksum',
      kind: 'string',
      since: '1.6',
      labsSince: '1.5',
      doc: 'Expected digest of a remote source (sha256:…), or the commit of a Git source.',
    }),
    chown,
    chmod,
    link,
    row({
      name: 'unpack',
      kind: 'bool',
      since: '1.17',
      doc: 'Whether to extract tar archives: local ones are by default, remote ones are not.',
    }),
    exclude,
  ],
  HEALTHCHECK: [
    row({ name: 'interval', kind: 'duration', doc: 'Time between checks (default 30s).' }),
    row({
      name: 'timeout',
      kind: 'duration',
      doc: 'Time a single check may take before it counts as failed (default 30s).',
    }),
    row({
      name: 'start-period',
      kind: 'duration',
      doc: 'Grace period after start during which failures do not count (default 0s).',
    }),
    row({
      name: 'start-interval',
      kind: 'duration',
      since: '1.6',
      doc: 'Time between checks during the start period (default 5s; needs Docker Engine 25).',
    }),
    row({
      name: 'retries',
      kind: 'int',
      doc: 'Consecutive failures before the container is unhealthy (default 3).',
    }),
  ],
};

const FLAGS_BY_KEYWORD: ReadonlyMap<string, readonly FlagSpec[]> = new Map(Object.entries(INSTRUCTION_FLAGS));
const NO_FLAGS: readonly FlagSpec[] = [];

/** The flags an instruction accepts (empty for instructions without flags). */
export function flagsOf(keyword: string): readonly FlagSpec[] {
  // Keywords mostly come upper-cased already; only other spellings need converting.
  return FLAGS_BY_KEYWORD.get(keyword) ?? FLAGS_BY_KEYWORD.get(keyword.toUpperCase()) ?? NO_FLAGS;
}

/** One flag of an instruction, by name as written without dashes. */
export function flagSpec(keyword: string, name: string): FlagSpec | undefined {
  return flagsOf(keyword).find((flag) => flag.name === name);
}

/** What a `RUN --mount` option takes. */
export type MountOptionKind = 'string' | 'bool' | 'octal' | 'uint' | 'size' | 'enum';

export interface MountOptionSpec {
  /** The key and its aliases; the first is the preferred spelling. */
  readonly keys: readonly string[];
  readonly kind: MountOptionKind;
  readonly values?: readonly string[];
  /** The mount types it is meant for (completion filters on it); undefined for every type. */
  readonly types?: readonly MountType[];
  /** True when it may stand without `=value` (readonly, rw, required). */
  readonly bare?: boolean;
  readonly since?: string;
  readonly doc: string;
}

export const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'] as const;
export type MountType = (typeof MOUNT_TYPES)[number];

export const MOUNT_TYPE_DOCS: Readonly<Record<MountType, string>> = {
  bind: 'Read-only view of the build context, a stage, an image or a named context (the default).',
  cache: 'A directory that persists between builds, for compiler and package manager caches.',
  tmpfs: 'An empty in-memory filesystem, gone after the step.',
  secret: 'A build secret as a file or an environment variable, kept out of the image.',
  ssh: 'A socket to the SSH agent or keys forwarded by the build client.',
};

/** The options of `RUN --mount`, in the order BuildKit lists them. */
export const MOUNT_OPTIONS: readonly MountOptionSpec[] = [
  {
    keys: ['type'],
    kind: 'enum',
    values: MOUNT_TYPES,
    doc: 'Kind of mount: bind (default), cache, tmpfs, secret or ssh.',
  },
  { keys: ['from'], kind: 'string', doc: 'Stage, named context or image to mount from (bind and cache).' },
  { keys: ['source', 'src'], kind: 'string', doc: 'Path inside `from` (or the secret id source) to mount.' },
  {
    keys: ['target', 'dst', 'destination'],
    kind: 'string',
    doc: 'Where the mount appears inside the build container.',
  },
  { keys: ['readonly', 'ro'], kind: 'bool', bare: true, doc: 'Mount read-only.' },
  {
    keys: ['readwrite', 'rw'],
    kind: 'bool',
    bare: true,
    doc: 'Allow writes; for bind mounts they are discarded after the step.',
  },
  { keys: ['id'], kind: 'string', doc: 'Cache id, or the id of the secret or SSH key to mount.' },
  {
    keys: ['sharing'],
    kind: 'enum',
    values: ['shared', 'private', 'locked'],
    types: ['cache'],
    doc: 'How concurrent builds share a cache: shared (default), private or locked.',
  },
  {
    keys: ['required'],
    kind: 'bool',
    bare: true,
    types: ['secret', 'ssh'],
    doc: 'Fail the step when the secret or SSH key is not provided.',
  },
  { keys: ['size'], kind: 'size', types: ['tmpfs'], doc: 'Upper size limit of the tmpfs, such as 64m.' },
  {
    keys: ['mode'],
    kind: 'octal',
    types: ['cache', 'secret', 'ssh'],
    doc: 'File mode, in octal, of the cache directory, secret file or socket.',
  },
  {
    keys: ['uid'],
    kind: 'uint',
    types: ['cache', 'secret', 'ssh'],
    doc: 'Owner user id of what is mounted.',
  },
  {
    keys: ['gid'],
    kind: 'uint',
    types: ['cache', 'secret', 'ssh'],
    doc: 'Owner group id of what is mounted.',
  },
  {
    keys: ['env'],
    kind: 'string',
    types: ['secret'],
    since: '1.10',
    doc: 'Expose the secret as this environment variable instead of (or besides) a file.',
  },
];

/** The option a `--mount` key names (keys are compared in lower case, as BuildKit does). */
export function mountOption(key: string): MountOptionSpec | undefined {
  const lower = key.toLowerCase();
  return MOUNT_OPTIONS.find((option) => option.keys.includes(lower));
}

/** Every `--mount` key BuildKit accepts, aliases included. */
export const MOUNT_KEYS: readonly string[] = MOUNT_OPTIONS.flatMap((option) => option.keys);
