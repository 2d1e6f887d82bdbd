// Shared plumbing for the conformance suites: reading ../shared/conformance (absent for someone
// who cloned the repository alone) and holding each suite to its floor in floors.json, a pass
// count that only ever rises.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the shared fixtures live: DOCKWRIGHT_SHARED or ../shared beside the checkout. */
export const sharedDir = resolve(process.env.DOCKWRIGHT_SHARED ?? join(process.cwd(), '..', 'shared'));

const floorsFile = join(process.cwd(), 'test', 'conformance', 'floors.json');

/** Reads one JSON Lines suite, or returns undefined (with a message) when the fixtures are absent. */
export function loadSuite<T>(file: string): T[] | undefined {
  const path = join(sharedDir, 'conformance', file);
  if (!existsSync(path)) {
    console.log(`  skipped: ${path} is absent (clone the shared fixtures beside the checkout)`);
    return undefined;
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Lists the corpus Dockerfiles as [name, text], or undefined when the corpus is absent. */
export function loadCorpus(): Array<[string, string]> | undefined {
  const dir = join(sharedDir, 'corpus');
  if (!existsSync(dir)) {
    console.log(`  skipped: ${dir} is absent (clone the shared fixtures beside the checkout)`);
    return undefined;
  }
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.md') && !name.endsWith('.tsv'))
    .sort()
    .map((name) => [name, readFileSync(join(dir, name), 'utf8')]);
}

/** The floor recorded for a suite (0 when none is recorded yet). */
export function floorOf(suite: string): number {
  const floors = JSON.parse(readFileSync(floorsFile, 'utf8')) as Record<string, number>;
  return floors[suite] ?? 0;
}

/**
 * Prints "<suite>: passed/total passed (floor N)" and the first failures, and throws when the
 * pass count fell below the suite's floor.
 */
export function holdFloor(suite: string, total: number, failures: readonly string[]): void {
  const passed = total - failures.length;
  const floor = floorOf(suite);
  console.log(`  ${suite}: ${passed}/${total} passed (floor ${floor})`);
  for (const failure of failures.slice(0, 15)) {
    console.log(`    - ${failure}`);
  }
  if (failures.length > 15) {
    console.log(`    … and ${failures.length - 15} more`);
  }
  if (passed < floor) {
    throw new Error(`${suite}: ${passed} passed, below the floor of ${floor}`);
  }
}
