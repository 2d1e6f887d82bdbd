// Hover text for `RUN --mount`: each mount type and each option key. The one-line docs, kinds and
// allowed values come from syntax/flags.ts; this adds syntax, defaults and examples.
import { MOUNT_OPTIONS, MOUNT_TYPE_DOCS, MOUNT_TYPES, mountOption, type MountType } from '../syntax/flags';
import { dockerfileBlock, referenceLink } from './reference';

export interface MountTypeDoc {
  /** The options as written for this type, e.g. `type=cache,target=<path>[,id=<id>]…`. */
  readonly syntax: string;
  readonly detail: string;
  readonly example: string;
  readonly anchor: string;
}

export const MOUNT_TYPE_DETAILS: Readonly<Record<MountType, MountTypeDoc>> = {
  bind: {
    syntax: 'type=bind,target=<path>[,source=<path>][,from=<stage|image>][,rw]',
    detail:
      'Nothing is copied into the image: the files are visible only while the command runs. ' +
      'Without `from` the source is the build context. Writes are allowed with `rw` but thrown away afterwards.',
    example:
      'RUN --mount=type=bind,source=go.sum,target=go.sum \\\n    --mount=type=bind,source=go.mod,target=go.mod \\\n    go mod download',
    anchor: 'run---mounttypebind',
  },
  cache: {
    syntax:
      'type=cache,target=<path>[,id=<id>][,sharing=shared|private|locked][,from=<stage>][,source=<path>][,mode=…][,uid=…][,gid=…]',
    detail:
      'The directory survives between builds on the same builder, so package managers and compilers can reuse downloads and objects. ' +
      'Its content is not part of the image and may be cleared at any time, so the step must still work with an empty cache. ' +
      'The id defaults to the target path.',
    example:
      'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    apt-get update && apt-get install -y gcc',
    anchor: 'run---mounttypecache',
  },
  tmpfs: {
    syntax: 'type=tmpfs,target=<path>[,size=<bytes>]',
    detail: 'Useful for scratch files that must not end up in the layer.',
    example: 'RUN --mount=type=tmpfs,target=/tmp,size=512m make test',
    anchor: 'run---mounttypetmpfs',
  },
  secret: {
    syntax: 'type=secret,id=<id>[,target=<path>][,env=<name>][,required][,mode=…][,uid=…][,gid=…]',
    detail:
      'The secret is passed with `docker build --secret id=<id>,src=<file>` (or `env=`). By default it appears as the file ' +
      '`/run/secrets/<id>`; with `env` it becomes an environment variable instead. It is never written to a layer.',
    example: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    anchor: 'run---mounttypesecret',
  },
  ssh: {
    syntax: 'type=ssh[,id=<id>][,target=<path>][,required][,mode=…][,uid=…][,gid=…]',
    detail:
      'Lets the command use SSH keys held by the client (`docker build --ssh default`) without copying them, ' +
      'for example to clone private repositories. SSH_AUTH_SOCK points at the socket. The id defaults to `default`.',
    example: 'RUN --mount=type=ssh git clone git@github.com:acme/private.git',
    anchor: 'run---mounttypessh',
  },
};

/** Extra text for option keys, by the key's preferred spelling. */
const OPTION_DETAILS: Readonly<Record<string, string>> = {
  type: 'Without it the mount is a bind mount.',
  from: 'Without it a bind mount shows the build context, and a cache mount starts empty.',
  source: 'Defaults to the root of `from` (or of the context).',
  target: 'Required for bind, cache and tmpfs mounts; a secret defaults to `/run/secrets/<id>`.',
  readonly: 'Bind mounts are read-only by default; cache mounts are writable.',
  readwrite: 'Only bind mounts accept it.',
  id: 'For a cache, mounts with the same id share the same directory (it defaults to the target). For secrets and SSH it names what the client passes with `--secret` or `--ssh`.',
  sharing: '`private` gives each concurrent build its own copy, `locked` makes them wait for one another.',
  required: 'Without it a missing secret or key simply leaves the mount out.',
  size: 'Accepts units such as `k`, `m` and `g`.',
  mode: 'Defaults to 0755 for a cache directory, 0400 for a secret and 0600 for an SSH socket.',
  uid: 'Defaults to 0.',
  gid: 'Defaults to 0.',
  env: 'Combine with `target` to get both a file and a variable.',
};

/** Hover text of a mount type; undefined for unknown types. */
export function mountTypeMarkdown(type: string): string | undefined {
  const lower = type.toLowerCase();
  if (!(MOUNT_TYPES as readonly string[]).includes(lower)) return undefined;
  const name = lower as MountType;
  const doc = MOUNT_TYPE_DETAILS[name];
  return [
    `**\`--mount=type=${name}\`** · RUN mount type`,
    MOUNT_TYPE_DOCS[name],
    doc.detail,
    `\`${doc.syntax}\``,
    dockerfileBlock(doc.example),
    referenceLink(doc.anchor),
  ].join('\n\n');
}

/** Hover text of a `--mount` option key (aliases included); undefined for unknown keys. */
export function mountOptionMarkdown(key: string): string | undefined {
  const option = mountOption(key);
  if (option === undefined) return undefined;
  const preferred = option.keys[0] ?? key;
  const written =
    option.bare === true ? preferred : `${preferred}=<${option.values?.join('|') ?? option.kind}>`;
  const parts = [`**\`${written}\`** · RUN --mount option`, option.doc];
  const detail = OPTION_DETAILS[preferred];
  if (detail !== undefined) parts.push(detail);
  if (option.keys.length > 1)
    parts.push(
      `Also written: ${option.keys
        .slice(1)
        .map((k) => `\`${k}\``)
        .join(', ')}.`,
    );
  if (option.types !== undefined)
    parts.push(`For mount types: ${option.types.map((t) => `\`${t}\``).join(', ')}.`);
  if (option.since !== undefined)
    parts.push(`Needs \`# syntax=docker/dockerfile:${option.since}\` or later.`);
  parts.push(referenceLink('run---mount'));
  return parts.join('\n\n');
}

/** Every documented option key, for tests. */
export const DOCUMENTED_MOUNT_KEYS: readonly string[] = MOUNT_OPTIONS.map((option) => option.keys[0] ?? '');
