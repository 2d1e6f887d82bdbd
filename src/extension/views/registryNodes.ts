// The Registries view's rows as plain data: stable ids, what each row says, and the rows an error
// becomes (with a way forward). Pure, so the tree's logic is unit-tested without VS Code.
import type { ImageConfigSummary, Manifest, PlatformManifest } from '../registries/manifests';
import { formatPlatform, imageSize } from '../registries/manifests';
import type { RegistryEntry } from '../registries/registryEntries';
import { referencePrefix } from '../registries/registryEntries';
import { TransportError } from '../registries/transport';
import { RegistryError } from '../registries/v2Client';
import { HubError } from '../registries/dockerHub';
import { formatAge, formatBytes, shortId } from './format';

/** What a message row offers to do about itself. */
export type RowAction = 'logIn' | 'configureTls' | 'addNamespace' | 'retry';

export type RegistryNode =
  | { kind: 'registry'; id: string; entry: RegistryEntry }
  | { kind: 'namespace'; id: string; entry: RegistryEntry; namespace: string }
  | { kind: 'repository'; id: string; entry: RegistryEntry; repository: string; description?: string }
  | { kind: 'tag'; id: string; entry: RegistryEntry; repository: string; tag: string }
  | {
      kind: 'platform';
      id: string;
      entry: RegistryEntry;
      repository: string;
      tag: string;
      manifest: PlatformManifest;
    }
  | { kind: 'more'; id: string; entry: RegistryEntry; parentId: string }
  | { kind: 'message'; id: string; entry: RegistryEntry; text: string; error: boolean; action?: RowAction };

export type TagNode = Extract<RegistryNode, { kind: 'tag' }>;

export function registryNode(entry: RegistryEntry): RegistryNode {
  return { kind: 'registry', id: `registry:${entry.host}`, entry };
}

export function namespaceNode(entry: RegistryEntry, namespace: string): RegistryNode {
  return { kind: 'namespace', id: `registry:${entry.host}/ns:${namespace}`, entry, namespace };
}

export function repositoryNode(entry: RegistryEntry, repository: string, description?: string): RegistryNode {
  const node: RegistryNode = {
    kind: 'repository',
    id: `registry:${entry.host}/repo:${repository}`,
    entry,
    repository,
  };
  if (description !== undefined && description !== '') node.description = description;
  return node;
}

export function tagNode(entry: RegistryEntry, repository: string, tag: string): TagNode {
  return { kind: 'tag', id: `registry:${entry.host}/repo:${repository}:${tag}`, entry, repository, tag };
}

export function platformNodes(tag: TagNode, manifests: readonly PlatformManifest[]): RegistryNode[] {
  return manifests.map((manifest) => ({
    kind: 'platform',
    id: `${tag.id}@${manifest.digest}`,
    entry: tag.entry,
    repository: tag.repository,
    tag: tag.tag,
    manifest,
  }));
}

export function moreNode(entry: RegistryEntry, parentId: string): RegistryNode {
  return { kind: 'more', id: `${parentId}/more`, entry, parentId };
}

export function messageNode(
  entry: RegistryEntry,
  parentId: string,
  text: string,
  error: boolean,
  action?: RowAction,
): RegistryNode {
  const node: RegistryNode = { kind: 'message', id: `${parentId}/message`, entry, text, error };
  if (action !== undefined) node.action = action;
  return node;
}

/** The reference a user would pull: `127.0.0.1:5000/repo:tag`, `library/x` shown as `x` on Hub. */
export function tagReference(entry: RegistryEntry, repository: string, tag: string): string {
  const name = entry.host === 'docker.io' ? repository.replace(/^library\//, '') : repository;
  return `${referencePrefix(entry.host)}${name}:${tag}`;
}

/** The reference pinned to a digest: `host/repo@sha256:…`. */
export function digestReference(entry: RegistryEntry, repository: string, digest: string): string {
  const name = entry.host === 'docker.io' ? repository.replace(/^library\//, '') : repository;
  return `${referencePrefix(entry.host)}${name}@${digest}`;
}

/** What a tag row learns once its manifest (and config) have been read. */
export interface TagDetails {
  digest: string;
  manifest: Manifest;
  config?: ImageConfigSummary;
}

/** `1a2b3c4d5e6f · 2.1 MB · 3 days ago`, or `index · 3 platforms` for a list. */
export function tagDescription(details: TagDetails | undefined, nowMs: number): string {
  if (details === undefined) return '';
  const parts = [shortId(details.digest)];
  if (details.manifest.kind === 'index') {
    const n = details.manifest.manifests.length;
    parts.push(`index · ${n} platform${n === 1 ? '' : 's'}`);
    return parts.join(' · ');
  }
  parts.push(formatBytes(imageSize(details.manifest)));
  const created = details.config?.created === undefined ? NaN : Date.parse(details.config.created);
  if (Number.isFinite(created)) parts.push(formatAge(created / 1000, nowMs));
  return parts.join(' · ');
}

/** A platform row's label and description: `linux/arm64/v8`, `1a2b3c4d5e6f · 2.1 MB`. */
export function platformLabel(manifest: PlatformManifest): { label: string; description: string } {
  return {
    label: formatPlatform(manifest.platform),
    description: `${shortId(manifest.digest)} · ${formatBytes(manifest.size)}`,
  };
}

/** The words and way forward of a failure under a registry, repository or namespace. */
export function errorRow(err: unknown): { text: string; action?: RowAction } {
  if (err instanceof RegistryError) {
    if (err.kind === 'auth') return { text: err.message, action: 'logIn' };
    if (err.kind === 'notFound' && /has no catalog/.test(err.message)) {
      return { text: `${err.registry} does not list its repositories (no catalog)` };
    }
    return { text: err.message, action: 'retry' };
  }
  if (err instanceof TransportError) {
    const tls =
      /certificate/.test(err.message) ||
      /^(ERR_TLS|CERT_|UNABLE_TO|SELF_SIGNED|DEPTH_ZERO)/.test(err.code ?? '');
    if (tls) return { text: err.message, action: 'configureTls' };
    if (/refusing plain HTTP/.test(err.message)) return { text: err.message, action: 'configureTls' };
    return { text: err.message, action: 'retry' };
  }
  if (err instanceof HubError) {
    return err.status === 401 || err.status === 403
      ? { text: err.message, action: 'logIn' }
      : { text: err.message, action: 'retry' };
  }
  return { text: err instanceof Error ? err.message : String(err), action: 'retry' };
}

/** The `contextValue` of a row, for menus: `registry.loggedIn`, `registryTag`, … */
export function contextValueOf(node: RegistryNode, loggedIn: boolean, removable: boolean): string {
  switch (node.kind) {
    case 'registry':
      return `registry.${loggedIn ? 'loggedIn' : 'loggedOut'}${removable ? '.removable' : ''}`;
    case 'namespace':
      return 'registryNamespace';
    case 'repository':
      return 'registryRepository';
    case 'tag':
      return 'registryTag';
    case 'platform':
      return 'registryPlatform';
    case 'more':
      return 'registryMore';
    case 'message':
      return node.action === undefined ? 'registryMessage' : `registryMessage.${node.action}`;
  }
}
