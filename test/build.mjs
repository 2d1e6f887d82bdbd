// Bundles every test file (test/<layer>/**/*.test.ts, plus test/host/index.ts) into out/test,
// keeping the runners and the host APIs external. Usage: node test/build.mjs [layer ...]
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const layers =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : ['unit', 'conformance', 'lsp', 'docker', 'host', 'ui'];

function testFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) {
      out = out.concat(testFiles(file));
    } else if (name.endsWith('.test.ts') || (dir === 'test/host' && name === 'index.ts')) {
      out.push(file);
    }
  }
  return out;
}

// Stale bundles of deleted tests would still run: start each layer's output afresh.
for (const layer of layers) rmSync(join('out', 'test', layer), { recursive: true, force: true });

const entryPoints = {};
for (const layer of layers) {
  for (const file of testFiles(join('test', layer))) {
    entryPoints[relative('test', file).replace(/\.ts$/, '')] = file;
  }
}

await esbuild.build({
  entryPoints,
  outdir: 'out/test',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: [
    'vscode',
    'mocha',
    'playwright-core',
    '@vscode/test-electron',
    'cpu-features',
    './crypto/build/Release/sshcrypto.node',
  ],
});
