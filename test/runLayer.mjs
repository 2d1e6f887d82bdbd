// Runs one test layer's built files (out/test/<layer>/**/*.test.js) with mocha and prints the
// closing line "<layer>: N passed, N failed, N skipped". Exit code 1 when anything failed.
// Usage: node test/runLayer.mjs <layer> [--grep pattern]
import Mocha from 'mocha';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const layer = process.argv[2];
const grepAt = process.argv.indexOf('--grep');
if (!layer) {
  console.error('usage: node test/runLayer.mjs <layer> [--grep pattern]');
  process.exit(2);
}

function builtTests(dir) {
  if (!existsSync(dir)) return [];
  let out = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) out = out.concat(builtTests(file));
    else if (name.endsWith('.test.js')) out.push(resolve(file));
  }
  return out;
}

const timeouts = { unit: 10_000, conformance: 120_000, lsp: 20_000, docker: 60_000, ui: 180_000 };
const mocha = new Mocha({ reporter: 'spec', timeout: timeouts[layer] ?? 60_000, color: false });
if (grepAt > 0) mocha.grep(process.argv[grepAt + 1]);
for (const file of builtTests(join('out', 'test', layer))) mocha.addFile(file);

const counts = { passed: 0, failed: 0, skipped: 0 };
const runner = mocha.run();
runner.on('pass', () => counts.passed++);
runner.on('fail', () => counts.failed++);
runner.on('pending', () => counts.skipped++);
runner.on('end', () => {
  console.log(`${layer}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
});
