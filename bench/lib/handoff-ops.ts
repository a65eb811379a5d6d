/**
 * The DynamoDB operations behind `POST /api/handoffs` and `GET /api/scorecard`, sent straight
 * through the SDK, with the items and keys the api builds (functions/data/handoff-repository.ts
 * and aggregate-repository.ts). The handoff's item and event are the repository's own
 * (`handoffKind`), so the raw write stores what a request would.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Db } from '#data/client.ts';
import { creationItems } from '#data/events.ts';
import { handoffKind } from '#data/handoff-repository.ts';
import { aggregateKeys, teamKeys } from '#data/keys.ts';
import type { TransactItem } from '#data/send.ts';
import { handoffEvents } from '#domain/handoffs/events.ts';
import type { Handoff, HandoffSubmission } from '#domain/handoffs/schemas.ts';
import { ackDueAt, ackSlaHoursFor } from '#domain/handoffs/sla.ts';
import { families } from '#domain/scorecard/derive.ts';
import { recentWeeks } from '#domain/scorecard/weeks.ts';
import { defaultSettings } from '#domain/settings/schemas.ts';
import { config } from '#lib/config.ts';
import type { Capacity } from './referral-ops.ts';

let counter = 0;

/** A valid handoff from the bench's staff member's team to `toTeamId`. */
export function freshHandoff(toTeamId: string): HandoffSubmission {
  counter++;
  return {
    toTeamId,
    summary: `Onboarding for Bench Customer ${counter}: kick-off booked`,
    promised: 'A named onboarding contact within two working days and the data import done in the first week.',
    needs: 'Confirm the contact, book the import slot and send the customer the welcome pack.',
  };
}

/** The handoff the service would build (services/handoffs.ts, `send`). */
export function buildHandoff(input: HandoffSubmission, sender: { id: string; teamId: string }, now: Date): Handoff {
  const at = now.toISOString();
  const slaHours = ackSlaHoursFor(defaultSettings, sender.teamId, input.toTeamId);
  return {
    id: ulid(now.getTime()),
    status: 'sent',
    version: 1,
    fromTeamId: sender.teamId,
    toTeamId: input.toTeamId,
    kind: input.kind ?? 'other',
    checklist: [],
    senderId: sender.id,
    summary: input.summary,
    promised: input.promised,
    needs: input.needs,
    createdAt: at,
    updatedAt: at,
    sentAt: at,
    ackSlaHours: slaHours,
    ackDueAt: ackDueAt(now, slaHours, {
      ...defaultSettings.workingHours,
      timeZone: config.ORG_TIME_ZONE,
    }).toISOString(),
    overdue: false,
    returnCount: 0,
  };
}

/** `createHandoff`'s transaction without a customer or an idempotency key: handoff, event, team check. */
export function handoffTransaction(db: Db, handoff: Handoff): TransactItem[] {
  return [
    ...creationItems(db, handoffKind, handoff, { type: handoffEvents.sent, actorId: handoff.senderId }),
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: teamKeys.byId(handoff.toTeamId),
        ConditionExpression: 'attribute_exists(pk) AND active = :active',
        ExpressionAttributeValues: { ':active': true },
      },
    },
  ];
}

/** The scorecard's reads: one Query per figure family from the first week of the range on. */
export function scorecardQueries(db: Db, now: Date, weeks = 12, timeZone = config.ORG_TIME_ZONE): QueryCommandInput[] {
  const from = recentWeeks(now, weeks, timeZone)[0] ?? '';
  return families.map((family) => ({
    TableName: db.tableName,
    KeyConditionExpression: 'pk = :pk AND sk >= :from',
    ExpressionAttributeValues: { ':pk': aggregateKeys.partition(family), ':from': from },
  }));
}

/** Every page of one scorecard Query (there is one page unless a family passes 1 MB). */
export async function queryAllPages(db: Db, input: QueryCommandInput, capacity: Capacity = 'NONE') {
  const items: Record<string, unknown>[] = [];
  const consumed: unknown[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({ ...input, ExclusiveStartKey: startKey, ReturnConsumedCapacity: capacity }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    if (page.ConsumedCapacity) consumed.push(page.ConsumedCapacity);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, consumed };
}
