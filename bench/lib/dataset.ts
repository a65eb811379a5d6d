/**
 * A realistic history for the scale figure, loaded cheaply: referrals and handoffs built as the
 * services build them (their items with every index key), in every state of their first step
 * (waiting, overdue, answered in time or late, returned), spread over the last twelve weeks
 * across a handful of partners and teams, written with BatchWriteItem. Their aggregates are
 * recomputed from the same items by the rule `reconcile --fix` applies to a Scan
 * (`contributionsOf` and `accumulate`) and written with its `putAggregate`: reading 100,000
 * items back would double the loading time and measure nothing. Nothing goes through the API
 * one by one. The records' timeline events are left out: they hold nothing the scorecard reads
 * (a `referral.submitted` or `handoff.sent` event contributes no aggregate).
 *
 * The same generator makes both sizes, so 1,000 records and 100,000 cover the same weeks,
 * partners and team pairs: what differs is only how many records each aggregate counts.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { putAggregate } from '#data/aggregate-repository.ts';
import type { Db } from '#data/client.ts';
import type { TransactItem } from '#data/send.ts';
import type { Referral } from '#domain/referrals/schemas.ts';
import { type Aggregates, accumulate, contributionsOf } from '#domain/scorecard/derive.ts';
import { config } from '#lib/config.ts';
import { buildHandoff, freshHandoff, handoffTransaction } from './handoff-ops.ts';
import { buildReferral, freshSubmission, submissionTransaction } from './referral-ops.ts';
import { runPool } from './stats.ts';

const hour = 60 * 60 * 1000;
const week = 7 * 24 * hour;

/** A small deterministic generator, so every run loads the same history. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const partners = ['PARTNER0BENCH0000000000001', 'PARTNER0BENCH0000000000002', 'PARTNER0BENCH0000000000003'];
const teams = ['TEAM0BENCH00000000000000001', 'TEAM0BENCH00000000000000002', 'TEAM0BENCH00000000000000003'];

/** The items of `records` records: 60 % referrals, 40 % handoffs. */
export function* historyItems(db: Db, records: number, now: Date, seed = 7): Generator<Record<string, unknown>> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  for (let index = 0; index < records; index++) {
    // Created in the last twelve weeks, at least a day ago so answers have happened.
    const created = new Date(now.getTime() - 24 * hour - next() * (12 * week - 48 * hour));
    const answeredAfter = (0.5 + next() * 60) * hour;
    const answered = new Date(Math.min(created.getTime() + answeredAfter, now.getTime() - hour));
    let items: TransactItem[];
    if (index % 5 < 3) {
      const partnerId = pick(partners);
      const base = buildReferral(
        freshSubmission(),
        { id: `USER0${partnerId.slice(5)}`, role: 'partner', partnerId },
        created,
      );
      const roll = next();
      const referral: Referral =
        roll < 0.2
          ? { ...base, overdue: roll < 0.05 }
          : {
              ...base,
              status: roll < 0.35 ? 'declined' : 'accepted',
              firstRespondedAt: answered.toISOString(),
              respondedLate: answeredAfter > 48 * hour,
              updatedAt: answered.toISOString(),
              version: 2,
            };
      // The referral alone: its prospect locks have expired long ago in a real history.
      items = submissionTransaction(db, referral, created).slice(0, 1);
    } else {
      const from = pick(teams);
      const to = pick(teams.filter((team) => team !== from));
      const base = buildHandoff(freshHandoff(to), { id: `USER0${from.slice(4)}`, teamId: from }, created);
      const roll = next();
      const handoff =
        roll < 0.15
          ? { ...base, overdue: roll < 0.05 }
          : {
              ...base,
              status: 'acknowledged' as const,
              acknowledgedAt: answered.toISOString(),
              acknowledgedLate: answered.toISOString() > base.ackDueAt,
              updatedAt: answered.toISOString(),
              version: 2,
              ...(roll > 0.8 ? { returnCount: 1 } : {}),
            };
      items = handoffTransaction(db, handoff).slice(0, 1);
    }
    for (const item of items) if (item.Put) yield item.Put.Item as Record<string, unknown>;
  }
}

/**
 * Writes every item, 25 to a BatchWriteItem, `concurrency` requests at a time, retrying what
 * comes back unprocessed. Items are drawn from the iterator as requests go out, so building
 * them overlaps with DynamoDB Local writing the previous ones.
 */
export async function batchWriteAll(
  db: Db,
  items: Iterable<Record<string, unknown>>,
  concurrency = 6,
): Promise<number> {
  const source = items[Symbol.iterator]();
  let written = 0;
  const take = () => {
    const batch: Record<string, unknown>[] = [];
    for (let next = source.next(); !next.done; next = source.next()) {
      batch.push(next.value);
      if (batch.length === 25) break;
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = take(); batch.length; batch = take()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: requests } }));
        requests = (result.UnprocessedItems?.[db.tableName] ?? []) as typeof requests;
      }
      written += batch.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return written;
}

/** Loads `records` records and builds their aggregates; returns how many items and aggregates were written. */
export async function loadHistory(db: Db, records: number, now: Date): Promise<{ items: number; aggregates: number }> {
  const aggregates: Aggregates = new Map();
  function* counted() {
    for (const item of historyItems(db, records, now)) {
      accumulate(aggregates, contributionsOf(item, config.ORG_TIME_ZONE), 1);
      yield item;
    }
  }
  const items = await batchWriteAll(db, counted());
  const entries = [...aggregates.values()];
  await runPool(6, entries.length, async (index) => {
    const entry = entries[index];
    if (entry) await putAggregate(db, entry);
    return true;
  });
  return { items, aggregates: entries.length };
}
