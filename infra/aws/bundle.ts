// `npm run build:functions`: bundles every deployed handler exactly as `cdk synth` does (the
// options come from function-bundling.ts) into dist/functions/<name>/index.mjs, and prints
// their sizes. The bench imports these bundles to measure cold starts.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';
import { functionBundling, handlerEntry, handlersDir, repoRoot } from './function-bundling.ts';

const outRoot = join(repoRoot, 'dist/functions');

const names = readdirSync(handlersDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
  .map((file) => basename(file, '.ts'))
  .sort();

rmSync(outRoot, { recursive: true, force: true });

const rows: { name: string; file: string; bytes: number }[] = [];
for (const name of names) {
  const outfile = join(outRoot, name, `index${functionBundling.outExtension}`);
  await build({
    entryPoints: [handlerEntry(name)],
    outfile,
    bundle: true,
    absWorkingDir: repoRoot,
    platform: functionBundling.platform,
    target: functionBundling.target,
    format: functionBundling.format,
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourcemap,
    sourcesContent: functionBundling.sourcesContent,
    mainFields: [...functionBundling.mainFields],
    external: [...functionBundling.external],
    banner: { js: functionBundling.banner },
    alias: { ...functionBundling.alias },
    logLevel: 'warning',
  });
  rows.push({ name, file: relative(repoRoot, outfile), bytes: statSync(outfile).size });
}

const width = Math.max(...rows.map((row) => row.file.length));
for (const row of rows) {
  console.log(
    `${row.file.padEnd(width)}  ${String(row.bytes).padStart(10)} bytes  (${(row.bytes / 1024).toFixed(1)} KiB)`,
  );
}
