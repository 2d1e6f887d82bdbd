// Builds the two bundles Dockwright ships: the extension host side and the language server.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Options shared by both bundles. */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    // ssh2 loads optional native helpers (cpu-features, its own crypto binding) inside try/catch
    // and falls back to pure JavaScript, so they stay out of the bundle.
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  },
  {
    ...common,
    entryPoints: { server: 'src/server/server.ts', lintWorker: 'src/server/lintWorker.ts' },
    outdir: 'dist',
  },
];

if (watch) {
  const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}
