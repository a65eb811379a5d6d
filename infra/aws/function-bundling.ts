import { basename, resolve } from 'node:path';
import type { BuildOptions, Metafile } from 'esbuild';

/** The repository root: every path the infrastructure reads (handlers, web/dist) hangs off it. */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** Where the Lambda entry points live, one module per deployed function. */
export const handlersDir = resolve(repoRoot, 'functions/handlers');

/** The entry module of a deployed function, by name (`api` → functions/handlers/api.ts). */
export function handlerEntry(name: string): string {
  return resolve(handlersDir, `${name}.ts`);
}

/**
 * The esbuild options every deployed function is bundled with. `PortalFunction` (at synth),
 * `infra/aws/bundle.ts` (`npm run build:functions`, read by the bench) and the size budget all
 * build through `functionBuildOptions`, so what the bench measures is what is deployed.
 *
 * - Code splitting: a dependency only a few requests need (Cognito, S3, CSV, Secrets Manager)
 *   is loaded with `import()` where it is used, and lands in a chunk of its own under the
 *   function's `chunks/` folder. A cold start reads index.mjs and the chunks it imports
 *   statically; a lazy chunk is read by the first request that needs it.
 * - ESM, preferring each package's `module` build so esbuild can tree-shake the AWS SDK; the
 *   banner gives the CommonJS dependencies that still call `require` a working one.
 * - Nothing external, the AWS SDK included: the runtime's bundled SDK drifts from the version
 *   the tests ran against, and one minified file loads faster at cold start than node_modules.
 * - External source maps without sources: `--enable-source-maps` turns stack traces back into
 *   TypeScript lines, and leaving the sources out keeps the map small to parse.
 */
export const functionBundling = {
  platform: 'node',
  target: 'node22',
  format: 'esm',
  outExtension: '.mjs',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  external: [],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
} as const satisfies {
  readonly platform: 'node';
  readonly target: string;
  readonly format: 'esm';
  readonly outExtension: string;
  readonly minify: boolean;
  readonly sourcemap: boolean;
  readonly sourcesContent: boolean;
  readonly mainFields: readonly string[];
  readonly external: readonly string[];
  readonly banner: string;
  readonly splitting: boolean;
  readonly entryNames: string;
  readonly chunkNames: string;
};

/** Where a function's entry lands in its folder: the file Lambda's `index.handler` names. */
export const entryFileName = `${functionBundling.entryNames}${functionBundling.outExtension}`;

/** esbuild's options for one function: `entry` bundled into `outdir`/index.mjs and its chunks. */
export function functionBuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    outdir,
    entryNames: functionBundling.entryNames,
    chunkNames: functionBundling.chunkNames,
    outExtension: { '.js': functionBundling.outExtension },
    bundle: true,
    splitting: functionBundling.splitting,
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
    logLevel: 'warning',
    metafile: true,
  };
}

/**
 * The outputs an entry loads before its first line runs: itself and, transitively, the chunks
 * it imports statically. What `import()` reaches is left out: it is read when first called.
 */
export function staticallyLoaded(outputs: Metafile['outputs'], entryPath: string): Set<string> {
  const loaded = new Set([entryPath]);
  const pending = [entryPath];
  for (let path = pending.pop(); path !== undefined; path = pending.pop())
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external || loaded.has(imported.path)) continue;
      loaded.add(imported.path);
      pending.push(imported.path);
    }
  return loaded;
}

export interface OutputFile {
  /** As esbuild names it: relative to the repository root. */
  readonly path: string;
  readonly bytes: number;
}

/** A function's JavaScript files (source maps left out): those a cold start reads, and the lazy chunks. */
export function startupFiles(metafile: Metafile): { entry: OutputFile; startup: OutputFile[]; lazy: OutputFile[] } {
  const scripts = Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith(functionBundling.outExtension))
    .map(([path, output]) => ({ path, bytes: output.bytes }));
  // By its name: esbuild marks each chunk an `import()` reaches as an entry point too.
  const entry = scripts.find((script) => basename(script.path) === entryFileName);
  if (!entry) throw new Error(`esbuild produced no ${entryFileName}`);
  const loaded = staticallyLoaded(metafile.outputs, entry.path);
  const file = ({ path, bytes }: OutputFile): OutputFile => ({ path, bytes });
  return {
    entry: file(entry),
    startup: scripts.filter((script) => loaded.has(script.path)).map(file),
    lazy: scripts.filter((script) => !loaded.has(script.path)).map(file),
  };
}
