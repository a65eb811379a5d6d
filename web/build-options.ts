/**
 * The web app's esbuild options, apart from web/build.ts: that script builds and writes
 * web/dist as it runs, and the bench (bench/lib/bundles.ts) must bundle the app exactly as it
 * does, in memory, to measure the first load.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

const webDir = fileURLToPath(new URL('.', import.meta.url));

export function webBuildOptions(outdir: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: { app: join(webDir, 'src', 'main.tsx') },
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    // Screens that carry a heavy library (the scorecard's charts) are imported lazily, so the
    // first load stays lean; code shared with them goes into chunks the entry imports.
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome120', 'firefox121', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  };
}
