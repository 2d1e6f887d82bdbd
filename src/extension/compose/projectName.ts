// Project names and the file names Compose looks for on its own.
import * as path from 'node:path';

/** Lower case, only `a-z 0-9 _ -`, not starting with `_` or `-`: what Compose makes of a name. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/**
 * The project name, in Compose's order: `COMPOSE_PROJECT_NAME`, then the files' `name:`, then the
 * project folder's name, normalized.
 */
export function projectNameFrom(
  envName: string | undefined,
  fileName: string | undefined,
  workingDir: string,
): string {
  for (const candidate of [envName, fileName, path.basename(workingDir)]) {
    const name = normalizeProjectName(candidate ?? '');
    if (name !== '') {
      return name;
    }
  }
  return 'default';
}

/** The files Compose reads without `-f`, in the order it tries them (the first found wins). */
export const defaultComposeFiles = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
];

/** The override read beside the default file, first found wins. */
export const overrideComposeFiles = [
  'compose.override.yaml',
  'compose.override.yml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/** Whether a file name is one Compose reads on its own (a default or an override). */
export function isDefaultComposeFile(fileName: string): boolean {
  const base = path.basename(fileName);
  return defaultComposeFiles.includes(base) || overrideComposeFiles.includes(base);
}

/** Whether a file name looks like a Compose file (`compose.yaml`, `docker-compose.prod.yml`, …). */
export function looksLikeComposeFile(fileName: string): boolean {
  return /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i.test(path.basename(fileName));
}

/**
 * The files Compose would use in a folder, given the names present there: the first default file
 * and, when there is one, the first override. Empty when the folder has no default file.
 */
export function composeFilesIn(dir: string, names: ReadonlySet<string>): string[] {
  const main = defaultComposeFiles.find((n) => names.has(n));
  if (main === undefined) {
    return [];
  }
  const override = overrideComposeFiles.find((n) => names.has(n));
  return [main, ...(override !== undefined ? [override] : [])].map((n) => path.join(dir, n));
}

/** The config files a container's labels name (`com.docker.compose.project.config_files`). */
export function labelConfigFiles(value: string | undefined, workingDir: string | undefined): string[] {
  if (value === undefined || value.trim() === '') {
    return [];
  }
  return value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '')
    .map((f) => (workingDir !== undefined && !path.isAbsolute(f) ? path.resolve(workingDir, f) : f));
}
