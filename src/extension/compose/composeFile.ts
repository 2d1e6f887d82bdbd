// Loading a Compose project from its files, as far as decides which services exist and under which
// profiles: YAML (anchors and `<<` merges), `.env` and variable substitution, `include`, `extends`
// (in the same file or another) and the merge of several `-f` files. Files come through a narrow
// reader so this stays pure; problems are collected, never thrown.
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Lookup } from './interpolate';
import { interpolateTree, parseEnvFile } from './interpolate';
import { projectNameFrom } from './projectName';

/** Reads a file's text; undefined when it does not exist or cannot be read. */
export type ReadText = (file: string) => Promise<string | undefined>;

/** One service as the project defines it. */
export interface ComposeService {
  name: string;
  /** Empty: always enabled. */
  profiles: string[];
  image?: string;
  /** Has a `build` section. */
  build: boolean;
  containerName?: string;
  /** `deploy.replicas` or `scale`, when set. */
  replicas?: number;
  /** The files (absolute) that mention the service under `services:`, in load order. */
  files: string[];
}

/** A project as its files define it. */
export interface ComposeProjectDefinition {
  /** The project name Compose would use. */
  name: string;
  /** The project directory (relative paths and `.env` are read from there). */
  workingDir: string;
  /** The `-f` files, absolute, in order. */
  files: string[];
  /** Every file read, included ones too. */
  allFiles: string[];
  /** Services by name, sorted. */
  services: ComposeService[];
  /** Every profile some service names, sorted. */
  profiles: string[];
  /** Profiles enabled by `COMPOSE_PROFILES`. */
  activeProfiles: string[];
  /** What went wrong, one sentence each with its file. */
  errors: string[];
}

/** What a project is loaded from. */
export interface LoadOptions {
  /** The `-f` files (absolute), in order; at least one. */
  files: readonly string[];
  /** The project directory; the first file's folder when absent. */
  workingDir?: string;
  /** The process environment (wins over `.env`, as with Compose). */
  env: Readonly<Record<string, string | undefined>>;
  /** A name fixed beforehand (a container's project label, or `-p`). */
  name?: string;
  read: ReadText;
}

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** What one file (with its includes) contributes. */
interface FileContent {
  name?: string;
  services: Map<string, Mapping>;
  /** The files that mention each service. */
  origins: Map<string, string[]>;
}

/** Loads a project: the files merged in order, `.env` read from the project directory. */
export async function loadComposeProject(options: LoadOptions): Promise<ComposeProjectDefinition> {
  const files = options.files.map((f) => path.resolve(f));
  const first = files[0] ?? '';
  const workingDir = path.resolve(options.workingDir ?? path.dirname(first));
  const errors: string[] = [];
  const allFiles: string[] = [];
  const dotenvText = await options.read(path.join(workingDir, '.env'));
  const outer: Lookup = (name) => options.env[name];
  const dotenv = dotenvText === undefined ? new Map<string, string>() : parseEnvFile(dotenvText, outer);
  const lookup: Lookup = (name) => options.env[name] ?? dotenv.get(name);
  const loader = new Loader(options.read, errors, allFiles);

  const merged: FileContent = { services: new Map(), origins: new Map() };
  for (const file of files) {
    const content = await loader.load(file, lookup, []);
    if (content === undefined) {
      continue;
    }
    mergeContent(merged, content);
  }

  const services = [...merged.services]
    .map(([name, raw]) => serviceOf(name, raw, merged.origins.get(name) ?? []))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const profiles = [...new Set(services.flatMap((s) => s.profiles))].sort();
  const activeProfiles = (lookup('COMPOSE_PROFILES') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return {
    name: options.name ?? projectNameFrom(lookup('COMPOSE_PROJECT_NAME'), merged.name, workingDir),
    workingDir,
    files,
    allFiles,
    services,
    profiles,
    activeProfiles,
    errors,
  };
}

/** Whether a service is enabled when `profiles` are active (no profiles: always). */
export function serviceEnabled(service: ComposeService, profiles: readonly string[]): boolean {
  return (
    service.profiles.length === 0 ||
    service.profiles.some((p) => profiles.includes(p) || profiles.includes('*'))
  );
}

function serviceOf(name: string, raw: Mapping, files: string[]): ComposeService {
  const profiles = Array.isArray(raw.profiles)
    ? [...new Set(raw.profiles.filter((p): p is string => typeof p === 'string' && p !== ''))].sort()
    : [];
  const service: ComposeService = {
    name,
    profiles,
    build: raw.build !== undefined && raw.build !== null,
    files: [...new Set(files)],
  };
  if (typeof raw.image === 'string') service.image = raw.image;
  if (typeof raw.container_name === 'string') service.containerName = raw.container_name;
  const deploy = isMapping(raw.deploy) ? raw.deploy : {};
  const replicas = Number(deploy.replicas ?? raw.scale);
  if (Number.isInteger(replicas) && replicas >= 0) service.replicas = replicas;
  return service;
}

/**
 * Merges an override into a base the way several `-f` files and `extends` combine: mappings key
 * by key, anything else replaced.
 */
export function mergeValues(base: unknown, override: unknown): unknown {
  if (!isMapping(base) || !isMapping(override)) {
    return override;
  }
  const out: Mapping = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = key in out ? mergeValues(out[key], value) : value;
  }
  return out;
}

