// An image reference split the way Docker reads it: the registry host is the first component
// when it looks like one (a dot, a port or `localhost`), else Docker Hub.
import { serverKeyFor, type RegistryCredential } from '../registries/credentials';
import type { EngineAuth } from './client';

/** The parts of `[host/]path[:tag][@digest]`. */
export interface ImageName {
  /** The registry host (`docker.io` when none is written). */
  readonly host: string;
  /** Whether the reference names its host. */
  readonly explicitHost: boolean;
  /** Everything before the tag or digest, as written (host included when given). */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** Splits a reference; no validation (the Engine says what is wrong with a bad one). */
export function splitImageName(reference: string): ImageName {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const explicitHost =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  return { host: explicitHost ? first : 'docker.io', explicitHost, repository: rest, tag, digest };
}

/** `repository:tag` or `repository@digest`, with `latest` when neither is written. */
export function fullReference(name: ImageName): string {
  if (name.digest !== undefined) {
    return `${name.repository}@${name.digest}`;
  }
  return `${name.repository}:${name.tag ?? 'latest'}`;
}

/** The credential in the form the Engine takes it (`X-Registry-Auth`), for one registry host. */
export function engineAuth(host: string, credential: RegistryCredential | undefined): EngineAuth | undefined {
  if (credential === undefined) {
    return undefined;
  }
  const serveraddress = serverKeyFor(host);
  if (credential.identityToken !== undefined) {
    return { identitytoken: credential.identityToken, serveraddress };
  }
  return { username: credential.username, password: credential.secret, serveraddress };
}
