import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaEnvironment } from '../../bench/figures/cold-start.ts';
import { bundleFunction, handlerEntry, handlerNames, repoRoot } from '../../bench/lib/bundles.ts';
import { anHttpApiEvent } from '../support/lambda-events.ts';
import { synthesizePortal } from './synthesize.ts';

// The Lambda bundles are not the code the other tests run: esbuild tree-shakes them, zod
// included, and splits them into chunks. Each deployed function is bundled here
// with the deployed options and loaded in a Node process of its own, as Lambda loads it; the
// api also answers requests that go through its schemas' validation (the OpenAPI document is
// built by the web build, not by the bundle), so a bundle that lost part of zod fails here
// rather than in AWS.
const run = promisify(execFile);
let outdir: string;
const bundles = new Map<string, { file: string; indexBytes: number; lazy: string[] }>();

// Imports the bundle, calls its handler with each event, and prints what came back on a line of
// its own (the handler's logger writes to stdout too).
const marker = 'BUNDLE-TEST-RESULT ';
const invoker = [
  `const marker = ${JSON.stringify(marker)};`,
  'const { handler } = await import(process.argv[1]);',
  'const events = JSON.parse(process.argv[2]);',
  'const results = [];',
  'for (const event of events) results.push(await handler(event, { awsRequestId: "bundle-test", getRemainingTimeInMillis: () => 10_000 }));',
  'process.stdout.write("\\n" + marker + JSON.stringify({ type: typeof handler, results }) + "\\n");',
].join('\n');

async function invoke(name: string, events: unknown[]) {
  const file = bundles.get(name)?.file;
  if (!file) throw new Error(`${name} was not bundled`);
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', invoker, pathToFileURL(file).href, JSON.stringify(events)],
    { env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...lambdaEnvironment }, timeout: 60_000 },
  );
  const line = stdout.split('\n').find((text) => text.startsWith(marker));
  if (!line) throw new Error(`${name} printed no result: ${stdout}`);
  return JSON.parse(line.slice(marker.length)) as {
    type: string;
    results: { statusCode: number; headers: Record<string, string>; body: string }[];
  };
}

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'bundles-'));
  for (const name of handlerNames()) {
    const bundle = await bundleFunction(handlerEntry(name), join(outdir, name));
    bundles.set(name, {
      file: bundle.outfile,
      indexBytes: statSync(bundle.outfile).size,
      lazy: bundle.lazy.map((output) => join(repoRoot, output.path)),
    });
  }
}, 120_000);

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('the deployed bundles', () => {
  it.each(handlerNames())('the %s bundle loads on its own and exports a handler', async (name) => {
    const { type } = await invoke(name, []);
    expect(type).toBe('function');
  });

  it.each(['api', 'import-worker'])("the %s bundle's lazy chunks load, each in a process of its own", async (name) => {
    const lazy = bundles.get(name)?.lazy ?? [];
    expect(lazy.length).toBeGreaterThan(0);
    for (const chunk of lazy) {
      const { stdout } = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          'const m = await import(process.argv[1]); console.log(Object.keys(m).length);',
          pathToFileURL(chunk).href,
        ],
        { env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...lambdaEnvironment }, timeout: 60_000 },
      );
      expect(Number(stdout.trim()), chunk).toBeGreaterThan(0);
    }
  });

  it('the api bundle validates a body with its schemas: a 400 problem naming the field', async () => {
    const [refused] = (
      await invoke('api', [
        anHttpApiEvent({
          method: 'POST',
          path: '/api/unsubscribe',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: 42 }),
        }),
      ])
    ).results;
    expect(refused?.statusCode).toBe(400);
    expect(refused?.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(refused?.body ?? '{}') as { errors?: { path: string }[] };
    expect(problem.errors?.map((error) => error.path)).toEqual(['token']);
  });

  it('the api bundle refuses a request without a token with problem+json', async () => {
    const [refused] = (
      await invoke('api', [
        anHttpApiEvent({
          method: 'POST',
          path: '/api/referrals',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ prospect: {} }),
        }),
      ])
    ).results;
    expect(refused?.statusCode).toBe(401);
    expect(refused?.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('what cdk synth bundles', () => {
  it('is byte for byte the size of the bundles tested here: the same options', () => {
    // With a sender and an identity provider, so that every handler (mail-feedback and
    // federated-sign-up too) is deployed.
    const portal = synthesizePortal({
      'aws:cdk:bundling-stacks': ['**'],
      mailFrom: 'portal@mail.example.com',
      federation: 'oidc',
      federationName: 'Okta',
      oidcIssuerUrl: 'https://acme.okta.com',
      oidcClientId: '0oa1',
      oidcClientSecretName: 'total-customer/okta',
    });
    const functions = portal.template.findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Code: { S3Key?: string } } }
    >;
    // index.mjs by its size: a chunk's name hashes its source map, whose paths depend on the
    // folder it was built in.
    const assets = Object.values(functions)
      .map((resource) => join(portal.app.outdir, `asset.${resource.Properties.Code.S3Key?.replace(/\.zip$/, '')}`))
      .map((dir) => join(dir, 'index.mjs'))
      .filter((file) => existsSync(file))
      .map((file) => statSync(file).size);
    expect(assets).toEqual(expect.arrayContaining([...bundles.values()].map((bundle) => bundle.indexBytes)));
  });
});
