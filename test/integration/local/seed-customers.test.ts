import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { userRepository } from '#data/directory-repository.ts';
import { lifecycleStages } from '#domain/customers/schemas.ts';
import type { User } from '#domain/directory/schemas.ts';
import { severities } from '#domain/issues/targets.ts';
import type { IssueView } from '#domain/issues/views.ts';
import { seedDemo } from '#local/seed.ts';
import { contextAs } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { issues } from '#services/issues.ts';
import { createTestTable } from '#test/harness.ts';

let db: Db;
let people: Map<string, User>;
const now = new Date();

beforeAll(async () => {
  db = await createTestTable();
  await seedDemo(db, () => now);
  const { items } = await userRepository.list(db, { limit: 100, includeInactive: true });
  people = new Map(items.map((user) => [user.name, user]));
}, 120_000);

const as = (name: string) => contextAs(db, people.get(name) as User, now);

async function allIssues(): Promise<IssueView[]> {
  const found: IssueView[] = [];
  let cursor: string | undefined;
  do {
    const page = await issues.list(as('Morgan Hale'), {}, { limit: 100, cursor });
    found.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return found;
}

describe('the demo customers and issues', () => {
  it('has customers in every lifecycle stage', async () => {
    const { items } = await customers.list(as('Morgan Hale'), {}, { limit: 100 });
    expect(new Set(items.map((customer) => customer.lifecycle))).toEqual(new Set(lifecycleStages));
    expect(items.every((customer) => (customer.stakeholders ?? []).length > 0 || customer.referredBy)).toBe(true);
  });

  it('has lapsed customers with open issues at the top of the win-back list, and won-back ones with what settled it', async () => {
    const list = await customers.winBack(as('Sam Okafor'), { limit: 100 });
    expect(list.items.length).toBeGreaterThanOrEqual(3);
    expect(list.items[0]?.openIssues.length).toBeGreaterThan(0);
    expect(list.items.filter((entry) => entry.openIssues.length > 0).length).toBeGreaterThanOrEqual(2);
    const { items } = await customers.list(as('Morgan Hale'), { lifecycle: 'won_back' }, { limit: 100 });
    expect(items.every((customer) => customer.wonBack?.note)).toBe(true);
  });

  it('has weeks of issues of every severity, most resolved, some breached', async () => {
    const everything = await allIssues();
    expect(everything.length).toBeGreaterThanOrEqual(30);
    expect(new Set(everything.map((issue) => issue.severity))).toEqual(new Set(severities));
    const resolved = everything.filter((issue) => issue.status === 'resolved');
    expect(resolved.length / everything.length).toBeGreaterThan(0.5);
    expect(resolved.every((issue) => issue.followUp && (issue.factors ?? []).length > 0)).toBe(true);
    expect(everything.filter((issue) => issue.ownBreached).length).toBeGreaterThan(0);
    expect(everything.filter((issue) => issue.resolveBreached).length).toBeGreaterThan(0);
    expect(new Set(everything.map((issue) => issue.status))).toEqual(
      new Set(['reported', 'owned', 'mitigated', 'resolved']),
    );
    const oldest = everything.map((issue) => issue.createdAt).sort()[0] as string;
    expect(now.getTime() - Date.parse(oldest)).toBeGreaterThan(28 * 24 * 60 * 60 * 1000);
  });

  it('gives a partner an issue it reported on a customer it brought', async () => {
    const page = await issues.list(as('Ben Carter'), {}, { limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    const detail = await issues.get(as('Ben Carter'), page.items[0]?.id as string);
    expect(detail.customers).toHaveLength(1);
  });
});
