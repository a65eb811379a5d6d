/**
 * The size budget `npm test` checks (test/unit/bench/size-budget.test.ts): the bytes of each
 * deployed function's start-up path (index.mjs and the chunks it imports statically: what a
 * cold start reads) and the web app's gzipped first load, from bench/size-budget.json. A bundle
 * more than `tolerance` above its budget fails the test. The lazy chunks are printed, not
 * budgeted: no cold start reads them.
 *
 * After a deliberate change in size, write the new budget and commit it with the change:
 *   npx tsx bench/size-budget.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, bundleWeb, deployedOutdir, handlerEntry, handlerNames, repoRoot } from './lib/bundles.ts';

export const budgetFile = join(repoRoot, 'bench/size-budget.json');

export interface SizeBudget {
  /** How far above its budget a bundle may grow before the test fails (0.1 = 10 %). */
  readonly tolerance: number;
  /** Minified bytes of each function's start-up path (source maps are not counted). */
  readonly functions: Record<string, number>;
  /** gzipped bytes of the web app's JavaScript and CSS. */
  readonly webFirstLoadGzipBytes: number;
}

export interface Sizes {
  readonly functions: Record<string, number>;
  readonly webFirstLoadGzipBytes: number;
}

/**
 * What `measureSizes` also finds: the bytes of each function's lazy chunks (not budgeted), and
 * the source files each function's bundle was made from (esbuild's metafile).
 */
export interface MeasuredSizes extends Sizes {
  readonly lazyChunks: Record<string, number>;
  readonly inputs: Record<string, readonly string[]>;
}

export function readBudget(): SizeBudget {
  return JSON.parse(readFileSync(budgetFile, 'utf8')) as SizeBudget;
}

/** Bundles every function and the web app in memory, as deployed, and returns their sizes. */
export async function measureSizes(): Promise<MeasuredSizes> {
  const names = handlerNames();
  const bundles = await Promise.all(
    names.map((name) => bundleFunction(handlerEntry(name), deployedOutdir(name), false)),
  );
  const web = await bundleWeb();
  return {
    functions: Object.fromEntries(names.map((name, index) => [name, bundles[index]?.bytes ?? 0])),
    webFirstLoadGzipBytes: web.gzipBytes,
    lazyChunks: Object.fromEntries(
      names.map((name, index) => [name, bundles[index]?.lazy.reduce((sum, file) => sum + file.bytes, 0) ?? 0]),
    ),
    inputs: Object.fromEntries(names.map((name, index) => [name, Object.keys(bundles[index]?.metafile.inputs ?? {})])),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lazyChunks, inputs: _inputs, ...sizes } = await measureSizes();
  const budget: SizeBudget = { tolerance: 0.1, ...sizes };
  if (process.argv.includes('--write')) {
    writeFileSync(budgetFile, `${JSON.stringify(budget, null, 2)}\n`);
    console.log(`Wrote ${budgetFile}`);
  }
  console.log(JSON.stringify(budget, null, 2));
  console.log(
    `Lazy chunks, read only by the requests that need them (not budgeted): ${JSON.stringify(lazyChunks, null, 2)}`,
  );
}
