// The files beside a Dockerfile that change its diagnostics: hadolint's configuration (looked up
// from the Dockerfile's folder upwards, as hadolint does from its working directory, stopping at
// the workspace folder) and the build context's .dockerignore. Read asynchronously and cached
// until a watched file changes.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_HADOLINT_CONFIG,
  HADOLINT_CONFIG_NAMES,
  parseHadolintConfig,
  type HadolintConfig,
} from './rules/hadolint/config';

export interface ProjectFiles {
  readonly hadolint: HadolintConfig;
  /** Where the hadolint configuration came from, and what was wrong with it. */
  readonly hadolintSource: string | undefined;
  readonly hadolintProblems: readonly string[];
  readonly dockerignore: string | undefined;
}

const EMPTY: ProjectFiles = {
  hadolint: DEFAULT_HADOLINT_CONFIG,
  hadolintSource: undefined,
  hadolintProblems: [],
  dockerignore: undefined,
};

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isInside(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/** hadolint's per-user configuration files, in the order it looks at them. */
export function userHadolintConfigs(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const xdg =
    env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== ''
      ? env.XDG_CONFIG_HOME
      : join(home, '.config');
  return [
    join(xdg, 'hadolint.yaml'),
    join(xdg, 'hadolint.yml'),
    join(home, '.hadolint', 'hadolint.yaml'),
    join(home, '.hadolint', 'hadolint.yml'),
    join(home, '.hadolint.yaml'),
    join(home, '.hadolint.yml'),
  ];
}

export class ProjectFileCache {
  private readonly cache = new Map<string, Promise<ProjectFiles>>();
  private roots: string[] = [];

  constructor(private readonly userConfigs: readonly string[] = userHadolintConfigs()) {}

  /** The workspace folders (file URIs or paths) that bound the upward search. */
  setRoots(roots: readonly string[]): void {
    this.roots = roots.map((root) => (root.startsWith('file:') ? fileURLToPath(root) : root));
    this.cache.clear();
  }

  /** Forgets everything, e.g. after a watched file changed. */
  clear(): void {
    this.cache.clear();
  }

  /** The files that apply to a document; documents that are not files get the defaults. */
  forDocument(uri: string): Promise<ProjectFiles> {
    if (!uri.startsWith('file:')) return Promise.resolve(EMPTY);
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return Promise.resolve(EMPTY);
    }
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached;
    const loaded = this.load(path);
    this.cache.set(path, loaded);
    return loaded;
  }

  private async load(path: string): Promise<ProjectFiles> {
    const dir = dirname(path);
    const root = this.roots
      .filter((candidate) => isInside(dir, candidate))
      .sort((a, b) => b.length - a.length)[0];
    let hadolint = DEFAULT_HADOLINT_CONFIG;
    let hadolintSource: string | undefined;
    let hadolintProblems: string[] = [];
    for (let current = dir; ; current = dirname(current)) {
      for (const name of HADOLINT_CONFIG_NAMES) {
        const text = await readText(join(current, name));
        if (text !== undefined && hadolintSource === undefined) {
          const parsed = parseHadolintConfig(text);
          hadolint = parsed.config;
          hadolintProblems = parsed.problems;
          hadolintSource = join(current, name);
        }
      }
      if (
        hadolintSource !== undefined ||
        current === root ||
        dirname(current) === current ||
        root === undefined
      )
        break;
    }
    // No project file: the user's own configuration, as hadolint falls back to it.
    for (const candidate of hadolintSource === undefined ? this.userConfigs : []) {
      const text = await readText(candidate);
      if (text === undefined) continue;
      const parsed = parseHadolintConfig(text);
      hadolint = parsed.config;
      hadolintProblems = parsed.problems;
      hadolintSource = candidate;
      break;
    }
    // BuildKit reads <Dockerfile>.dockerignore first, then the context's .dockerignore.
    const dockerignore =
      (await readText(join(dir, `${basename(path)}.dockerignore`))) ??
      (await readText(join(dir, '.dockerignore')));
    return { hadolint, hadolintSource, hadolintProblems, dockerignore };
  }
}
