import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listAllAggregates, scanMembers } from '#data/aggregate-repository.ts';
import type { Db } from '#data/client.ts';
import { userRepository } from '#data/directory-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { config } from '#lib/config.ts';
import { seedDemo } from '#local/seed.ts';
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
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestTable } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';

/**
 * The demo seed, then a mix of the operations people make, aggregated from the stream as
 * `npm start` does: the aggregates and their members equal those recomputed from the records,
 * a second delivery of every batch changes nothing, and the scorecard has twelve weeks to show.
 */

const now = new Date();
const timeZone = config.ORG_TIME_ZONE;
let db: Db;
let poller: StreamPoller;
const delivered: DynamoDBStreamEvent[] = [];
let people: Map<string, User>;

const as = (name: string) => contextAs(db, people.get(name) as User, now);

async function drain(): Promise<void> {
  for (let pass = 0; pass < 200; pass++) if ((await poller.pollOnce()) === 0) return;
  throw new Error('The stream did not drain');
}

beforeAll(async () => {
  db = await createTestTable();
  await seedDemo(db, () => now);
  const { items } = await userRepository.list(db, { limit: 100, includeInactive: true });
  people = new Map(items.map((user) => [user.name, user]));
  const handler = createAggregatorHandler(db, timeZone);
  poller = createStreamPoller({
    endpoint: inject('dynamoEndpoint'),
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
}, 600_000);

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

describe('the demo seed and a mix of operations, aggregated from the stream', () => {
  it('leaves aggregates and members equal to those recomputed from the raw records', async () => {
    const result = await reconcile(db, { timeZone });
    expect(result.recordsScanned).toBeGreaterThan(300);
    expect(result.aggregatesCompared).toBeGreaterThan(300);
    expect(result.membersCompared).toBeGreaterThan(300);
    expect(result.differences).toEqual([]);
    expect(result.memberDifferences).toEqual([]);
  });

  it('changes nothing when every batch is delivered again', async () => {
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
    for (const id of ['referrals.submitted', 'handoffs.sent', 'issues.reported.sev2', 'customers.moved.repeat']) {
      const weeks = figure(id)?.trend.filter((point) => (point.value ?? 0) > 0).length ?? 0;
      expect(weeks, id).toBeGreaterThanOrEqual(id === 'customers.moved.repeat' ? 3 : 8);
    }
    expect(figure('referrals.submitted')?.byDimension.length).toBeGreaterThanOrEqual(4);
    expect(figure('handoffs.satisfaction')?.byDimension.length).toBeGreaterThanOrEqual(10);
  });
});
