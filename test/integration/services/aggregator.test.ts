import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAllAggregates, scanMembers } from '#data/aggregate-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { createStreamPoller, type StreamPoller } from '#local/stream-poller.ts';
import { processStreamBatch } from '#services/aggregator.ts';
import { contextAs } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { handoffs } from '#services/handoffs.ts';
import { issues } from '#services/issues.ts';
import { reconcile } from '#services/reconcile.ts';
import { referrals } from '#services/referrals.ts';
import { aCustomerCreation } from '#test/customer-fixtures.ts';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { aHandoffSubmission } from '#test/handoff-fixtures.ts';
import { createTestApp, type TestApp } from '#test/harness.ts';
import { anIssueReport } from '#test/issue-fixtures.ts';
import { aSubmission } from '#test/referral-fixtures.ts';
import { createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';

const timeZone = 'UTC';
let t: TestApp;
let poller: StreamPoller;
/** Every batch the poller handed to the aggregator, to deliver again. */
const delivered: DynamoDBStreamEvent[] = [];

const as = (user: User) => contextAs(t.db, user, new Date());
const submission = (n: number) =>
  aSubmission({
    company: { name: `Company ${n}`, domain: `company${n}.example` },
    contact: { name: 'Casey Contact', email: `casey@company${n}.example` },
  });

async function drain(): Promise<void> {
  // Until a pass hands over nothing: everything written so far has been aggregated.
  for (let pass = 0; pass < 50; pass++) if ((await poller.pollOnce()) === 0) return;
}

async function mixOfOperations(): Promise<void> {
  const { users, teams } = t.org;
  const submitted = [];
  for (let n = 0; n < 4; n++) submitted.push(await referrals.submit(as(users.northwindPartner), submission(n)));
  submitted.push(await referrals.submit(as(users.advocate), submission(9)));
  const [first, second, third] = submitted;
  if (!first || !second || !third) throw new Error('submissions');
  await referrals.transition(as(users.salesStaff), first.id, first.version, { to: 'accepted' });
  await referrals.transition(as(users.salesStaff), second.id, second.version, { to: 'declined', reason: 'Not a fit.' });
  const accepted = await referrals.transition(as(users.salesStaff), third.id, third.version, { to: 'accepted' });
  const qualified = await referrals.transition(as(users.salesStaff), third.id, accepted.version, { to: 'qualified' });
  await referrals.transition(as(users.salesStaff), third.id, qualified.version, { to: 'won' });

  let handoff = await handoffs.send(as(users.salesStaff), aHandoffSubmission({ toTeamId: teams.support.id }));
  for (const to of ['acknowledged', 'accepted', 'completed'] as const) {
    handoff = await handoffs.transition(as(users.supportStaff), handoff.id, handoff.version, { to });
  }
  await handoffs.rate(as(users.supportStaff), handoff.id, { score: 4 });

  const customer = await customers.create(
    as(users.leader),
    aCustomerCreation({ name: 'Issue Corp', lifecycle: 'repeat' }),
  );
  let issue = await issues.report(as(users.supportStaff), anIssueReport([customer.id], { severity: 'sev2' }));
  issue = await issues.transition(as(users.supportStaff), issue.id, issue.version, { to: 'owned' });
  issue = await issues.transition(as(users.supportStaff), issue.id, issue.version, { to: 'mitigated' });
  await issues.transition(as(users.supportStaff), issue.id, issue.version, { to: 'resolved', followUp: 'Fixed.' });
  await issues.report(as(users.supportStaff), anIssueReport([customer.id], { severity: 'sev1' }));
}

beforeAll(async () => {
  t = await createTestApp();
  const handler = createAggregatorHandler(t.db, timeZone);
  poller = createStreamPoller({
    endpoint: dynamoEndpoint(),
    tableName: t.db.tableName,
    handler: async (event) => {
      delivered.push(event);
      return handler(event);
    },
  });
  await mixOfOperations();
  await drain();
});

afterAll(async () => {
  await poller.stop();
});

const snapshot = async () =>
  Object.fromEntries(
    (await listAllAggregates(t.db)).map((entry) => [
      `${entry.family}|${entry.period}#${entry.figure}#${entry.dimension}`,
      entry.values,
    ]),
  );

describe('the aggregator fed by the local stream poller', () => {
  it('keeps the aggregates equal to those recomputed from the raw records', async () => {
    const result = await reconcile(t.db, { timeZone });
    expect(result.recordsScanned).toBeGreaterThan(10);
    expect(result.aggregatesCompared).toBeGreaterThan(20);
    expect(result.differences).toEqual([]);
    // The drill-down's members too: written with the counters, recomputed from the same rule.
    expect(result.membersCompared).toBeGreaterThan(10);
    expect(result.memberDifferences).toEqual([]);
  });

  it('counts what happened', async () => {
    const all = await snapshot();
    const value = (key: string) =>
      Object.entries(all)
        .filter(([k]) => k.endsWith(key) && k.includes('#'))
        .map(([, v]) => v.count)
        .reduce((a, b) => a + b, 0);
    expect(value('#referrals.submitted#all')).toBe(5);
    expect(value('#referrals.accepted#all')).toBe(2);
    expect(value('#referrals.declined#all')).toBe(1);
    expect(value('#referrals.won#all')).toBe(1);
    expect(value('#handoffs.rating_points#all')).toBe(4);
    expect(all['issues|current#issues.open#sev:sev1']?.count).toBe(1);
    expect(all['issues|current#issues.open#sev:sev2']?.count).toBe(0);
  });

  it('changes nothing when every batch is delivered a second time', async () => {
    const before = await snapshot();
    expect(delivered.length).toBeGreaterThan(0);
    for (const event of delivered) {
      const result = await processStreamBatch(t.db, event, { timeZone });
      expect(result.batchItemFailures).toEqual([]);
      expect(result.outcomes.applied).toBe(0);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('reports a poisoned record and applies the rest of its batch', async () => {
    const good = (id: string, sequence: string): DynamoDBRecord => ({
      eventID: id,
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: sequence,
        NewImage: {
          entity: { S: 'referral' },
          referrerId: { S: 'poison-test' },
          createdAt: { S: '2026-03-02T09:00:00.000Z' },
          overdue: { BOOL: false },
        },
      },
    });
    const poisoned: DynamoDBRecord = { ...good('', '2'), eventID: undefined } as DynamoDBRecord;
    const result = await processStreamBatch(
      t.db,
      { Records: [good('p-1', '1'), poisoned, good('p-3', '3')] },
      { timeZone },
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(result.outcomes.applied).toBe(2);
    const all = await snapshot();
    expect(all['referrals|2026-W10#referrals.submitted#referrer:poison-test']?.count).toBe(2);
  });

  it('reports a record the database refuses, applies the rest of its batch, and then only retries that one', async () => {
    const referral = (id: string, sequence: string, referrerId: string): DynamoDBRecord => ({
      eventID: id,
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: sequence,
        NewImage: {
          entity: { S: 'referral' },
          id: { S: `referral-${id}` },
          referrerId: { S: referrerId },
          createdAt: { S: '2026-03-09T09:00:00.000Z' },
          overdue: { BOOL: false },
        },
      },
    });
    // A dimension too long for a sort key (1 KB): DynamoDB Local refuses the whole transaction.
    const batch = {
      Records: [
        referral('q-1', '11', 'refused-test'),
        referral('q-2', '12', 'x'.repeat(1100)),
        referral('q-3', '13', 'refused-test'),
      ],
    };
    const first = await processStreamBatch(t.db, batch, { timeZone });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: '12' }]);
    expect(first.outcomes.applied).toBe(2);
    const again = await processStreamBatch(t.db, batch, { timeZone });
    expect(again.batchItemFailures).toEqual([{ itemIdentifier: '12' }]);
    expect(again.outcomes).toEqual({ applied: 0, duplicate: 2, ignored: 0 });
    const all = await snapshot();
    expect(all['referrals|2026-W11#referrals.submitted#referrer:refused-test']?.count).toBe(2);
    expect(Object.keys(all).some((key) => key.includes('x'.repeat(1100)))).toBe(false);
    const members = (await scanMembers(t.db)).filter((member) => member.recordId.startsWith('referral-q-'));
    expect(members.map((member) => member.recordId).sort()).toEqual(['referral-q-1', 'referral-q-3']);
  });
});

