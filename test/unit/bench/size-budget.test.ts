import { beforeAll, describe, expect, it } from 'vitest';
import { handlerNames } from '../../../bench/lib/bundles.ts';
import { measureSizes, readBudget, type Sizes } from '../../../bench/size-budget.ts';

// Bundles every deployed function and the web app in memory with the deployed options (a few
// seconds) and holds them to bench/size-budget.json. After a deliberate change in size:
// `npx tsx bench/size-budget.ts --write`, and commit the new budget with the change.
const budget = readBudget();
let sizes: Sizes;

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
