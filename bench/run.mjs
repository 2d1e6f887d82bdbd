// Bundles and runs one benchmark: node bench/run.mjs [name]   (default: diagnostics)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';

const name = process.argv[2] ?? 'diagnostics';
await esbuild.build({
  entryPoints: [`bench/${name}.ts`],
  outfile: `out/bench/${name}.js`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // dockerode's optional ssh transport brings native add-ons that stay outside the bundle.
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
});
const result = spawnSync(process.execPath, [`out/bench/${name}.js`], { stdio: 'inherit' });
process.exit(result.status ?? 1);