describe('GET /api/scorecard', () => {
  it('answers a leader with the pillars, their figures and the index', async () => {
    const response = await t.request('GET', '/api/scorecard?weeks=12', { as: t.org.users.leader });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      weeks: string[];
      index: { score: number | null };
      pillars: { id: string; figures: { id: string; value: number | null }[] }[];
    };
    expect(body.weeks).toHaveLength(12);
    expect(body.pillars.map((pillar) => pillar.id)).toEqual(['external', 'internal', 'partners']);
    const figure = (id: string) => body.pillars.flatMap((pillar) => pillar.figures).find((f) => f.id === id)?.value;
    expect(figure('referrals.submitted')).toBe(5);
    expect(figure('referrals.acceptance_rate')).toBeCloseTo(2 / 3);
    expect(figure('handoffs.satisfaction')).toBe(4);
    expect(figure('issues.open.sev1')).toBe(1);
    expect(body.index.score).not.toBeNull();
  });

  it('is for leaders only', async () => {
    for (const user of [t.org.users.salesStaff, t.org.users.northwindPartner, t.org.users.advocate]) {
      expect((await t.request('GET', '/api/scorecard', { as: user })).status).toBe(403);
    }
    expect((await t.request('GET', '/api/scorecard?weeks=0', { as: t.org.users.leader })).status).toBe(400);
  });

  it('reads the same number of times however long the history', async () => {
    const reads = async () => {
      let count = 0;
      const name = `count-${Math.random()}`;
      t.db.doc.middlewareStack.add(
        (next) => async (args) => {
          count++;
          return next(args);
        },
        { step: 'initialize', name },
      );
      const response = await t.request('GET', '/api/scorecard?weeks=12', { as: t.org.users.leader });
      t.db.doc.middlewareStack.remove(name);
      expect(response.status).toBe(200);
      return count;
    };
    const before = await reads();
    for (let n = 20; n < 30; n++) await referrals.submit(as(t.org.users.bluewavePartner), submission(n));
    await drain();
    expect(await reads()).toBe(before);
  });
});
