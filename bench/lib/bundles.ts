/**
 * Bundling for the bench and the size budget: every function, floor and comparison handler is
 * bundled with the options deployed functions get (infra/aws/function-bundling.ts, the same
 * mapping infra/aws/bundle.ts makes), and the web app with the options of web/build.ts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { functionBundling, handlerEntry, handlersDir, repoRoot } from '../../infra/aws/function-bundling.ts';

export { handlerEntry, repoRoot };

/** Where the bench writes what it bundles itself (dist/ is git-ignored). */
export const benchDist = join(repoRoot, 'dist/bench');

/** The deployed functions, by name: one per module in functions/handlers. */
export function handlerNames(): string[] {
  return readdirSync(handlersDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();
}

/** The floor of a function: a handler holding only `DynamoDBClient` and the commands it sends. */
export function floorEntry(name: string): string | undefined {
  const entry = join(repoRoot, 'bench/floor', `${name}.ts`);
  return existsSync(entry) ? entry : undefined;
}

/** The usual choice (Express + serverless-http + zod + the DynamoDB client), doing the api's work. */
export const expressEntry = join(repoRoot, 'bench/express/handler.ts');

/** esbuild's options for a Lambda bundle, exactly as infra/aws/bundle.ts maps functionBundling. */
export function functionBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
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
    logLevel: 'error',
    metafile: true,
  };
}

export interface FunctionBundle {
  readonly entry: string;
  /** Where the bundle is (or would be, when built in memory). */
  readonly outfile: string;
  /** The size of the JavaScript file Lambda loads, without its source map. */
  readonly bytes: number;
  readonly metafile: Metafile;
}

/** Bundles one handler; `write: false` keeps it in memory (the size-budget test). */
export async function bundleFunction(entry: string, outfile: string, write = true): Promise<FunctionBundle> {
  const result = await build({ ...functionBuildOptions(entry, outfile), write });
  const metafile = result.metafile as Metafile;
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(functionBundling.outExtension));
  if (!output) throw new Error(`esbuild produced no ${functionBundling.outExtension} for ${entry}`);
  return { entry, outfile, bytes: output[1].bytes, metafile };
}

/** Where a bench-built bundle goes: dist/bench/<id>/index.mjs. */
export function benchOutfile(id: string): string {
  return join(benchDist, id, `index${functionBundling.outExtension}`);
}

/** Where `npm run build:functions` puts a deployed function's bundle. */
export function deployedOutfile(name: string): string {
  return join(repoRoot, 'dist/functions', name, `index${functionBundling.outExtension}`);
}

export interface InputShare {
  /** A package (`zod`, `@aws-sdk/client-dynamodb`) or a folder of the project (`functions/api`). */
  readonly source: string;
  readonly bytes: number;
  readonly share: number;
}

/** What a bundle is made of: its bytes by package or project folder, biggest first. */
export function biggestInputs(metafile: Metafile, limit = 10): InputShare[] {
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint);
  if (!output) return [];
  const bySource = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const source = sourceOf(path);
    bySource.set(source, (bySource.get(source) ?? 0) + input.bytesInOutput);
  }
  return [...bySource]
    .map(([source, bytes]) => ({ source, bytes, share: bytes / output.bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
}

function sourceOf(path: string): string {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  if (at >= 0) {
    const parts = path.slice(at + marker.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  const parts = relative(repoRoot, join(repoRoot, path)).split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
}

// The web app

/**
 * web/build.ts's esbuild options (that script builds and writes web/dist as it runs, so they
 * cannot be imported). The bench checks its in-memory build against web/dist and says when
 * the two drift apart.
 */
export function webBuildOptions(): BuildOptions {
  return {
    entryPoints: { app: join(repoRoot, 'web/src/main.tsx') },
    outdir: join(benchDist, 'web'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
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
    logLevel: 'error',
    absWorkingDir: repoRoot,
  };
}

export interface WebFirstLoad {
  readonly files: { name: string; bytes: number; gzipBytes: number }[];
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly metafile?: Metafile;
}

/** gzip at zlib's default level (6), a fair stand-in for what a CDN sends. */
export function gzipSize(contents: Uint8Array): number {
  return gzipSync(contents).length;
}

/**
 * The web app's first load, built in memory: the entry's JavaScript, the chunks it imports
 * statically and its CSS. Lazy chunks (dynamic imports, such as the scorecard's charts) load
 * only when their screen opens, so they are not counted.
 */
export async function bundleWeb(): Promise<WebFirstLoad> {
  const result = await build({ ...webBuildOptions(), write: false });
  const outputs = result.metafile?.outputs ?? {};
  const entry = Object.entries(outputs).find(([, output]) => output.entryPoint?.endsWith('main.tsx'));
  const firstLoad = new Set<string>();
  if (entry) {
    const [entryPath, entryOutput] = entry;
    firstLoad.add(basename(entryPath));
    if (entryOutput.cssBundle) firstLoad.add(basename(entryOutput.cssBundle));
    const pending = [entryOutput];
    for (let output = pending.pop(); output; output = pending.pop())
      for (const imported of output.imports) {
        if (imported.kind !== 'import-statement' || firstLoad.has(basename(imported.path))) continue;
        firstLoad.add(basename(imported.path));
        const chunk = outputs[imported.path];
        if (chunk) pending.push(chunk);
      }
  }
  const files = (result.outputFiles ?? [])
    .filter((file) => firstLoad.has(basename(file.path)))
    .map((file) => ({ name: basename(file.path), bytes: file.contents.length, gzipBytes: gzipSize(file.contents) }));
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    ...(result.metafile ? { metafile: result.metafile } : {}),
  };
}
