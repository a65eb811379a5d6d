import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, deployedOutdir, handlerEntry } from '../../../bench/lib/bundles.ts';
import { staticallyLoaded } from '../../../infra/aws/function-bundling.ts';

// The api bundled in memory as deployed (the size budget's way): the packages only a few
// routes need must sit in lazy chunks, never on the path a cold start reads.
const rare = [
  '@aws-sdk/client-cognito-identity-provider',
  '@aws-sdk/client-s3',
  '@aws-sdk/s3-request-presigner',
  '@aws-sdk/client-secrets-manager',
  'csv-parse',
  'csv-stringify',
];
const packageOf = (input: string) => rare.find((name) => input.includes(`node_modules/${name}/`));

let metafile: Metafile;
let startup: Set<string>;

beforeAll(async () => {
  const bundle = await bundleFunction(handlerEntry('api'), deployedOutdir('api'), false);
  metafile = bundle.metafile;
  startup = new Set(bundle.startup.map((file) => file.path));
}, 120_000);

const inputsOf = (paths: Iterable<string>) =>
  [...paths].flatMap((path) => Object.keys(metafile.outputs[path]?.inputs ?? {}));

describe("the api's start-up path", () => {
  it('is index.mjs and the chunks it imports statically', () => {
    const entry = 'dist/functions/api/index.mjs';
    expect(Object.keys(metafile.outputs)).toContain(entry);
    expect(startup).toEqual(staticallyLoaded(metafile.outputs, entry));
  });

  it('holds no Cognito, S3, Secrets Manager or CSV module', () => {
    expect(inputsOf(startup).flatMap((input) => packageOf(input) ?? [])).toEqual([]);
  });

  it('has them in lazy chunks instead, so the routes that need them still find them', () => {
    const lazy = Object.keys(metafile.outputs).filter((path) => path.endsWith('.mjs') && !startup.has(path));
    const found = new Set(inputsOf(lazy).flatMap((input) => packageOf(input) ?? []));
    expect([...found].sort()).toEqual([...rare].sort());
  });

  // A cold start compiles the router, not the 80-odd operations: each route file, with what
  // only it needs, is a chunk its first request loads (`mounts` in functions/api/app.ts).
  it('holds no route file, and every route file is in a lazy chunk', () => {
    const routeFile = /functions\/api\/routes\/[\w-]+\.ts$/;
    const lazy = Object.keys(metafile.outputs).filter((path) => path.endsWith('.mjs') && !startup.has(path));
    const inLazy = inputsOf(lazy).filter((input) => routeFile.test(input));

    expect(inputsOf(startup).filter((input) => routeFile.test(input))).toEqual([]);
    expect([...new Set(inLazy.map((input) => basename(input)))].sort()).toEqual(
      readdirSync('functions/api/routes').sort(),
    );
  });
});
