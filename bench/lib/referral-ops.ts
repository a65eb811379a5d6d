/**
 * The DynamoDB operations behind the referral endpoints, sent straight through the SDK: what
 * the api does for a request, minus everything that is not DynamoDB (HTTP, routing, the token,
 * validation, JSON). The items are built as the service builds them, so both sides write and
 * read the same things.
 */
import { GetCommand, QueryCommand, type QueryCommandInput, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Db } from '#data/client.ts';
import { referralKeys, settingsKeys, userKeys } from '#data/keys.ts';
import { prospectLockPuts, referralCreateItems } from '#data/referral-repository.ts';
import type { TransactItem } from '#data/send.ts';
import type { Referral, ReferralSubmission } from '#domain/referrals/schemas.ts';
import { newReferral, type Referrer } from '#domain/referrals/submission.ts';

export type { Referrer };

import { defaultSettings } from '#domain/settings/schemas.ts';

let counter = 0;

/** A valid submission of a prospect nobody registered yet (a repeat would be a 409). */
export function freshSubmission(): ReferralSubmission {
  counter++;
  const tag = `${process.pid.toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return {
    company: { name: `Bench Prospect ${tag} Ltd` },
    contact: { name: 'Jane Buyer', email: `jane.buyer@bench-${tag}.example` },
    jobToBeDone: 'Cut onboarding time for new clients from weeks to days.',
    fit: { resources: 4, functional: 5, technical: 3, cultural: 4 },
    stakeholders: [
      { name: 'Chris Chief', role: 'decision_maker' },
      { name: 'Alex Ally', role: 'ally' },
    ],
    notes: 'Met at the partner summit.',
  };
}

/** The referral the service builds for this submission, with the default settings' days. */
export function buildReferral(input: ReferralSubmission, referrer: Referrer, now: Date): Referral {
  return newReferral(
    input,
    referrer,
    { id: ulid(now.getTime()), now },
    { firstResponse: defaultSettings.referralFirstResponseDays, protection: defaultSettings.referralProtectionDays },
  );
}

/** The one TransactWriteItems of a submission: referral, event, a lock per prospect key. */
export function submissionTransaction(db: Db, referral: Referral, now: Date): TransactItem[] {
  return [...referralCreateItems(db, referral), ...prospectLockPuts(db, referral, now)];
}

export type Capacity = 'TOTAL' | 'INDEXES' | 'NONE';

/** The caller's directory record: what the auth middleware reads on every request. */
export const getUser = (db: Db, userId: string, capacity: Capacity = 'NONE') =>
  db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: userKeys.byId(userId), ReturnConsumedCapacity: capacity }),
  );

/** The organisation's settings: what a submission reads before it writes. */
export const getSettings = (db: Db, capacity: Capacity = 'NONE') =>
  db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: settingsKeys.organisation(), ReturnConsumedCapacity: capacity }),
  );

export const transactWrite = (db: Db, items: TransactItem[], capacity: Capacity = 'NONE') =>
  db.doc.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: capacity }));

/** The first page of a partner organisation's referrals, as data/pagination.ts asks for it. */
export function partnerPageQuery(db: Db, partnerId: string, limit = 25): QueryCommandInput {
  const partition = referralKeys.partnerPartition(partnerId);
  return {
    TableName: db.tableName,
    IndexName: 'byParty',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeNames: undefined,
    ExpressionAttributeValues: { ':pk': partition },
    FilterExpression: undefined,
    ScanIndexForward: false,
    Limit: limit,
    ExclusiveStartKey: undefined,
  };
}

export const query = (db: Db, input: QueryCommandInput, capacity: Capacity = 'NONE') =>
  db.doc.send(new QueryCommand({ ...input, ReturnConsumedCapacity: capacity }));
