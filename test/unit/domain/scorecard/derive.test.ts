import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { accumulate, aggregateDelta, contributionsOf } from '#domain/scorecard/derive.ts';
import { buildScorecard } from '#domain/scorecard/scorecard.ts';
import { defaultThresholds, defaultWeights } from '#domain/scorecard/scoring.ts';
import { deltaOfRecord } from '#services/aggregator.ts';

const tz = 'UTC';
const referral = {
  entity: 'referral',
  id: 'r1',
  status: 'submitted',
  partnerId: 'p1',
  referrerId: 'u1',
  createdAt: '2026-03-02T09:00:00.000Z',
  firstResponseDueAt: '2026-03-04T09:00:00.000Z',
  overdue: false,
};

const summary = (delta: ReturnType<typeof aggregateDelta>) =>
  Object.fromEntries(
    [...delta.values()].map((entry) => [
      `${entry.period}#${entry.figure}#${entry.dimension}`,
      entry.values.count || entry.values.n,
    ]),
  );

describe('deriving the aggregates from old and new images', () => {
  it('counts a new referral as submitted, for all and for its partner', () => {
    expect(summary(aggregateDelta(undefined, referral, tz))).toEqual({
      '2026-W10#referrals.submitted#all': 1,
      '2026-W10#referrals.submitted#partner:p1': 1,
    });
  });

  it('an acceptance in time adds accepted, a first response time and SLA met; nothing else changes', () => {
    const accepted = {
      ...referral,
      status: 'accepted',
      firstRespondedAt: '2026-03-02T10:30:00.000Z',
      respondedLate: false,
    };
    const delta = aggregateDelta(referral, accepted, tz);
    expect(summary(delta)).toEqual({
      '2026-W10#referrals.accepted#all': 1,
      '2026-W10#referrals.accepted#partner:p1': 1,
      '2026-W10#referrals.first_response_time#all': 1,
      '2026-W10#referrals.first_response_time#partner:p1': 1,
      '2026-W10#referrals.sla_due#all': 1,
      '2026-W10#referrals.sla_due#partner:p1': 1,
      '2026-W10#referrals.sla_met#all': 1,
      '2026-W10#referrals.sla_met#partner:p1': 1,
    });
    const observation = delta.get('referrals|2026-W10#referrals.first_response_time#all');
    expect(observation?.values.sum).toBe(90);
    expect(observation?.values.buckets[3]).toBe(1);
  });

  it('a referral marked overdue came due unmet; answering it late later adds no second due', () => {
    const overdue = { ...referral, overdue: true };
    expect(summary(aggregateDelta(referral, overdue, tz))).toEqual({
      '2026-W10#referrals.sla_due#all': 1,
      '2026-W10#referrals.sla_due#partner:p1': 1,
    });
    const late = {
      ...referral,
      status: 'declined',
      overdue: false,
      firstRespondedAt: '2026-03-05T09:00:00.000Z',
      respondedLate: true,
    };
    const delta = summary(aggregateDelta(overdue, late, tz));
    expect(delta['2026-W10#referrals.declined#all']).toBe(1);
    expect(delta['2026-W10#referrals.sla_due#all']).toBeUndefined();
    expect(delta['2026-W10#referrals.sla_met#all']).toBeUndefined();
  });

  it('an unchanged contribution (a note, a new owner) changes nothing', () => {
    expect(aggregateDelta(referral, { ...referral, ownerId: 'u9', version: 2 }, tz).size).toBe(0);
  });

  it('handoffs: per team pair, sending and receiving team; acknowledgement, return and rating', () => {
    const sent = {
      entity: 'handoff',
      fromTeamId: 'a',
      toTeamId: 'b',
      createdAt: '2026-03-02T09:00:00.000Z',
      sentAt: '2026-03-02T09:00:00.000Z',
      ackDueAt: '2026-03-02T13:00:00.000Z',
      overdue: false,
      returnCount: 0,
    };
    expect(Object.keys(summary(aggregateDelta(undefined, sent, tz))).sort()).toEqual([
      '2026-W10#handoffs.sent#all',
      '2026-W10#handoffs.sent#from:a',
      '2026-W10#handoffs.sent#pair:a:b',
      '2026-W10#handoffs.sent#to:b',
    ]);
    const rated = {
      ...sent,
      acknowledgedAt: '2026-03-02T10:00:00.000Z',
      acknowledgedLate: false,
      returnCount: 1,
      rating: { score: 4, ratedAt: '2026-03-03T10:00:00.000Z', ratedBy: 'x' },
    };
    const delta = summary(aggregateDelta(sent, rated, tz));
    expect(delta['2026-W10#handoffs.returned#pair:a:b']).toBe(1);
    expect(delta['2026-W10#handoffs.ack_time#to:b']).toBe(1);
    expect(delta['2026-W10#handoffs.sla_met#all']).toBe(1);
    expect(delta['2026-W10#handoffs.rated#pair:a:b']).toBe(1);
    expect(delta['2026-W10#handoffs.rating_points#pair:a:b']).toBe(4);
  });

  it('issues: reported and open by severity; resolving closes it and times it against its targets', () => {
    const reported = {
      entity: 'issue',
      status: 'reported',
      severity: 'sev2',
      createdAt: '2026-03-02T09:00:00.000Z',
      ownDueAt: '2026-03-02T10:00:00.000Z',
      resolveDueAt: '2026-03-03T09:00:00.000Z',
      ownBreached: false,
      resolveBreached: false,
    };
    expect(summary(aggregateDelta(undefined, reported, tz))).toMatchObject({
      '2026-W10#issues.reported#sev:sev2': 1,
      'current#issues.open#sev:sev2': 1,
    });
    const resolved = {
      ...reported,
      status: 'resolved',
      ownedAt: '2026-03-02T09:30:00.000Z',
      ownedLate: false,
      resolvedAt: '2026-03-04T09:00:00.000Z',
      resolvedLate: true,
    };
    const delta = aggregateDelta(reported, resolved, tz);
    expect(delta.get('issues|current#issues.open#sev:sev2')?.values.count).toBe(-1);
    expect(delta.get('issues|2026-W10#issues.own_met#all')?.values.count).toBe(1);
    expect(delta.get('issues|2026-W10#issues.resolve_due#all')?.values.count).toBe(1);
    expect(delta.get('issues|2026-W10#issues.resolve_met#all')).toBeUndefined();
    expect(delta.get('issues|2026-W10#issues.time_to_resolve#sev:sev2')?.values.sum).toBe(2_880);
  });

  it('customers: stage levels by referrer, and lifecycle moves from their events', () => {
    const customer = {
      entity: 'customer',
      lifecycle: 'first_purchase',
      referredBy: { referrerId: 'u1', partnerId: 'p1' },
    };
    const moved = { ...customer, lifecycle: 'repeat' };
    const delta = aggregateDelta(customer, moved, tz);
    expect(delta.get('customers|current#customers.stage#stage:repeat')?.values.count).toBe(1);
    expect(delta.get('customers|current#customers.stage#partner:p1|stage:first_purchase')?.values.count).toBe(-1);
    const event = {
      entity: 'event',
      type: 'customer.lifecycle_moved',
      at: '2026-03-02T09:00:00.000Z',
      after: { lifecycle: 'repeat' },
    };
    expect(contributionsOf(event, tz).map((c) => c.dimension)).toEqual(['all', 'stage:repeat']);
    const won = {
      entity: 'event',
      type: 'referral.won',
      at: '2026-03-02T09:00:00.000Z',
      after: { partnerId: null, referrerId: 'u7' },
    };
    expect(contributionsOf(won, tz).map((c) => `${c.figure}#${c.dimension}`)).toEqual([
      'referrals.won#all',
      'referrals.won#referrer:u7',
    ]);
  });

  it('has no rule for other entities', () => {
    expect(contributionsOf({ entity: 'prospect-lock' }, tz)).toEqual([]);
    expect(contributionsOf({ entity: 'aggregate' }, tz)).toEqual([]);
  });
});

