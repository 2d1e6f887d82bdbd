// Runs the in-host tests with the standard @vscode/test-electron runner, in the real VS Code of
// scripts/host (scripts/host/code stands in for the VS Code executable), and prints the closing
// line "host: N passed, N failed, N skipped". Exit code 1 when anything failed or nothing passed.
// Usage: node test/host/runHost.mjs [--grep pattern]   (after: npm run build && node test/build.mjs host)
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const testsPath = join(root, 'out', 'test', 'host', 'index.js');
if (!existsSync(testsPath)) {
  console.error(`${testsPath} is missing; run: npm run build && node test/build.mjs host`);
  process.exit(2);
}

const resultDir = mkdtempSync(join(tmpdir(), 'dockwright-host-result-'));
const resultFile = join(resultDir, 'counts.json');
const grepAt = process.argv.indexOf('--grep');
let runFailed = false;
try {
  await runTests({
    vscodeExecutablePath: join(root, 'scripts', 'host', 'code'),
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    launchArgs: [join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
    extensionTestsEnv: {
      DOCKWRIGHT_HOST_RESULT: resultFile,
      ...(grepAt > 0 ? { DOCKWRIGHT_HOST_GREP: process.argv[grepAt + 1] } : {}),
    },
  });
} catch (err) {
  runFailed = true;
  console.error(err instanceof Error ? err.message : String(err));
}

let counts = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(resultFile)) {
  counts = JSON.parse(readFileSync(resultFile, 'utf8'));
} else {
  console.error('The host run ended before the tests reported their counts.');
  counts.failed = 1;
}
rmSync(resultDir, { recursive: true, force: true });
console.log(`host: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exitCode = runFailed || counts.failed > 0 || counts.passed === 0 ? 1 : 0;
