import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAllAggregates, scanMembers } from '#data/aggregate-repository.ts';
import type { Db } from '#data/client.ts';
import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';
import { listTimeline } from '#data/events.ts';
import { handoffKeys } from '#data/keys.ts';
import { lifecycleStages } from '#domain/customers/schemas.ts';
import type { User } from '#domain/directory/schemas.ts';
import { roles } from '#domain/identity/roles.ts';
import { severities } from '#domain/issues/targets.ts';
import type { IssueView } from '#domain/issues/views.ts';
import { config } from '#lib/config.ts';
import { demoUsers, isSeeded, seedDemo } from '#local/seed.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { processStreamBatch } from '#services/aggregator.ts';
import { contextAs } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { handoffs } from '#services/handoffs.ts';
import { issues } from '#services/issues.ts';
import { reconcile } from '#services/reconcile.ts';
import { referrals } from '#services/referrals.ts';
import { scorecard } from '#services/scorecard.ts';
import { sweep } from '#services/sweeper.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestTable } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';

/**
 * The demo seed, seeded once for the whole file (twelve weeks of history are the slowest set-up
 * of the suite): first what it holds, read only; then, on top of it, a mix of the operations
 * people make, aggregated from the stream as `npm start` does: the aggregates and their members
 * equal those recomputed from the records, a second delivery of every batch changes nothing,
 * and the scorecard has twelve weeks to show. Nothing here pins the clock: the seed lays its
 * history out by ISO week from now, and `npm run test:dates` runs this file on awkward dates.
 */

const now = new Date();
const timeZone = config.ORG_TIME_ZONE;
let db: Db;
let firstSeed: boolean;
let people: Map<string, User>;

/** Seeding and draining twelve weeks of history; generous, for two busy cores. */
const seedBudget = 600_000;

beforeAll(async () => {
  db = await createTestTable();
  firstSeed = await seedDemo(db, () => now);
  const { items } = await userRepository.list(db, { limit: 100, includeInactive: true });
  people = new Map(items.map((user) => [user.name, user]));
}, seedBudget);

const as = (name: string) => contextAs(db, people.get(name) as User, now);

const everyone = async (): Promise<User[]> =>
  (await userRepository.list(db, { limit: 100, includeInactive: true })).items;

describe('seedDemo', () => {
  it('seeds an empty table and marks it seeded', async () => {
    expect(firstSeed).toBe(true);
    expect(await isSeeded(db)).toBe(true);
  });

  it('seeds the demo teams', async () => {
    const { items } = await teamRepository.list(db, { limit: 100, includeInactive: true });

    expect(items.map((team) => team.name).sort()).toEqual(['Finance', 'Onboarding', 'Product', 'Sales', 'Support']);
  });

  it('seeds at least three partner organisations, each with a user', async () => {
    const { items } = await partnerRepository.list(db, { limit: 100, includeInactive: true });
    const users = await everyone();

    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const partner of items) expect(users.some((user) => user.partnerId === partner.id)).toBe(true);
  });

  it('seeds a user of every role, each active and in the membership the role requires', async () => {
    const users = await everyone();

    expect(new Set(users.map((user) => user.role))).toEqual(new Set(roles));
    expect(users.map((user) => user.email).sort()).toEqual(demoUsers.map((user) => user.email).sort());
    expect(users.every((user) => user.active)).toBe(true);
    expect(users.filter((user) => user.role === 'staff').every((user) => user.teamId)).toBe(true);
    expect(users.filter((user) => user.role === 'partner').every((user) => user.partnerId)).toBe(true);
  });

  it('does nothing on a table seeded already', async () => {
    const before = await everyone();

    const seededAgain = await seedDemo(db);

    expect(seededAgain).toBe(false);
    expect(await everyone()).toEqual(before);
  });
});

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

