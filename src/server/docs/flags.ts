// Longer text for the builder flags. The flags themselves (kinds, values, versions and the
// one-line doc) are the table in syntax/flags.ts; this adds the written syntax, a sentence or two
// more and the reference anchor, keyed by the same instruction and flag names.
import { flagSpec, type FlagSpec } from '../syntax/flags';
import { dockerfileBlock, referenceLink } from './reference';

export interface FlagDoc {
  /** How the flag is written, e.g. `--chown=<user>[:<group>]`. */
  readonly syntax: string;
  readonly detail: string;
  readonly example: string;
  readonly anchor: string;
}

const CHOWN: FlagDoc = {
  syntax: '--chown=<user>[:<group>]',
  detail:
    'Without it, copied files belong to root (UID and GID 0). Names are looked up in the image’s /etc/passwd and /etc/group; ' +
    'a user without a group uses the same id for the group. Variables are expanded.',
  example: 'COPY --chown=app:app dist/ /srv/app/',
  anchor: 'copy---chown---chmod',
};

const CHMOD: FlagDoc = {
  syntax: '--chmod=<perms>',
  detail:
    'Applies the same mode to every copied file and directory. Symbolic modes need `docker/dockerfile:1.14` or later.',
  example: 'COPY --chmod=0755 entrypoint.sh /usr/local/bin/',
  anchor: 'copy---chown---chmod',
};

const LINK: FlagDoc = {
  syntax: '--link[=<bool>]',
  detail:
    'The files land in a layer of their own that does not depend on the layers below, so changing the base image ' +
    'does not invalidate the copy and the layer can be reused as is. Paths under the destination are not followed through symlinks.',
  example: 'COPY --link --from=build /out/app /app',
  anchor: 'copy---link',
};

const EXCLUDE: FlagDoc = {
  syntax: '--exclude=<pattern>',
  detail: 'Patterns use the same syntax as `.dockerignore`. Repeat the flag to leave out several patterns.',
  example: 'COPY --exclude=*.md --exclude=test/ . /src/',
  anchor: 'copy---exclude',
};

/** Flag docs per instruction keyword (upper case) and flag name. */
export const FLAG_DOCS: Readonly<Record<string, Readonly<Record<string, FlagDoc>>>> = {
  FROM: {
    platform: {
      syntax: '--platform=<os>/<arch>[/<variant>]',
      detail:
        'Picks one platform of a multi-platform base image. Usually written with a predefined arg, such as ' +
        '`$BUILDPLATFORM` for build tools that then cross-compile, rather than a constant.',
      example: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      anchor: 'from',
    },
  },
  RUN: {
    mount: {
      syntax: '--mount=[type=<type>][,<option>=<value>...]',
      detail:
        'A comma-separated list of options. The type decides which options apply: `bind` (the default) shows files from the context ' +
        'or another stage, `cache` keeps a directory between builds, `tmpfs` gives scratch space, `secret` and `ssh` pass credentials ' +
        'that never end up in a layer. Repeat the flag for several mounts.',
      example: 'RUN --mount=type=cache,target=/root/.cache/go-build go build ./...',
      anchor: 'run---mount',
    },
    network: {
      syntax: '--network=<default|none|host>',
      detail:
        '`none` cuts the command off from the network, a quick way to prove a step is offline. ' +
        '`host` uses the host’s network stack and must be allowed by the builder.',
      example: 'RUN --network=none pip install --no-index --find-links=/wheels app',
      anchor: 'run---network',
    },
    security: {
      syntax: '--security=<sandbox|insecure>',
      detail:
        '`insecure` runs the command with full privileges, for steps such as mounting file systems; the builder must allow it.',
      example: 'RUN --security=insecure mount -t tmpfs none /mnt',
      anchor: 'run---security',
    },
    device: {
      syntax: '--device=<name>[,required]',
      detail:
        'Names a CDI device the builder knows, such as a GPU. Only the labs channel of the frontend has this flag.',
      example: 'RUN --device=nvidia.com/gpu=all nvidia-smi',
      anchor: 'run---device',
    },
  },
  COPY: {
    from: {
      syntax: '--from=<stage|context|image>',
      detail:
        'The value is looked up first as a stage name (or index) of this Dockerfile, then as a named build context, ' +
        'and otherwise taken as an image reference. Sources are then paths inside that file system.',
      example: 'COPY --from=build /out/app /usr/local/bin/app',
      anchor: 'copy---from',
    },
    chown: CHOWN,
    chmod: CHMOD,
    link: LINK,
    parents: {
      syntax: '--parents[=<bool>]',
      detail:
        'With it, `COPY --parents a/b/c.txt /dst/` creates `/dst/a/b/c.txt`. A `./` in a source marks where the kept part starts.',
      example: 'COPY --parents ./services/*/package.json /src/',
      anchor: 'copy---parents',
    },
    exclude: EXCLUDE,
  },
  ADD: {
    'keep-git-dir': {
      syntax: '--keep-git-dir[=<bool>]',
      detail: 'By default a Git source is added without its .git directory.',
      example: 'ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.13.0 /src',
      anchor: 'add---keep-git-dir',
    },
    checksum: {
      syntax: '--checksum=<algorithm>:<hash>',
      detail:
        'The build fails when the downloaded content does not match, which makes remote sources reproducible.',
      example: 'ADD --checksum=sha256:… https://example.com/tool.tar.gz /opt/',
      anchor: 'add---checksum',
    },
    chown: { ...CHOWN, example: 'ADD --chown=app:app app.tar.gz /srv/', anchor: 'add---chown---chmod' },
    chmod: {
      ...CHMOD,
      example: 'ADD --chmod=0644 https://example.com/ca.pem /etc/ssl/',
      anchor: 'add---chown---chmod',
    },
    link: { ...LINK, example: 'ADD --link app.tar.gz /srv/', anchor: 'add---link' },
    unpack: {
      syntax: '--unpack[=<bool>]',
      detail:
        'Set it to true to extract a downloaded archive, or to false to copy a local archive as a file.',
      example: 'ADD --unpack=true https://example.com/tool.tar.gz /opt/tool/',
      anchor: 'add---unpack',
    },
    exclude: { ...EXCLUDE, example: 'ADD --exclude=*.log logs.tar.gz /data/', anchor: 'add---exclude' },
  },
  HEALTHCHECK: {
    interval: {
      syntax: '--interval=<duration>',
      detail:
        'The first check runs this long after the container starts. Durations look like `30s`, `1m30s` or `500ms`.',
      example: 'HEALTHCHECK --interval=1m CMD ./healthcheck',
      anchor: 'healthcheck',
    },
    timeout: {
      syntax: '--timeout=<duration>',
      detail: 'A check that runs longer is stopped and counts as a failure.',
      example: 'HEALTHCHECK --timeout=5s CMD ./healthcheck',
      anchor: 'healthcheck',
    },
    'start-period': {
      syntax: '--start-period=<duration>',
      detail: 'Gives a slow service time to boot; a success during the period ends it early.',
      example: 'HEALTHCHECK --start-period=2m CMD ./healthcheck',
      anchor: 'healthcheck',
    },
    'start-interval': {
      syntax: '--start-interval=<duration>',
      detail: 'Lets checks run more often while the service is starting.',
      example: 'HEALTHCHECK --start-period=1m --start-interval=2s CMD ./healthcheck',
      anchor: 'healthcheck',
    },
    retries: {
      syntax: '--retries=<n>',
      detail: 'A success resets the count.',
      example: 'HEALTHCHECK --retries=5 CMD ./healthcheck',
      anchor: 'healthcheck',
    },
  },
};

