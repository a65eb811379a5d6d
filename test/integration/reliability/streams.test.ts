import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAllAggregates } from '#data/aggregate-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { createStreamPoller } from '#local/stream-poller.ts';
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
import { type AggregatorHandler, createAggregatorHandler } from '../../../functions/handlers/aggregator.ts';

/**
 * What a DynamoDB stream really delivers, fed to the aggregator's handler: every record at
 * least once but some twice, a transaction's items (a record and its event) in different
 * batches, TTL deletions, records of items it has no rule for (events of other kinds, markers,
 * its own aggregates and dedup markers), and records in shapes DynamoDB Local produces. Each
 * batch must succeed whole, and afterwards the aggregates must equal those recomputed from the
 * raw records (functions/services/reconcile.ts). The records are real: the local stream
 * poller reads them from DynamoDB Local's stream of a table the services wrote to.
 */
const timeZone = 'UTC';
let t: TestApp;
let aggregate: AggregatorHandler;
/** Every record of the stream, in order, as the poller read it (nothing applied yet). */
const captured: DynamoDBRecord[] = [];

const as = (user: User) => contextAs(t.db, user, new Date());

async function writeAMixOfRecords(): Promise<void> {
  const { users, teams } = t.org;
  const submitted = [];
  for (let n = 0; n < 3; n++) submitted.push(await referrals.submit(as(users.northwindPartner), aSubmission()));
  submitted.push(await referrals.submit(as(users.advocate), aSubmission()));
  const [first, second, third] = submitted;
  if (!first || !second || !third) throw new Error('submissions');
  await referrals.transition(as(users.salesStaff), first.id, first.version, { to: 'accepted' });
  await referrals.transition(as(users.salesStaff), second.id, second.version, { to: 'declined', reason: 'No fit.' });
  const accepted = await referrals.transition(as(users.salesStaff), third.id, third.version, { to: 'accepted' });
  await referrals.transition(as(users.salesStaff), third.id, accepted.version, { to: 'qualified' });

  let handoff = await handoffs.send(as(users.salesStaff), aHandoffSubmission({ toTeamId: teams.support.id }));
  for (const to of ['acknowledged', 'accepted', 'completed'] as const) {
    handoff = await handoffs.transition(as(users.supportStaff), handoff.id, handoff.version, { to });
  }
  await handoffs.rate(as(users.supportStaff), handoff.id, { score: 5 });

  const customer = await customers.create(as(users.leader), aCustomerCreation({ name: 'Stream Corp' }));
  const issue = await issues.report(as(users.supportStaff), anIssueReport([customer.id], { severity: 'sev1' }));
  await issues.transition(as(users.supportStaff), issue.id, issue.version, { to: 'owned' });
}

/** Reads the whole stream once more, handing each batch to `handler`; until nothing is left. */
async function readStream(handler: AggregatorHandler): Promise<void> {
  const poller = createStreamPoller({ endpoint: dynamoEndpoint(), tableName: t.db.tableName, handler });
  try {
    for (let pass = 0; pass < 50; pass++) if ((await poller.pollOnce()) === 0) return;
  } finally {
    await poller.stop();
  }
}

async function deliver(records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  const event: DynamoDBStreamEvent = { Records: records };
  return aggregate(event);
}

const aggregatesNow = async () =>
  Object.fromEntries(
    (await listAllAggregates(t.db)).map((entry) => [
      `${entry.family}|${entry.period}#${entry.figure}#${entry.dimension}`,
      entry.values,
    ]),
  );

const isScored = (record: DynamoDBRecord) =>
  ['referral', 'handoff', 'issue'].includes(
    String(record.dynamodb?.NewImage?.entity?.S ?? record.dynamodb?.OldImage?.entity?.S),
  );

beforeAll(async () => {
  t = await createTestApp();
  aggregate = createAggregatorHandler(t.db, timeZone);
  await writeAMixOfRecords();
  await readStream(async (event) => {
    captured.push(...event.Records);
    return { batchItemFailures: [] };
  });
});

