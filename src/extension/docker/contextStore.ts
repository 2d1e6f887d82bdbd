// The Docker CLI's context store, read and written in the CLI's own format: `config.json` names the
// current context; `contexts/meta/<sha256 of name>/meta.json` holds each context's endpoint;
// `contexts/tls/<sha256 of name>/docker/{ca,cert,key}.pem` its TLS material.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** What reading the store needs from a file system, so tests can point it at a temp dir. */
export interface StoreReader {
  readFile(file: string): Promise<string>;
  readdir(dir: string): Promise<string[]>;
  exists(file: string): Promise<boolean>;
}

/** The real file system. */
export const nodeReader: StoreReader = {
  readFile: (file) => fs.readFile(file, 'utf8'),
  readdir: (dir) => fs.readdir(dir),
  exists: (file) =>
    fs.access(file).then(
      () => true,
      () => false,
    ),
};

/** One context as the store describes it. */
export interface StoredContext {
  readonly name: string;
  readonly description: string;
  /** The Docker endpoint (`Endpoints.docker.Host`); undefined when the context has none. */
  readonly host: string | undefined;
  readonly skipTlsVerify: boolean;
  /** The folder with ca.pem/cert.pem/key.pem for the docker endpoint, when the context has one. */
  readonly tlsPath: string | undefined;
  /** The files in `tlsPath` (ca.pem, cert.pem, key.pem), sorted. */
  readonly tlsFiles: readonly string[];
  /** The folder of meta.json. */
  readonly metaPath: string;
}

/** The name the CLI gives the context made from DOCKER_HOST or the default socket. */
export const defaultContextName = 'default';

