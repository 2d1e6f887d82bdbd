// Packing a build context: a generated 10,000-file tree (nested folders, a few large files, a
// .dockerignore leaving out about 30%) packed by the extension into a null sink, against GNU tar
// archiving the same kept paths (given as a file list). Printed as ratios.
// Usage: node bench/run.mjs buildContext
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contextEntries, packContext, readContextIgnore } from '../src/extension/docker/buildContext';

const fileCount = 10_000;
const runs = 7;

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A deterministic tree: src/<a>/<b>/file-n.ts, logs, node_modules, a few multi-megabyte blobs. */
function generate(root: string): { bytes: number } {
  let bytes = 0;
  const put = (name: string, size: number): void => {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    const content = Buffer.alloc(size, name.length % 251);
    writeFileSync(path, content);
    bytes += size;
  };
  writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\nCOPY . /app\n');
  writeFileSync(
    join(root, '.dockerignore'),
    ['# dependencies and output', 'node_modules', '**/*.log', 'dist/**', '!dist/keep/**', '*.tmp'].join('\n'),
  );
  for (let i = 0; i < fileCount; i++) {
    const bucket = i % 10;
    const a = `d${i % 17}`;
    const b = `e${i % 23}`;
    const size = 200 + ((i * 7919) % 6000);
    if (bucket < 2) {
      put(`node_modules/pkg${i % 97}/lib/${a}/m${i}.js`, size);
    } else if (bucket === 2) {
      put(i % 3 === 0 ? `dist/keep/${a}/out${i}.js` : `dist/${a}/out${i}.js`, size);
    } else if (bucket === 3 && i % 2 === 0) {
      put(`src/${a}/${b}/trace${i}.log`, size);
    } else {
      put(`src/${a}/${b}/file${i}.ts`, size);
    }
  }
  for (let i = 0; i < 5; i++) {
    put(`assets/blob${i}.bin`, 8 * 1024 * 1024);
  }
  return { bytes };
}

class NullSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    callback();
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'dw-bench-context-'));
  try {
    const { bytes } = generate(root);
    const options = { root, dockerfile: join(root, 'Dockerfile') };
    const ignore = await readContextIgnore(options);
    const kept: string[] = [];
    let keptFiles = 0;
    for await (const entry of contextEntries(root, ignore.matcher)) {
      kept.push(entry.name);
      if (entry.kind === 'file') {
        keptFiles++;
      }
    }
    const listFile = join(tmpdir(), `dw-bench-list-${process.pid}`);
    writeFileSync(listFile, `${kept.join('\n')}\n`);
    const totalFiles = fileCount + 5 + 2;

    const pack = async (): Promise<number> => {
      const sink = new NullSink();
      const packed = await packContext(options);
      await pipeline(packed.stream, sink);
      return sink.bytes;
    };
    // GNU tar skips reading file contents when the archive is /dev/null, so it is also timed
    // writing through a pipe, as a context sent to a daemon would be.
    const tarDevNull = (): void => {
      const r = spawnSync('tar', ['-cf', '/dev/null', '--no-recursion', '-C', root, '-T', listFile]);
      if (r.status !== 0) throw new Error(`tar failed: ${r.stderr.toString()}`);
    };
    const tarPiped = (): void => {
      const r = spawnSync('sh', [
        '-c',
        `tar -cf - --no-recursion -C '${root}' -T '${listFile}' | cat > /dev/null`,
      ]);
      if (r.status !== 0) throw new Error(`tar failed: ${r.stderr.toString()}`);
    };

    const tarBytes = spawnSync('sh', ['-c', `tar -cf - --no-recursion -C '${root}' -T '${listFile}' | wc -c`])
      .stdout.toString()
      .trim();
    const packedBytes = await pack();
    const ours: number[] = [];
    const devNull: number[] = [];
    const piped: number[] = [];
    for (let i = 0; i < runs; i++) {
      let start = nowMs();
      await pack();
      ours.push(nowMs() - start);
      start = nowMs();
      tarDevNull();
      devNull.push(nowMs() - start);
      start = nowMs();
      tarPiped();
      piped.push(nowMs() - start);
    }
    rmSync(listFile, { force: true });

    const m = { ours: median(ours), devNull: median(devNull), piped: median(piped) };
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      [
        `Build context: ${totalFiles} files (${mb(bytes)}), .dockerignore keeps ${keptFiles} files ` +
          `(${((100 * (totalFiles - keptFiles)) / totalFiles).toFixed(0)}% left out), ${kept.length} entries`,
        `Archive size: ours ${packedBytes} bytes, tar ${tarBytes} bytes`,
        `Median of ${runs} runs:`,
        `  Dockwright packContext → null sink  ${m.ours.toFixed(1)} ms`,
        `  tar -cf /dev/null -T list            ${m.devNull.toFixed(1)} ms   ratio ${(m.ours / m.devNull).toFixed(2)}x`,
        `  tar -cf - -T list | cat >/dev/null   ${m.piped.toFixed(1)} ms   ratio ${(m.ours / m.piped).toFixed(2)}x`,
      ].join('\n'),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