describe('the demo seed’s handoffs', () => {
  let all: Awaited<ReturnType<typeof handoffs.list>>['items'];

  beforeAll(async () => {
    all = (await handoffs.list(as('Morgan Hale'), {}, { limit: 100 })).items;
  });

  it('holds weeks of handoffs between every ordered pair of teams', async () => {
    const pairs = new Set(all.map((handoff) => `${handoff.fromTeamId}>${handoff.toTeamId}`));
    expect(pairs.size).toBe(20);
    const days = all.map((handoff) => Date.parse(handoff.createdAt));
    expect((Math.max(...days) - Math.min(...days)) / (24 * 60 * 60 * 1000)).toBeGreaterThan(28);
    expect(all.every((handoff) => handoff.createdAt < now.toISOString())).toBe(true);
    expect(all.some((handoff) => handoff.customerId)).toBe(true);
  });

  it('holds every status, late acknowledgements, returns, and a rating on every completed one', () => {
    expect(new Set(all.map((handoff) => handoff.status))).toEqual(
      new Set(['sent', 'acknowledged', 'accepted', 'returned', 'completed']),
    );
    expect(all.some((handoff) => handoff.acknowledgedLate)).toBe(true);
    expect(all.some((handoff) => handoff.returnCount > 0 && handoff.status === 'completed')).toBe(true);
    const completed = all.filter((handoff) => handoff.status === 'completed');
    expect(completed.length).toBeGreaterThan(10);
    expect(completed.every((handoff) => handoff.rating && handoff.rating.ratedAt < now.toISOString())).toBe(true);
    expect(new Set(completed.map((handoff) => handoff.rating?.score)).size).toBeGreaterThan(2);
  });

  it('gives every handoff its own title, so no inbox reads the same line twice', () => {
    const titles = all.map((handoff) => handoff.summary);
    expect(titles.length).toBeGreaterThan(20);
    const repeated = titles.filter((title, position) => titles.indexOf(title) !== position);
    expect(repeated).toEqual([]);
  });

  it('leaves some unacknowledged past their due time for the sweeper, and the freshest within it', async () => {
    const swept = await sweep(db, now);
    expect(swept.handoffsMarkedOverdue).toBeGreaterThan(0);
    const waiting = all.filter((handoff) => handoff.status === 'sent');
    expect(waiting.some((handoff) => handoff.ackDueAt > now.toISOString())).toBe(true);
    // The late acknowledgements were marked overdue first, as the sweeper would have.
    const late = all.find((handoff) => handoff.acknowledgedLate);
    const events = await listTimeline(db, handoffKeys.byId(late?.id ?? '').pk);
    expect(events.map((event) => event.type)).toContain('handoff.overdue');
    expect(events.map((event) => event.at)).toEqual(events.map((event) => event.at).sort());
  });
});

