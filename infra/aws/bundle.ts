// `npm run build:functions`: bundles every deployed handler exactly as `cdk synth` does (the
// options come from function-bundling.ts) into dist/functions/<name>/ (index.mjs, and the lazy
// chunks under chunks/), and prints their sizes. The bench imports index.mjs to measure cold starts.
import { readdirSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import {
  entryFileName,
  functionBuildOptions,
  handlerEntry,
  handlersDir,
  repoRoot,
  startupFiles,
} from './function-bundling.ts';

const outRoot = join(repoRoot, 'dist/functions');

const names = readdirSync(handlersDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
  .map((file) => basename(file, '.ts'))
  .sort();

rmSync(outRoot, { recursive: true, force: true });

const rows: { file: string; startup: number; lazy: number }[] = [];
for (const name of names) {
  const outdir = join(outRoot, name);
  const result = await build(functionBuildOptions(handlerEntry(name), outdir));
  const { startup, lazy } = startupFiles(result.metafile as Metafile);
  rows.push({
    file: relative(repoRoot, join(outdir, entryFileName)),
    startup: startup.reduce((sum, file) => sum + file.bytes, 0),
    lazy: lazy.reduce((sum, file) => sum + file.bytes, 0),
  });
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const width = Math.max(...rows.map((row) => row.file.length));
for (const row of rows) {
  console.log(
    `${row.file.padEnd(width)}  ${String(row.startup).padStart(10)} bytes at start-up (${kib(row.startup)}), ${kib(row.lazy)} in lazy chunks`,
  );
}