/** The longer text of one flag; undefined for flags the instruction does not have. */
export function flagDoc(keyword: string, name: string): FlagDoc | undefined {
  const docs = FLAG_DOCS[keyword.toUpperCase()];
  return docs !== undefined && Object.prototype.hasOwnProperty.call(docs, name) ? docs[name] : undefined;
}

/** How a flag is written: its documented syntax, or one derived from its kind. */
export function flagSyntax(keyword: string, spec: FlagSpec): string {
  const known = flagDoc(keyword, spec.name);
  if (known !== undefined) return known.syntax;
  if (spec.kind === 'bool') return `--${spec.name}[=<bool>]`;
  if (spec.values !== undefined) return `--${spec.name}=<${spec.values.join('|')}>`;
  return `--${spec.name}=<${spec.kind === 'int' ? 'n' : 'value'}>`;
}

/** Which frontend versions have the flag, in words; undefined when every version does. */
export function flagAvailability(spec: FlagSpec): string | undefined {
  if (spec.labsOnly === true)
    return `Only in the labs channel (\`docker/dockerfile:${spec.labsSince ?? '1'}-labs\` or later).`;
  if (spec.since === undefined) return undefined;
  const labs = spec.labsSince !== undefined ? ` (labs since \`${spec.labsSince}-labs\`)` : '';
  return `Needs \`# syntax=docker/dockerfile:${spec.since}\` or later${labs}.`;
}

/** The hover text of an instruction's flag; undefined for a flag the instruction does not take. */
export function flagMarkdown(keyword: string, name: string): string | undefined {
  const upper = keyword.toUpperCase();
  const spec = flagSpec(upper, name);
  if (spec === undefined) return undefined;
  const doc = flagDoc(upper, name);
  const parts = [`**\`${flagSyntax(upper, spec)}\`** · ${upper} flag`, spec.doc];
  if (doc !== undefined) parts.push(doc.detail);
  if (spec.values !== undefined)
    parts.push(`Values: ${spec.values.map((value) => `\`${value}\``).join(', ')}.`);
  if (spec.repeatable) parts.push('May be given more than once.');
  const availability = flagAvailability(spec);
  if (availability !== undefined) parts.push(availability);
  if (doc !== undefined) parts.push(dockerfileBlock(doc.example));
  parts.push(referenceLink(doc?.anchor ?? upper.toLowerCase()));
  return parts.join('\n\n');
}
