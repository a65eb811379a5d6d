import { beforeAll, describe, expect, it } from 'vitest';
import { floorEntry, handlerNames } from '../../../bench/lib/bundles.ts';
import { type MeasuredSizes, measureSizes, readBudget } from '../../../bench/size-budget.ts';

// Bundles every deployed function and the web app in memory with the deployed options (a few
// seconds) and holds them to bench/size-budget.json. After a deliberate change in size:
// `npx tsx bench/size-budget.ts --write`, and commit the new budget with the change.
const budget = readBudget();
let sizes: MeasuredSizes;

// Seconds on a quiet machine; a budget for two busy cores.
beforeAll(async () => {
  sizes = await measureSizes();
}, 300_000);

const limit = (bytes: number) => Math.floor(bytes * (1 + budget.tolerance));
const update =
  'if the growth is deliberate, run `npx tsx bench/size-budget.ts --write` and commit bench/size-budget.json';

describe('bundle size budget', () => {
  it.each(handlerNames())('the %s function has a budget', (name) => {
    expect(budget.functions[name], `bench/size-budget.json has no budget for ${name}: ${update}`).toBeGreaterThan(0);
  });

  // Without a floor the bench has nothing to hold a function's cold start and size against,
  // and prints an ERROR row for it instead of a ratio.
  it.each(handlerNames())('the %s function has a floor for the bench to compare it with', (name) => {
    expect(floorEntry(name), `add bench/floor/${name}.ts: DynamoDBClient and the commands ${name} sends`).toBeDefined();
  });

  it.each(handlerNames())('the %s function stays within a tenth over its budget', (name) => {
    const allowed = budget.functions[name] ?? 0;
    const bytes = sizes.functions[name] ?? 0;
    expect(
      bytes,
      `${name} is ${bytes} bytes, ${(((bytes - allowed) / allowed) * 100).toFixed(1)} % over its budget of ${allowed}: ${update}`,
    ).toBeLessThanOrEqual(limit(allowed));
  });

  it("the web app's first load stays within 10 % of its budget", () => {
    const allowed = budget.webFirstLoadGzipBytes;
    expect(
      sizes.webFirstLoadGzipBytes,
      `the web app's first load is ${sizes.webFirstLoadGzipBytes} bytes gzipped, over its budget of ${allowed}: ${update}`,
    ).toBeLessThanOrEqual(limit(allowed));
  });
});

// The OpenAPI document is built at build time (functions/api/openapi.ts): what only it needs,
// and the OpenAPI layers that bring all of zod with them (docs/adr/0004), stay out of every
// deployed function. So does classic zod: the schemas are zod/mini (functions/lib/zod.ts), and
// one `import from 'zod'` would bring classic's start-up back into a cold start.
const buildTimeOnly =
  /node_modules\/(?:@hono\/zod-openapi|@asteasolutions\/zod-to-openapi|hono-openapi|@standard-community|zod\/v4\/classic)\//;

describe('what the bundles leave out', () => {
  it.each(handlerNames())('the %s function has no OpenAPI generator and no classic zod in it', (name) => {
    const inputs = sizes.inputs[name] ?? [];
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((input) => buildTimeOnly.test(input))).toEqual([]);
  });

  it('the api bundle holds the routes but not the document module', () => {
    const inputs = sizes.inputs.api ?? [];
    expect(inputs.some((input) => input.endsWith('functions/api/http.ts'))).toBe(true);
    expect(inputs.filter((input) => input.endsWith('functions/api/openapi.ts'))).toEqual([]);
  });
});