/** Merges the next file's content into what the files before it gave. */
function mergeContent(into: FileContent, next: FileContent): void {
  if (next.name !== undefined) {
    into.name = next.name;
  }
  for (const [name, service] of next.services) {
    const before = into.services.get(name);
    into.services.set(name, before === undefined ? service : (mergeValues(before, service) as Mapping));
    into.origins.set(name, [...(into.origins.get(name) ?? []), ...(next.origins.get(name) ?? [])]);
  }
}

/** Reads files once each, resolving `include` and `extends`. */
class Loader {
  /** Parsed and interpolated documents, by file. */
  private readonly documents = new Map<string, Mapping | undefined>();

  constructor(
    private readonly read: ReadText,
    private readonly errors: string[],
    private readonly allFiles: string[],
  ) {}

  /** One file's document, interpolated; undefined (with an error) when unreadable or not a mapping. */
  private async document(file: string, lookup: Lookup): Promise<Mapping | undefined> {
    if (this.documents.has(file)) {
      return this.documents.get(file);
    }
    const text = await this.read(file);
    let doc: Mapping | undefined;
    if (text === undefined) {
      this.errors.push(`${file}: the file cannot be read.`);
    } else {
      this.allFiles.push(file);
      try {
        const value: unknown = parse(text, { merge: true, uniqueKeys: false, maxAliasCount: 10_000 });
        if (value === null || value === undefined) {
          doc = {};
        } else if (!isMapping(value)) {
          this.errors.push(`${file}: the top level is not a mapping.`);
        } else {
          const found: string[] = [];
          doc = interpolateTree(value, lookup, found) as Mapping;
          this.errors.push(...found.map((e) => `${file}: ${e}`));
        }
      } catch (err) {
        this.errors.push(`${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
    }
    this.documents.set(file, doc);
    return doc;
  }

  /** A file's services with its includes, `extends` resolved; `stack` guards include cycles. */
  async load(file: string, lookup: Lookup, stack: readonly string[]): Promise<FileContent | undefined> {
    if (stack.includes(file)) {
      this.errors.push(
        `${file}: included in a cycle (${[...stack, file].map((f) => path.basename(f)).join(' → ')}).`,
      );
      return undefined;
    }
    const doc = await this.document(file, lookup);
    if (doc === undefined) {
      return undefined;
    }
    const content: FileContent = { services: new Map(), origins: new Map() };
    if (typeof doc.name === 'string' && doc.name !== '') {
      content.name = doc.name;
    }
    const own = isMapping(doc.services) ? doc.services : {};
    for (const name of Object.keys(own)) {
      const resolved = await this.resolveExtends(file, name, lookup, []);
      if (resolved !== undefined) {
        content.services.set(name, resolved);
        content.origins.set(name, [file]);
      }
    }
    for (const included of await this.includes(file, doc, lookup, stack)) {
      for (const [name, service] of included.services) {
        if (content.services.has(name)) {
          this.errors.push(`${file}: service "${name}" is defined both here and in an included file.`);
          continue;
        }
        content.services.set(name, service);
        content.origins.set(name, included.origins.get(name) ?? []);
      }
    }
    return content;
  }

  /** The content of every file named under `include`, each with its own `.env`/`env_file`. */
  private async includes(
    file: string,
    doc: Mapping,
    lookup: Lookup,
    stack: readonly string[],
  ): Promise<FileContent[]> {
    if (doc.include === undefined || doc.include === null) {
      return [];
    }
    if (!Array.isArray(doc.include)) {
      this.errors.push(`${file}: "include" must be a list.`);
      return [];
    }
    const dir = path.dirname(file);
    const out: FileContent[] = [];
    for (const entry of doc.include) {
      const spec = typeof entry === 'string' ? { path: entry } : isMapping(entry) ? entry : undefined;
      const paths = typeof spec?.path === 'string' ? [spec.path] : Array.isArray(spec?.path) ? spec.path : [];
      const targets = paths
        .filter((p): p is string => typeof p === 'string')
        .map((p) => path.resolve(dir, p));
      if (targets.length === 0) {
        this.errors.push(`${file}: an "include" entry names no file.`);
        continue;
      }
      const projectDir =
        typeof spec?.project_directory === 'string'
          ? path.resolve(dir, spec.project_directory)
          : path.dirname(targets[0] ?? file);
      const envFiles =
        typeof spec?.env_file === 'string'
          ? [spec.env_file]
          : Array.isArray(spec?.env_file)
            ? spec.env_file.filter((e): e is string => typeof e === 'string')
            : ['.env'];
      const vars = new Map<string, string>();
      for (const envFile of envFiles) {
        const text = await this.read(path.resolve(envFile === '.env' ? projectDir : dir, envFile));
        if (text !== undefined) {
          for (const [k, v] of parseEnvFile(text, lookup)) vars.set(k, v);
        }
      }
      const inner: Lookup = (name) => lookup(name) ?? vars.get(name);
      // Several paths of one entry merge like several -f files.
      const merged: FileContent = { services: new Map(), origins: new Map() };
      for (const target of targets) {
        const content = await this.load(target, inner, [...stack, file]);
        if (content !== undefined) {
          mergeContent(merged, content);
        }
      }
      out.push(merged);
    }
    return out;
  }

  /** A service with what it extends merged under it; `chain` guards cycles. */
  private async resolveExtends(
    file: string,
    name: string,
    lookup: Lookup,
    chain: readonly string[],
  ): Promise<Mapping | undefined> {
    const key = `${file}#${name}`;
    if (chain.includes(key)) {
      this.errors.push(
        `${file}: service "${name}" extends itself through ${chain.map((c) => c.split('#')[1]).join(' → ')}.`,
      );
      return undefined;
    }
    const doc = await this.document(file, lookup);
    const services = isMapping(doc?.services) ? doc.services : {};
    const raw = services[name];
    const service: Mapping = isMapping(raw) ? raw : {};
    const ext = service.extends;
    if (ext === undefined || ext === null) {
      return service;
    }
    const base = typeof ext === 'string' ? { service: ext } : isMapping(ext) ? ext : {};
    if (typeof base.service !== 'string' || base.service === '') {
      this.errors.push(`${file}: service "${name}" has an "extends" without a service.`);
      return withoutExtends(service);
    }
    const baseFile = typeof base.file === 'string' ? path.resolve(path.dirname(file), base.file) : file;
    const baseDoc = await this.document(baseFile, lookup);
    const baseServices = isMapping(baseDoc?.services) ? baseDoc.services : {};
    if (baseDoc === undefined) {
      return withoutExtends(service);
    }
    if (!(base.service in baseServices)) {
      this.errors.push(
        `${file}: service "${name}" extends "${base.service}", which ${baseFile === file ? 'this file' : path.basename(baseFile)} does not define.`,
      );
      return withoutExtends(service);
    }
    const parent = await this.resolveExtends(baseFile, base.service, lookup, [...chain, key]);
    return mergeValues(parent ?? {}, withoutExtends(service)) as Mapping;
  }
}

function withoutExtends(service: Mapping): Mapping {
  const rest = { ...service };
  delete rest.extends;
  return rest;
}