describe('stream records', () => {
  const record = (overrides: Partial<DynamoDBRecord>): DynamoDBRecord => ({
    eventID: 'e1',
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: '1',
      NewImage: {
        entity: { S: 'referral' },
        partnerId: { S: 'p1' },
        referrerId: { S: 'u1' },
        createdAt: { S: '2026-03-02T09:00:00.000Z' },
        version: { N: '1' },
        overdue: { BOOL: false },
      },
    },
    ...overrides,
  });

  it('unmarshalls the images and derives the change', () => {
    expect(deltaOfRecord(record({}), tz).map((entry) => entry.dimension)).toEqual(['all', 'partner:p1']);
  });

  it('ignores TTL deletions and event names it has no rule for', () => {
    expect(
      deltaOfRecord(
        record({ eventName: 'REMOVE', userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } }),
        tz,
      ),
    ).toEqual([]);
    expect(deltaOfRecord(record({ eventName: 'SOMETHING_ELSE' as never }), tz)).toEqual([]);
  });
});

describe('the scorecard read model', () => {
  it('computes figures, pillar scores, bands and the index from aggregate items', () => {
    // Two referrals of one partner, one of them accepted: the stored items are their sums.
    const accepted = {
      ...referral,
      status: 'accepted',
      firstRespondedAt: '2026-03-02T10:30:00.000Z',
      respondedLate: false,
    };
    const stored = accumulate(new Map(), [...contributionsOf(referral, tz), ...contributionsOf(accepted, tz)], 1);
    const entries = [...stored.values()];
    const view = buildScorecard(entries, ['2026-W09', '2026-W10'], {
      weights: defaultWeights,
      thresholds: defaultThresholds,
    });
    const partners = view.pillars.find((pillar) => pillar.id === 'partners');
    const figure = (id: string) => partners?.figures.find((candidate) => candidate.id === id);
    expect(figure('referrals.submitted')?.value).toBe(2);
    expect(figure('referrals.submitted')?.trend).toEqual([
      { week: '2026-W09', value: 0, sampleSize: 0 },
      { week: '2026-W10', value: 2, sampleSize: 2 },
    ]);
    expect(figure('referrals.submitted')?.byDimension).toEqual([
      { dimension: 'partner:p1', label: 'p1', value: 2, sampleSize: 2 },
    ]);
    expect(figure('referrals.submitted')).toMatchObject({ name: 'Referrals submitted', better: 'higher' });
    // One answered referral: a rate of 100%, but too few to band under the default minimum of 5.
    expect(figure('referrals.acceptance_rate')).toMatchObject({ value: 1, sampleSize: 1, band: null });
    expect(figure('referrals.first_response_time')).toMatchObject({ value: 120, p90: 120, sampleSize: 1 });
    expect(partners?.score).toBe(100);
    expect(partners?.band).toBe('green');
    expect(view.index.score).toBe(100);
    expect(view.pillars.find((pillar) => pillar.id === 'internal')?.score).toBeNull();
  });

  it('bands a share only on enough records, the lower-is-better ones reversed, and labels dimensions', () => {
    const handoff = (id: string, returnCount: number) => ({
      entity: 'handoff',
      id,
      fromTeamId: 'sales',
      toTeamId: 'support',
      createdAt: '2026-03-02T10:00:00.000Z',
      returnCount,
    });
    const stored = accumulate(
      new Map(),
      [handoff('h1', 1), handoff('h2', 0), handoff('h3', 0)].flatMap((item) => contributionsOf(item, tz)),
      1,
    );
    const build = (minimumSample: number) =>
      buildScorecard(
        [...stored.values()],
        ['2026-W10'],
        { weights: defaultWeights, thresholds: defaultThresholds, minimumSample },
        (kind, id) => (kind === 'team' ? { sales: 'Sales', support: 'Support' }[id] : undefined),
      );
    const returned = (minimumSample: number) =>
      build(minimumSample)
        .pillars.flatMap((pillar) => pillar.figures)
        .find((figure) => figure.id === 'handoffs.returned_rate');
    expect(build(5).minimumSample).toBe(5);
    expect(returned(5)).toMatchObject({ name: 'Returned for missing information', better: 'lower', sampleSize: 3 });
    expect(returned(5)?.band).toBeNull();
    // A third returned: 67 out of 100 once reversed, amber.
    expect(returned(3)?.band).toBe('amber');
    expect(returned(3)?.byDimension.find((point) => point.dimension === 'pair:sales:support')).toMatchObject({
      label: 'Sales → Support',
      sampleSize: 3,
      band: 'amber',
    });
    expect(returned(3)?.byDimension.find((point) => point.dimension === 'from:sales')?.label).toBe('Sent by Sales');
  });
});
