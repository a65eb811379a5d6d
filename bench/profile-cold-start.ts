/**
 * Where a function's cold start goes: bundles the handler with the deployed options but not
 * minified (so esbuild's `// node_modules/…` markers say which module each line came from),
 * imports it in fresh Node processes under `--cpu-prof`, and adds up the CPU time of the
 * import by package or project folder. The bench's table says how far over the floor a
 * function is; this says why.
 *
 *   npx tsx bench/profile-cold-start.ts [function] [runs]     (default: api, 5 runs)
 *
 * `function` may also be `floor-<name>` or `express-api`, to profile what it is compared with.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { lambdaEnvironment } from './figures/cold-start.ts';
import {
  benchDist,
  entryFileName,
  expressEntry,
  floorEntry,
  functionBuildOptions,
  handlerEntry,
  repoRoot,
} from './lib/bundles.ts';

const name = process.argv[2] ?? 'api';
const runs = Number(process.argv[3] ?? 5);
const outdir = join(benchDist, `profile-${name}`);
const outfile = join(outdir, entryFileName);
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const entry = name.startsWith('floor-')
  ? floorEntry(name.slice('floor-'.length))
  : name === 'express-api'
    ? expressEntry
    : handlerEntry(name);
if (!entry) throw new Error(`No floor for ${name}`);
const built = await build({ ...functionBuildOptions(entry, outdir), minify: false, sourcemap: false });

// Which module each line of each output (index.mjs and its chunks) came from: only those a cold
// start loads get sampled, so lazy chunks cost nothing here either.
const moduleOfLine = new Map<string, string[]>();
for (const output of Object.keys(built.metafile?.outputs ?? {}).filter((path) => path.endsWith('.mjs'))) {
  const file = join(repoRoot, output);
  const modules: string[] = [];
  let current = '(bundle prelude)';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const marker = /^\/\/ (\S+\.(?:m?[jt]s|json))$/.exec(line);
    if (marker?.[1]) current = marker[1];
    modules.push(current);
  }
  moduleOfLine.set(pathToFileURL(file).href, modules);
}
const sourceOf = (path: string) => {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return path.split('/').slice(0, 2).join('/');
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
};

interface ProfileNode {
  id: number;
  callFrame: { url: string; lineNumber: number; functionName: string };
  /** Samples by line (1-based): top-level code of every hoisted module shares one function. */
  positionTicks?: { line: number; ticks: number }[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const totals = new Map<string, number>();
let total = 0;
for (let run = 0; run < runs; run++) {
  const profileDir = join(outdir, `run-${run}`);
  execFileSync(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      '--cpu-prof-interval=100',
      '--input-type=module',
      '-e',
      'await import(process.argv[1]);',
      pathToFileURL(outfile).href,
    ],
    { env: { PATH: process.env.PATH ?? '', ...lambdaEnvironment, NODE_OPTIONS: '' } },
  );
  const file = readdirSync(profileDir).find((entry) => entry.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (!node) continue;
    const { url, lineNumber, functionName } = node.callFrame;
    total += micros;
    const modules = moduleOfLine.get(url);
    if (modules) {
      // Spread the function's time over the lines it was sampled on.
      const ticks = node.positionTicks?.length ? node.positionTicks : [{ line: lineNumber + 1, ticks: 1 }];
      const count = ticks.reduce((sum, tick) => sum + tick.ticks, 0);
      for (const tick of ticks) {
        const key = sourceOf(modules[tick.line - 1] ?? '(unknown)');
        totals.set(key, (totals.get(key) ?? 0) + (micros * tick.ticks) / count);
      }
    } else {
      const key = url
        ? `node:${url
            .replace(/^node:/, '')
            .split('/')
            .slice(-2)
            .join('/')}`
        : `(${functionName || 'native'})`;
      totals.set(key, (totals.get(key) ?? 0) + micros);
    }
  }
}

console.log(`CPU time of importing ${name} (unminified), by where the code came from, mean of ${runs} runs:`);
for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(
    `  ${key.padEnd(48)} ${(micros / runs / 1000).toFixed(1).padStart(7)} ms  ${((micros / total) * 100).toFixed(0).padStart(3)} %`,
  );
}
console.log(`  ${'total'.padEnd(48)} ${(total / runs / 1000).toFixed(1).padStart(7)} ms`);
