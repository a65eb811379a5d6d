/**
 * Bundling for the bench and the size budget: every function, floor and comparison handler is
 * bundled with the options deployed functions get (infra/aws/function-bundling.ts, the same
 * mapping infra/aws/bundle.ts makes), and the web app with the options of web/build.ts.
 */

import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import {
  entryFileName,
  functionBuildOptions,
  handlerEntry,
  handlersDir,
  type OutputFile,
  repoRoot,
  startupFiles,
  staticallyLoaded,
} from '../../infra/aws/function-bundling.ts';
import { webBuildOptions } from '../../web/build-options.ts';

export { entryFileName, functionBuildOptions, handlerEntry, repoRoot };

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

export interface FunctionBundle {
  readonly entry: string;
  /** The function's folder: index.mjs, and its chunks under chunks/. */
  readonly outdir: string;
  /** index.mjs, the file Lambda (and the bench's cold start) imports. */
  readonly outfile: string;
  /** What a cold start reads: index.mjs and the chunks it imports statically (source maps not counted). */
  readonly bytes: number;
  readonly startup: readonly OutputFile[];
  /** The chunks loaded with `import()`, by the requests that need them. */
  readonly lazy: readonly OutputFile[];
  readonly metafile: Metafile;
}

/** Bundles one handler into `outdir`; `write: false` keeps it in memory (the size-budget test). */
export async function bundleFunction(entry: string, outdir: string, write = true): Promise<FunctionBundle> {
  const result = await build({ ...functionBuildOptions(entry, outdir), logLevel: 'error', write });
  const metafile = result.metafile as Metafile;
  const { startup, lazy } = startupFiles(metafile);
  return {
    entry,
    outdir,
    outfile: join(outdir, entryFileName),
    bytes: startup.reduce((sum, file) => sum + file.bytes, 0),
    startup,
    lazy,
    metafile,
  };
}

/** Where a bench-built bundle goes: dist/bench/<id>/. */
export function benchOutdir(id: string): string {
  return join(benchDist, id);
}

/** Where `npm run build:functions` puts a deployed function: dist/functions/<name>/. */
export function deployedOutdir(name: string): string {
  return join(repoRoot, 'dist/functions', name);
}

export interface InputShare {
  /** A package (`zod`, `@aws-sdk/client-dynamodb`) or a folder of the project (`functions/api`). */
  readonly source: string;
  readonly bytes: number;
  readonly share: number;
}

/**
 * What a function's start-up path is made of (index.mjs and the chunks it imports statically;
 * lazy chunks are not counted): its bytes by package or project folder, biggest first.
 */
export function biggestInputs(metafile: Metafile, limit = 10): InputShare[] {
  const loaded = [...staticallyLoaded(metafile.outputs, startupFiles(metafile).entry.path)].flatMap(
    (path) => metafile.outputs[path] ?? [],
  );
  const total = loaded.reduce((sum, output) => sum + output.bytes, 0);
  const bySource = new Map<string, number>();
  for (const output of loaded)
    for (const [path, input] of Object.entries(output.inputs)) {
      const source = sourceOf(path);
      bySource.set(source, (bySource.get(source) ?? 0) + input.bytesInOutput);
    }
  return [...bySource]
    .map(([source, bytes]) => ({ source, bytes, share: bytes / total }))
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
  // Quieter than the build script: the bench prints its own table.
  const result = await build({
    ...webBuildOptions(join(benchDist, 'web')),
    logLevel: 'error',
    absWorkingDir: repoRoot,
    write: false,
  });
  const outputs = result.metafile?.outputs ?? {};
  const entry = Object.entries(outputs).find(([, output]) => output.entryPoint?.endsWith('main.tsx'));
  const firstLoad = new Set<string>();
  if (entry) {
    const [entryPath, entryOutput] = entry;
    for (const path of staticallyLoaded(outputs, entryPath)) firstLoad.add(basename(path));
    if (entryOutput.cssBundle) firstLoad.add(basename(entryOutput.cssBundle));
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
