// The credentials Docker already has: config.json `auths`, `credsStore` and `credHelpers`
// (`docker-credential-<helper> get`, run without a shell, the server on stdin).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A user name and secret (password or token). The secret is never put in a message. */
export interface RegistryCredential {
  username: string;
  secret: string;
  /** An OAuth refresh token `docker login` stored instead of a password. */
  identityToken?: string;
  /** Where it came from, for display: `config.json`, `credsStore desktop`, `credHelpers ecr-login`. */
  source: string;
}

/** The parts of Docker's config.json that name credentials. */
export interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Docker Hub's key in config.json, as `docker login` writes it. */
export const dockerHubServer = 'https://index.docker.io/v1/';

const dockerHubHosts = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/** A credential error; its message names the registry and helper, never a secret. */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

/** The folder of Docker's config.json: $DOCKER_CONFIG or ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.DOCKER_CONFIG;
  return dir !== undefined && dir !== '' ? dir : join(homedir(), '.docker');
}

/** Reads config.json; a missing file is an empty config, a broken one is an error that says where. */
export async function readDockerConfig(dir: string): Promise<DockerConfigFile> {
  const file = join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CredentialError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const json = JSON.parse(text) as unknown;
    return typeof json === 'object' && json !== null ? json : {};
  } catch {
    // The parser's message would quote the file, which may hold secrets.
    throw new CredentialError(`${file} is not valid JSON`);
  }
}

/**
 * The host a config.json key or registry address names: `https://index.docker.io/v1/` →
 * `index.docker.io`, `127.0.0.1:5000` stays. Docker Hub's aliases all become `docker.io`.
 */
export function normalizeRegistryHost(key: string): string {
  let host = key.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const slash = host.indexOf('/');
  if (slash >= 0) host = host.slice(0, slash);
  return dockerHubHosts.has(host) ? 'docker.io' : host;
}

/** The server string helpers and `auths` know a registry by (Docker Hub's is its v1 URL). */
export function serverKeyFor(host: string): string {
  return normalizeRegistryHost(host) === 'docker.io' ? dockerHubServer : host;
}

/** Finds the `auths`/`credHelpers` entry for a host, whatever form the key was written in. */
function entryFor<T>(table: Record<string, T> | undefined, host: string): [string, T] | undefined {
  if (table === undefined) return undefined;
  const wanted = normalizeRegistryHost(host);
  for (const [key, value] of Object.entries(table)) {
    if (normalizeRegistryHost(key) === wanted) return [key, value];
  }
  return undefined;
}

/** Runs a credential helper; tests and callers may replace it. */
export type HelperRunner = (
  helper: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
) => Promise<HelperAnswer>;

export type HelperAnswer = { found: true; username: string; secret: string } | { found: false };

const helperName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * `docker-credential-<helper> get` with the server on stdin, found on PATH, without a shell.
 * Its output is never quoted in errors: it may hold the secret.
 */
export const runCredentialHelper: HelperRunner = (helper, serverUrl, env) =>
  new Promise((resolve, reject) => {
    if (!helperName.test(helper)) {
      reject(new CredentialError(`"${helper}" is not a credential helper name`));
      return;
    }
    const program = `docker-credential-${helper}`;
    const child = execFile(
      program,
      ['get'],
      { env, timeout: 30_000, maxBuffer: 1024 * 1024, windowsHide: true, shell: false },
      (err, stdout) => {
        const out = String(stdout).trim();
        if (err !== null) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            reject(new CredentialError(`${program} was not found on PATH`));
            return;
          }
          // Helpers answer a missing entry on stdout with exit status 1.
          if (/credentials not found/i.test(out)) {
            resolve({ found: false });
            return;
          }
          reject(
            new CredentialError(
              `${program} failed for ${serverUrl} (exit ${String(err.code ?? err.signal)})`,
            ),
          );
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(out);
        } catch {
          reject(new CredentialError(`${program} answered something other than JSON for ${serverUrl}`));
          return;
        }
        const r = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
        const username = typeof r.Username === 'string' ? r.Username : '';
        const secret = typeof r.Secret === 'string' ? r.Secret : '';
        resolve(secret === '' ? { found: false } : { found: true, username, secret });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(serverUrl);
  });

export interface CredentialSources {
  /** Folder of config.json; defaults to $DOCKER_CONFIG or ~/.docker. */
  configDir?: string;
  /** Environment for the helper (PATH); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  runHelper?: HelperRunner;
}

function fromAuthEntry(
  entry: { auth?: string; username?: string; password?: string; identitytoken?: string },
  key: string,
): RegistryCredential | undefined {
  let username = entry.username ?? '';
  let secret = entry.password ?? '';
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new CredentialError(`the "auth" entry for ${key} in config.json is malformed`);
    username = decoded.slice(0, colon);
    secret = decoded.slice(colon + 1);
  }
  const credential: RegistryCredential = { username, secret, source: 'config.json' };
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    credential.identityToken = entry.identitytoken;
  }
  return secret === '' && credential.identityToken === undefined ? undefined : credential;
}

/**
 * The credential Docker would use for a registry host, in Docker's order: a `credHelpers` entry
 * for that host, else the `credsStore`, else `auths`. Undefined when Docker has none.
 */
export async function resolveDockerCredential(
  host: string,
  sources: CredentialSources = {},
): Promise<RegistryCredential | undefined> {
  const env = sources.env ?? process.env;
  const config = await readDockerConfig(sources.configDir ?? dockerConfigDir(env));
  const run = sources.runHelper ?? runCredentialHelper;
  const helperEntry = entryFor(config.credHelpers, host);
  const helper = helperEntry?.[1] ?? (config.credsStore !== '' ? config.credsStore : undefined);
  if (helper !== undefined) {
    // Helpers know the server by the key `docker login` used; Docker Hub's is its v1 URL.
    const server = helperEntry?.[0] ?? entryFor(config.auths, host)?.[0] ?? serverKeyFor(host);
    const answer = await run(helper, server, env);
    const label = helperEntry !== undefined ? `credHelpers ${helper}` : `credsStore ${helper}`;
    if (answer.found) {
      // Docker's convention: a user name of <token> means the secret is an identity token.
      if (answer.username === '<token>') {
        return { username: '', secret: '', identityToken: answer.secret, source: label };
      }
      return { username: answer.username, secret: answer.secret, source: label };
    }
    if (helperEntry !== undefined) return undefined;
  }
  const auth = entryFor(config.auths, host);
  return auth === undefined ? undefined : fromAuthEntry(auth[1], auth[0]);
}

/** Every registry host config.json knows (from `auths` and `credHelpers`), normalized, once each. */
export async function knownRegistries(sources: CredentialSources = {}): Promise<string[]> {
  const env = sources.env ?? process.env;
  const config = await readDockerConfig(sources.configDir ?? dockerConfigDir(env));
  const hosts = new Set<string>();
  for (const key of [...Object.keys(config.auths ?? {}), ...Object.keys(config.credHelpers ?? {})]) {
    const host = normalizeRegistryHost(key);
    if (host !== '') hosts.add(host);
  }
  return [...hosts];
}