describe('the demo seed and a mix of operations, aggregated from the stream', () => {
  let poller: StreamPoller;
  const delivered: DynamoDBStreamEvent[] = [];

  async function drain(): Promise<void> {
    for (let pass = 0; pass < 200; pass++) if ((await poller.pollOnce()) === 0) return;
    throw new Error('The stream did not drain');
  }

  beforeAll(async () => {
    const handler = createAggregatorHandler(db, timeZone);
    poller = createStreamPoller({
      endpoint: dynamoEndpoint(),
      tableName: db.tableName,
      handler: async (event) => {
        delivered.push(event);
        return handler(event);
      },
    });
    await drain();

    // A morning's work on top of the history.
    const referral = await referrals.submit(as('Nora Lindqvist'), aSubmission());
    const accepted = await referrals.transition(as('Sam Okafor'), referral.id, referral.version, { to: 'accepted' });
    await referrals.transition(as('Sam Okafor'), referral.id, accepted.version, { to: 'qualified' });
    const support = people.get('Sunil Mehta')?.teamId as string;
    let handoff = await handoffs.send(as('Sam Okafor'), aHandoffSubmission({ toTeamId: support }));
    for (const to of ['acknowledged', 'accepted', 'completed'] as const) {
      handoff = await handoffs.transition(as('Sunil Mehta'), handoff.id, handoff.version, { to });
    }
    await handoffs.rate(as('Sunil Mehta'), handoff.id, { score: 5 });
    const { items: lapsed } = await customers.list(as('Morgan Hale'), { lifecycle: 'lapsed' }, { limit: 10 });
    const customer = lapsed[0];
    if (!customer) throw new Error('No lapsed demo customer');
    await customers.moveLifecycle(as('Morgan Hale'), customer.id, customer.version, {
      to: 'won_back',
      note: 'Fixed what they were waiting on.',
    });
    const issue = await issues.report(as('Sunil Mehta'), anIssueReport([customer.id], { severity: 'sev1' }));
    await issues.transition(as('Sunil Mehta'), issue.id, issue.version, { to: 'owned' });
    await sweep(db, now);
    await drain();
  }, seedBudget);

  afterAll(async () => {
    await poller.stop();
  });

  const snapshot = async () => ({
    aggregates: Object.fromEntries(
      (await listAllAggregates(db)).map((entry) => [
        `${entry.family}|${entry.period}#${entry.figure}#${entry.dimension}`,
        entry.values,
      ]),
    ),
    members: (await scanMembers(db)).map((member) => JSON.stringify(member)).sort(),
  });

  it('leaves aggregates and members equal to those recomputed from the raw records', async () => {
    const result = await reconcile(db, { timeZone });
    expect(result.recordsScanned).toBeGreaterThan(300);
    expect(result.aggregatesCompared).toBeGreaterThan(300);
    expect(result.membersCompared).toBeGreaterThan(300);
    expect(result.differences).toEqual([]);
    expect(result.memberDifferences).toEqual([]);
  });

  // Every batch of twelve weeks again, one by one: seconds on a quiet machine, more on a busy one.
  it('changes nothing when every batch is delivered again', { timeout: seedBudget }, async () => {
    const before = await snapshot();
    expect(delivered.length).toBeGreaterThan(0);
    for (const event of delivered) {
      const result = await processStreamBatch(db, event, { timeZone });
      expect(result.batchItemFailures).toEqual([]);
      expect(result.outcomes.applied).toBe(0);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('gives the scorecard twelve weeks of history in every pillar', async () => {
    const view = await scorecard.get(as('Morgan Hale'), 12);
    const scoredWeeks = view.index.trend.filter((point) => point.score !== null).length;
    expect(scoredWeeks).toBeGreaterThanOrEqual(11);
    for (const pillar of view.pillars) {
      expect(pillar.score, pillar.id).not.toBeNull();
      expect(pillar.trend.filter((point) => point.score !== null).length, pillar.id).toBeGreaterThanOrEqual(8);
    }
    const figure = (id: string) => view.pillars.flatMap((pillar) => pillar.figures).find((f) => f.id === id);
    // Every whole week before the current one holds each kind of record, whatever today is.
    for (const id of ['referrals.submitted', 'handoffs.sent', 'issues.reported.sev2']) {
      const wholeWeeks = figure(id)?.trend.slice(0, -1) ?? [];
      expect(wholeWeeks, id).toHaveLength(11);
      expect(
        wholeWeeks.filter((point) => !((point.value ?? 0) > 0)).map((point) => point.week),
        id,
      ).toEqual([]);
    }
    const repeatWeeks = figure('customers.moved.repeat')?.trend.filter((point) => (point.value ?? 0) > 0) ?? [];
    expect(repeatWeeks.length).toBeGreaterThanOrEqual(3);
    expect(figure('referrals.submitted')?.byDimension.length).toBeGreaterThanOrEqual(4);
    expect(figure('handoffs.satisfaction')?.byDimension.length).toBeGreaterThanOrEqual(10);
  });
});

describe('movers on the demo', () => {
  it('every pillar shows movers, better and worse, against the previous twelve weeks', async () => {
    const view = await scorecard.get(as('Morgan Hale'), 12);
    for (const pillar of view.pillars) {
      expect(pillar.movers.length, pillar.id).toBeGreaterThan(0);
      for (const mover of pillar.movers) expect(mover.sampleSize).toBeGreaterThanOrEqual(view.minimumSample);
    }
    const directions = new Set(view.pillars.flatMap((pillar) => pillar.movers.map((mover) => mover.direction)));
    expect([...directions].sort()).toEqual(['better', 'worse']);
  });
});

describe('the heat map on the demo', () => {
  it('judges a few busy team pairs on both rating and SLA, in different bands, and leaves the thin ones grey', async () => {
    const view = await scorecard.get(as('Morgan Hale'), 12);
    const figure = (id: string) => view.pillars.flatMap((pillar) => pillar.figures).find((f) => f.id === id);
    const pairsOf = (id: string) =>
      new Map(
        (figure(id)?.byDimension ?? [])
          .filter((entry) => entry.dimension.startsWith('pair:'))
          .map((entry) => [entry.dimension, entry]),
      );
    const rating = pairsOf('handoffs.satisfaction');
    const sla = pairsOf('handoffs.sla_attainment');
    const judged = [...rating.keys()].filter((pair) => rating.get(pair)?.band && sla.get(pair)?.band);
    expect(judged.length).toBeGreaterThanOrEqual(3);
    expect(new Set(judged.map((pair) => rating.get(pair)?.band)).size).toBeGreaterThan(1);
    for (const entry of [...rating.values(), ...sla.values()]) {
      expect(entry.band != null, entry.label).toBe(entry.sampleSize >= view.minimumSample && entry.value !== null);
    }
    expect([...sla.values()].some((entry) => entry.sampleSize > 0 && entry.band == null)).toBe(true);
  });
});