/** The store's key for a context name: the hex SHA-256 of the name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** The CLI's configuration folder: `DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configured = env.DOCKER_CONFIG?.trim();
  return configured ? configured : path.join(home, '.docker');
}

/** `currentContext` from config.json, or undefined when unset, missing or unreadable. */
export async function readCurrentContext(
  configDir: string,
  reader: StoreReader,
): Promise<string | undefined> {
  let text: string;
  try {
    text = await reader.readFile(path.join(configDir, 'config.json'));
  } catch {
    return undefined;
  }
  const parsed = parseJson(text);
  const current = isRecord(parsed) ? parsed.currentContext : undefined;
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** Reads one context by name; undefined when the store has no such context. */
export async function readContext(
  configDir: string,
  name: string,
  reader: StoreReader,
): Promise<StoredContext | undefined> {
  return readMeta(configDir, contextDirName(name), reader);
}

/** Every context in the store (not `default`, which the store never holds), sorted by name. */
export async function listContexts(configDir: string, reader: StoreReader): Promise<StoredContext[]> {
  let dirs: string[];
  try {
    dirs = await reader.readdir(path.join(configDir, 'contexts', 'meta'));
  } catch {
    return [];
  }
  const found = await Promise.all(dirs.map((dir) => readMeta(configDir, dir, reader)));
  return found
    .filter((context): context is StoredContext => context !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function readMeta(
  configDir: string,
  dir: string,
  reader: StoreReader,
): Promise<StoredContext | undefined> {
  const metaPath = path.join(configDir, 'contexts', 'meta', dir);
  let text: string;
  try {
    text = await reader.readFile(path.join(metaPath, 'meta.json'));
  } catch {
    return undefined;
  }
  const meta = parseJson(text);
  if (!isRecord(meta) || typeof meta.Name !== 'string') {
    return undefined;
  }
  const metadata = isRecord(meta.Metadata) ? meta.Metadata : {};
  const endpoints = isRecord(meta.Endpoints) ? meta.Endpoints : {};
  const docker = isRecord(endpoints.docker) ? endpoints.docker : {};
  const tlsDir = path.join(configDir, 'contexts', 'tls', dir, 'docker');
  const tlsFiles = await reader.readdir(tlsDir).then(
    (names) => names.filter((n) => n.endsWith('.pem')).sort(),
    () => undefined,
  );
  return {
    name: meta.Name,
    description: typeof metadata.Description === 'string' ? metadata.Description : '',
    host: typeof docker.Host === 'string' && docker.Host !== '' ? docker.Host : undefined,
    skipTlsVerify: docker.SkipTLSVerify === true,
    tlsPath: tlsFiles !== undefined ? tlsDir : undefined,
    tlsFiles: tlsFiles ?? [],
    metaPath,
  };
}

/** What `docker context create` records for a Docker endpoint. */
export interface NewContext {
  name: string;
  description: string;
  host: string;
  skipTlsVerify: boolean;
  /** PEM text of the files to store beside it, each optional. */
  tls?: { ca?: string; cert?: string; key?: string };
}

/** Why a context name is refused, or undefined when the CLI would accept it. */
export function contextNameProblem(name: string): string | undefined {
  if (name === '') {
    return 'A context needs a name.';
  }
  if (name === defaultContextName) {
    return '"default" is reserved for the context made from DOCKER_HOST.';
  }
  // The CLI's rule: a letter or digit, then letters, digits, '_', '.', '+' or '-'.
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/.test(name)) {
    return 'Use letters, digits, "_", ".", "+" and "-", starting with a letter or digit.';
  }
  return undefined;
}

/** Thrown when the store refuses a change (name taken, invalid, or the context is missing). */
export class ContextStoreError extends Error {}

/** Writes a new context exactly as `docker context create` would; refuses an existing name. */
export async function writeContext(configDir: string, context: NewContext): Promise<StoredContext> {
  const problem = contextNameProblem(context.name);
  if (problem !== undefined) {
    throw new ContextStoreError(problem);
  }
  const dir = contextDirName(context.name);
  const metaPath = path.join(configDir, 'contexts', 'meta', dir);
  if (await nodeReader.exists(path.join(metaPath, 'meta.json'))) {
    throw new ContextStoreError(`A context named "${context.name}" already exists.`);
  }
  const metadata = context.description !== '' ? { Description: context.description } : {};
  const meta = {
    Name: context.name,
    Metadata: metadata,
    Endpoints: { docker: { Host: context.host, SkipTLSVerify: context.skipTlsVerify } },
  };
  let tlsPath: string | undefined;
  const files = Object.entries(context.tls ?? {}).filter((entry): entry is [string, string] => !!entry[1]);
  if (files.length > 0) {
    tlsPath = path.join(configDir, 'contexts', 'tls', dir, 'docker');
    await fs.mkdir(tlsPath, { recursive: true, mode: 0o700 });
    for (const [kind, pem] of files) {
      await fs.writeFile(path.join(tlsPath, `${kind}.pem`), pem, { mode: 0o600 });
    }
  }
  await fs.mkdir(metaPath, { recursive: true, mode: 0o755 });
  await fs.writeFile(path.join(metaPath, 'meta.json'), JSON.stringify(meta), { mode: 0o644 });
  return {
    name: context.name,
    description: context.description,
    host: context.host,
    skipTlsVerify: context.skipTlsVerify,
    tlsPath,
    tlsFiles: files.map(([kind]) => `${kind}.pem`).sort(),
    metaPath,
  };
}

/** Removes a context's metadata and TLS material, as `docker context rm` does. */
export async function removeContext(configDir: string, name: string): Promise<void> {
  if (name === defaultContextName) {
    throw new ContextStoreError('The "default" context cannot be removed.');
  }
  const dir = contextDirName(name);
  const metaPath = path.join(configDir, 'contexts', 'meta', dir);
  if (!(await nodeReader.exists(metaPath))) {
    throw new ContextStoreError(`There is no context named "${name}".`);
  }
  await fs.rm(metaPath, { recursive: true, force: true });
  await fs.rm(path.join(configDir, 'contexts', 'tls', dir), { recursive: true, force: true });
}

/** The JSON `docker context inspect` prints for one context (without reading key material). */
export function inspectContext(context: StoredContext): Record<string, unknown> {
  return {
    Name: context.name,
    Metadata: context.description !== '' ? { Description: context.description } : {},
    Endpoints: { docker: { Host: context.host ?? '', SkipTLSVerify: context.skipTlsVerify } },
    TLSMaterial: context.tlsFiles.length > 0 ? { docker: [...context.tlsFiles] } : {},
    Storage: {
      MetadataPath: context.metaPath,
      TLSPath: context.tlsPath !== undefined ? path.dirname(context.tlsPath) : '',
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
