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
  /** Sent to the handler once imported: the first request's time is measured too. */
  readonly request?: unknown;
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

/**
 * The first request a cold api answers, as API Gateway's HTTP API sends it (payload 2.0): a
 * partner's list of referrals, without a token. It needs no table and no token service, so it
 * measures what the code itself costs: the route group's modules, Hono's Request and Response
 * (Node's undici), the request's path through the middleware, and the 401.
 */
export const firstRequest = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/api/referrals',
  rawQueryString: '',
  headers: { host: 'api.bench.example', accept: 'application/json' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'bench',
    domainName: 'api.bench.example',
    domainPrefix: 'api',
    http: { method: 'GET', path: '/api/referrals', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'bench',
    routeKey: '$default',
    stage: '$default',
    time: '03/Dec/2026:12:00:00 +0000',
    timeEpoch: 1_796_299_200_000,
  },
  isBase64Encoded: false,
} as const;

// Imports the bundle and prints how long that took; fails unless it exports a handler. With an
// event, it then sends that event to the handler and prints the time to its answer as well,
// which must be the 401 of a request without a token.
const runner = [
  'const started = performance.now();',
  'const module = await import(process.argv[1]);',
  'const importMs = performance.now() - started;',
  "if (typeof module.handler !== 'function') throw new Error('no handler export');",
  'let firstRequestMs;',
  'if (process.argv[2]) {',
  "  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30000 };",
  '  const answer = await module.handler(JSON.parse(process.argv[2]), context);',
  '  if (answer?.statusCode !== 401) throw new Error("the first request got " + answer?.statusCode + ", not 401");',
  '  firstRequestMs = performance.now() - started;',
  '}',
  // The handler's own log lines come first: the figures are the last line.
  "process.stdout.write('\\n' + JSON.stringify({ importMs, firstRequestMs, processMs: performance.now() }));",
].join('\n');

interface Sample {
  importMs: number;
  firstRequestMs?: number;
  processMs: number;
}

function importOnce(contender: Contender): Promise<Sample> {
  const { file, request } = contender;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', runner, pathToFileURL(file).href, ...(request ? [JSON.stringify(request)] : [])],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...lambdaEnvironment },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`importing ${file} failed: ${stderr.trim() || error.message}`));
        else resolve(JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as Sample);
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
): Promise<Record<string, { importMs: number[]; firstRequestMs: number[]; processMs: number[] }>> {
  const samples = Object.fromEntries(
    contenders.map((contender) => [
      contender.id,
      { importMs: [] as number[], firstRequestMs: [] as number[], processMs: [] as number[] },
    ]),
  );
  for (const contender of contenders) await importOnce(contender);
  for (let round = 0; round < runs; round++) {
    for (const contender of rotation(contenders, round)) {
      const result = await importOnce(contender);
      samples[contender.id]?.importMs.push(result.importMs);
      if (result.firstRequestMs !== undefined) samples[contender.id]?.firstRequestMs.push(result.firstRequestMs);
      samples[contender.id]?.processMs.push(result.processMs);
    }
  }
  return samples;
}
