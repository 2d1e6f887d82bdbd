// The extension-tests module VS Code loads in the extension host (extensionTestsPath): runs every
// built test/host/**/*.test.js with mocha and reports the counts. The closing
// "host: N passed, N failed, N skipped" line is printed here and, when DOCKWRIGHT_HOST_RESULT
// names a file, also written there as JSON for test/host/runHost.mjs.
import Mocha from 'mocha';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The outcome of one run. */
export interface HostCounts {
  passed: number;
  failed: number;
  skipped: number;
}

function builtTests(dir: string): string[] {
  let files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) files = files.concat(builtTests(file));
    else if (name.endsWith('.test.js')) files.push(file);
  }
  return files;
}

/** Called by VS Code once the window is up; a rejection makes the run exit with code 1. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const grep = process.env.DOCKWRIGHT_HOST_GREP;
  if (grep !== undefined && grep !== '') mocha.grep(grep);
  for (const file of builtTests(__dirname)) mocha.addFile(file);

  const counts: HostCounts = { passed: 0, failed: 0, skipped: 0 };
  await new Promise<void>((done) => {
    const runner = mocha.run();
    runner.on('pass', () => counts.passed++);
    runner.on('fail', () => counts.failed++);
    runner.on('pending', () => counts.skipped++);
    runner.on('end', () => done());
  });

  console.log(`host: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  const resultFile = process.env.DOCKWRIGHT_HOST_RESULT;
  if (resultFile !== undefined && resultFile !== '') writeFileSync(resultFile, JSON.stringify(counts));
  if (counts.failed > 0 || counts.passed === 0) {
    throw new Error(counts.failed > 0 ? `${counts.failed} host test(s) failed` : 'no host test passed');
  }
}
