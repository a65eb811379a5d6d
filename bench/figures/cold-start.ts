/**
 * Cold start: the time a fresh Node process takes to import a bundled handler, as Lambda's
 * runtime does on a cold start (module evaluation: parsing, compiling, building the app and
 * its clients). Each run is its own process; the contenders take turns, run after run.
 */
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { rotation } from '../lib/stats.ts';

export interface Contender {
  readonly id: string;
  readonly file: string;
}

/** What the deployed functions' configuration needs, with credentials that reach nothing. */
export const lambdaEnvironment: Readonly<Record<string, string>> = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'total-customer',
  AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench',
  AUTH_CLIENT_ID: 'bench-client',
  POWERTOOLS_SERVICE_NAME: 'total-customer',
  LOG_LEVEL: 'INFO',
  // As deployed (infra/aws/portal-function.ts).
  NODE_OPTIONS: '--enable-source-maps',
};

// Imports the bundle and prints how long that took; fails unless it exports a handler.
const runner = [
  'const started = performance.now();',
  'const module = await import(process.argv[1]);',
  'const importMs = performance.now() - started;',
  "if (typeof module.handler !== 'function') throw new Error('no handler export');",
  'process.stdout.write(JSON.stringify({ importMs, processMs: performance.now() }));',
].join('\n');

function importOnce(file: string): Promise<{ importMs: number; processMs: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', runner, pathToFileURL(file).href],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...lambdaEnvironment },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`importing ${file} failed: ${stderr.trim() || error.message}`));
        else resolve(JSON.parse(stdout) as { importMs: number; processMs: number });
      },
    );
  });
}

/**
 * `runs` imports of each contender, interleaved (A B C, B C A, …) after one discarded warm-up
 * round that fills the file system cache. Returns the import times in milliseconds.
 */
export async function measureColdStarts(
  contenders: readonly Contender[],
  runs: number,
): Promise<Record<string, { importMs: number[]; processMs: number[] }>> {
  const samples = Object.fromEntries(
    contenders.map((contender) => [contender.id, { importMs: [] as number[], processMs: [] as number[] }]),
  );
  for (const contender of contenders) await importOnce(contender.file);
  for (let round = 0; round < runs; round++) {
    for (const contender of rotation(contenders, round)) {
      const result = await importOnce(contender.file);
      samples[contender.id]?.importMs.push(result.importMs);
      samples[contender.id]?.processMs.push(result.processMs);
    }
  }
  return samples;
}
