// One client per registry, with the credentials Dockwright stored itself (only ever in the
// secret store) or, failing those, the ones Docker already has; log in and log out.
import { readFile } from 'node:fs/promises';
import { TokenCache } from './authChallenge';
import type { CredentialSources, RegistryCredential } from './credentials';
import { resolveDockerCredential } from './credentials';
import type { HubOptions } from './dockerHub';
import { hubLogin } from './dockerHub';
import type { RegistryEntry } from './registryEntries';
import { apiHostOf } from './registryEntries';
import { RegistryClient } from './v2Client';

/** The part of VS Code's SecretStorage the sessions use. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

const secretKey = (host: string) => `dockwright.registry:${host}`;

/** Whether a credential is Dockwright's own or Docker's, for the view and Log Out. */
export type CredentialOrigin = 'dockwright' | 'docker' | 'none';

export class RegistrySessions {
  private readonly clients = new Map<string, Promise<RegistryClient>>();
  private readonly tokens = new TokenCache();
  private readonly hubTokens = new Map<string, Promise<string>>();
  private readonly forgetListeners: ((host?: string) => void)[] = [];

  constructor(
    private readonly secrets: SecretStore,
    private readonly docker: () => CredentialSources = () => ({}),
    private readonly timeoutMs: () => number = () => 30_000,
  ) {}

  private async stored(host: string): Promise<RegistryCredential | undefined> {
    const text = await this.secrets.get(secretKey(host));
    if (text === undefined) return undefined;
    try {
      const json = JSON.parse(text) as { username?: unknown; secret?: unknown };
      if (typeof json.username === 'string' && typeof json.secret === 'string') {
        return { username: json.username, secret: json.secret, source: 'Dockwright' };
      }
    } catch {
      // An unreadable entry is as good as none.
    }
    return undefined;
  }

  /** The credential for a host: Dockwright's own first, then Docker's; undefined when neither. */
  async credential(host: string): Promise<RegistryCredential | undefined> {
    return (
      (await this.stored(host)) ?? (await resolveDockerCredential(host, this.docker()).catch(() => undefined))
    );
  }

  /** Whether Dockwright holds a login of its own for a host. */
  async hasOwnLogin(host: string): Promise<boolean> {
    return (await this.stored(host)) !== undefined;
  }

  /** Where the credential for a host comes from. */
  async origin(host: string): Promise<CredentialOrigin> {
    if ((await this.stored(host)) !== undefined) return 'dockwright';
    const docker = await resolveDockerCredential(host, this.docker()).catch(() => undefined);
    return docker === undefined ? 'none' : 'docker';
  }

  private async build(entry: RegistryEntry, credential?: RegistryCredential): Promise<RegistryClient> {
    const extraCa = entry.caFile === undefined ? undefined : await readFile(entry.caFile);
    return new RegistryClient(apiHostOf(entry.host), {
      insecureHosts: entry.insecure ? [entry.host] : [],
      extraCa,
      timeoutMs: this.timeoutMs(),
      tokenCache: credential === undefined ? this.tokens : new TokenCache(),
      credential: () =>
        credential !== undefined ? Promise.resolve(credential) : this.credential(entry.host),
    });
  }

  /** The client of a registry (kept until its options or credentials change). */
  client(entry: RegistryEntry): Promise<RegistryClient> {
    const key = JSON.stringify([entry.host, entry.insecure, entry.caFile ?? '']);
    let client = this.clients.get(key);
    if (client === undefined) {
      client = this.build(entry);
      this.clients.set(key, client);
      // A CA file that cannot be read is reported now and tried again next time.
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  /** The Hub API's token for the Docker Hub credential, or undefined when there is none. */
  async hubToken(options: HubOptions = {}): Promise<string | undefined> {
    const credential = await this.credential('docker.io');
    if (credential === undefined || credential.secret === '') return undefined;
    let token = this.hubTokens.get(credential.username);
    if (token === undefined) {
      token = hubLogin(credential, { timeoutMs: this.timeoutMs(), ...options });
      this.hubTokens.set(credential.username, token);
      token.catch(() => this.hubTokens.delete(credential.username));
    }
    return token;
  }

  /**
   * Checks a user name and secret against the registry and stores them only when it accepts
   * them; a refusal throws (naming the registry, never the secret) and stores nothing.
   */
  async logIn(entry: RegistryEntry, username: string, secret: string, signal?: AbortSignal): Promise<void> {
    const credential: RegistryCredential = { username, secret, source: 'the login form' };
    const client = await this.build(entry, credential);
    await client.checkLogin(signal);
    await this.secrets.store(secretKey(entry.host), JSON.stringify({ username, secret }));
    this.forget(entry.host);
  }

  /** Removes what Dockwright stored for a host; Docker's own credentials stay where they are. */
  async logOut(host: string): Promise<void> {
    await this.secrets.delete(secretKey(host));
    this.forget(host);
  }

  /** Calls `listener` whenever clients are dropped: a login, a logout, changed TLS options or settings. */
  onDidForget(listener: (host?: string) => void): void {
    this.forgetListeners.push(listener);
  }

  /** Drops clients and tokens of a host, so the next request reads credentials again. */
  forget(host?: string): void {
    for (const listener of this.forgetListeners) listener(host);
    for (const key of [...this.clients.keys()]) {
      if (host === undefined || (JSON.parse(key) as string[])[0] === host) this.clients.delete(key);
    }
    this.tokens.forget();
    if (host === undefined || host === 'docker.io') this.hubTokens.clear();
  }
}
