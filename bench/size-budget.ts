/**
 * The size budget `npm test` checks (test/unit/bench/size-budget.test.ts): bytes per deployed
 * function and the web app's gzipped first load, from bench/size-budget.json. A bundle more
 * than `tolerance` above its budget fails the test.
 *
 * After a deliberate change in size, write the new budget and commit it with the change:
 *   npx tsx bench/size-budget.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, bundleWeb, deployedOutfile, handlerEntry, handlerNames, repoRoot } from './lib/bundles.ts';

export const budgetFile = join(repoRoot, 'bench/size-budget.json');

export interface SizeBudget {
  /** How far above its budget a bundle may grow before the test fails (0.1 = 10 %). */
  readonly tolerance: number;
  /** Minified bytes of each function's index.mjs (the source map is not counted). */
  readonly functions: Record<string, number>;
  /** gzipped bytes of the web app's JavaScript and CSS. */
  readonly webFirstLoadGzipBytes: number;
}

export interface Sizes {
  readonly functions: Record<string, number>;
  readonly webFirstLoadGzipBytes: number;
}

/** The sizes, and the source files each function's bundle was made from (esbuild's metafile). */
export interface Measured extends Sizes {
  readonly inputs: Record<string, readonly string[]>;
}

export function readBudget(): SizeBudget {
  return JSON.parse(readFileSync(budgetFile, 'utf8')) as SizeBudget;
}

/** Bundles every function and the web app in memory, as deployed, and returns their sizes. */
export async function measureSizes(): Promise<Measured> {
  const names = handlerNames();
  const bundles = await Promise.all(
    names.map((name) => bundleFunction(handlerEntry(name), deployedOutfile(name), false)),
  );
  const web = await bundleWeb();
  return {
    functions: Object.fromEntries(names.map((name, index) => [name, bundles[index]?.bytes ?? 0])),
    webFirstLoadGzipBytes: web.gzipBytes,
    inputs: Object.fromEntries(names.map((name, index) => [name, Object.keys(bundles[index]?.metafile.inputs ?? {})])),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { inputs: _inputs, ...sizes } = await measureSizes();
  const budget: SizeBudget = { tolerance: 0.1, ...sizes };
  if (process.argv.includes('--write')) {
    writeFileSync(budgetFile, `${JSON.stringify(budget, null, 2)}\n`);
    console.log(`Wrote ${budgetFile}`);
  }
  console.log(JSON.stringify(budget, null, 2));
}