describe('the aggregator fed what streams really deliver', () => {
  it('was given real records to work with, of scored items and of others', () => {
    expect(captured.filter(isScored).length).toBeGreaterThan(10);
    expect(captured.filter((record) => !isScored(record)).length).toBeGreaterThan(10);
  });

  it("applies a transaction's items delivered in separate batches, out of order, some twice", async () => {
    // Every record alone in its batch, the batches in reverse order (a referral's change
    // arrives long after its event), and every third batch delivered a second time at once.
    for (const [index, record] of [...captured].reverse().entries()) {
      expect(await deliver([record])).toEqual({ batchItemFailures: [] });
      if (index % 3 === 0) expect(await deliver([record])).toEqual({ batchItemFailures: [] });
    }
    const result = await reconcile(t.db, { timeZone });
    expect(result.aggregatesCompared).toBeGreaterThan(10);
    expect(result.differences).toEqual([]);
  });

  it('changes nothing when the whole stream is delivered again, in batches of another size, with duplicates inside a batch', async () => {
    const before = await aggregatesNow();
    for (let start = 0; start < captured.length; start += 7) {
      const batch = captured.slice(start, start + 7);
      expect(await deliver([...batch, ...batch])).toEqual({ batchItemFailures: [] });
    }
    expect(await aggregatesNow()).toEqual(before);
    expect((await reconcile(t.db, { timeZone })).differences).toEqual([]);
  });

  it('ignores TTL deletions, including those DynamoDB Local reports with an unknown event name', async () => {
    const before = await aggregatesNow();
    // A scored item's image, as the old image of a deletion: if the aggregator took these for
    // a user's deletion it would subtract a referral that is still in the table.
    const scored = captured.find((record) => isScored(record) && record.eventName === 'INSERT');
    const image = scored?.dynamodb?.NewImage;
    expect(image).toBeDefined();
    const ttl = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
    const deletions: DynamoDBRecord[] = [
      {
        eventID: 'ttl-1',
        eventName: 'REMOVE',
        userIdentity: ttl,
        dynamodb: { Keys: {}, OldImage: image, SequenceNumber: 'ttl-1' },
      },
      {
        eventID: 'ttl-2',
        eventName: 'UNKNOWN' as DynamoDBRecord['eventName'],
        userIdentity: ttl,
        dynamodb: { Keys: {}, OldImage: image, SequenceNumber: 'ttl-2' },
      },
      {
        eventID: 'ttl-3',
        eventName: undefined,
        dynamodb: { Keys: {}, OldImage: image, SequenceNumber: 'ttl-3' },
      },
    ];
    expect(await deliver(deletions)).toEqual({ batchItemFailures: [] });
    expect(await aggregatesNow()).toEqual(before);
    expect((await reconcile(t.db, { timeZone })).differences).toEqual([]);
  });

  it('ignores records it has no rule for: its own aggregates and markers, unknown entities, empty images', async () => {
    const before = await aggregatesNow();
    // What the aggregator itself wrote (counters, dedup markers) comes back on the stream.
    const own: DynamoDBRecord[] = [];
    await readStream(async (event) => {
      own.push(...event.Records);
      return { batchItemFailures: [] };
    });
    const aggregatorWrites = own.filter((record) => !captured.some((seen) => seen.eventID === record.eventID));
    expect(aggregatorWrites.length).toBeGreaterThan(0);
    const strangers: DynamoDBRecord[] = [
      {
        eventID: 'x-1',
        eventName: 'INSERT',
        dynamodb: {
          NewImage: { pk: { S: 'WIDGET#1' }, sk: { S: 'WIDGET' }, entity: { S: 'widget' } },
          SequenceNumber: 'x-1',
        },
      },
      { eventID: 'x-2', eventName: 'MODIFY', dynamodb: { SequenceNumber: 'x-2' } },
      { eventID: 'x-3', eventName: 'INSERT', dynamodb: { NewImage: {}, SequenceNumber: 'x-3' } },
      { eventID: 'x-4', eventName: 'REMOVE', dynamodb: { SequenceNumber: 'x-4' } },
    ];
    expect(await deliver([...aggregatorWrites, ...strangers])).toEqual({ batchItemFailures: [] });
    expect(await aggregatesNow()).toEqual(before);
    expect((await reconcile(t.db, { timeZone })).differences).toEqual([]);
  });

  it('still counts a new change after all that', async () => {
    await referrals.submit(as(t.org.users.bluewavePartner), aSubmission());
    const fresh: DynamoDBRecord[] = [];
    await readStream(async (event) => {
      fresh.push(...event.Records);
      return { batchItemFailures: [] };
    });
    const before = await reconcile(t.db, { timeZone });
    // The new referral is in the table but not yet aggregated: reconcile sees the gap…
    expect(before.differences.length).toBeGreaterThan(0);
    expect(await deliver(fresh)).toEqual({ batchItemFailures: [] });
    // …and once its records (with every older one again) are delivered, it is closed.
    expect((await reconcile(t.db, { timeZone })).differences).toEqual([]);
  });
});
