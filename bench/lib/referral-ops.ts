/**
 * The DynamoDB operations behind the referral endpoints, sent straight through the SDK: what
 * the api does for a request, minus everything that is not DynamoDB (HTTP, routing, the token,
 * validation, JSON). The items are built as the service builds them, so both sides write and
 * read the same things.
 */
import { GetCommand, QueryCommand, type QueryCommandInput, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Db } from '#data/client.ts';
import { prospectKeys as lockKeys, referralKeys, settingsKeys, userKeys } from '#data/keys.ts';
import { referralCreateItems } from '#data/referral-repository.ts';
import type { TransactItem } from '#data/send.ts';
import { normaliseDomain, prospectKeys } from '#domain/referrals/prospect.ts';
import type { Referral, ReferralSubmission } from '#domain/referrals/schemas.ts';
import { defaultSettings } from '#domain/settings/schemas.ts';

const day = 24 * 60 * 60 * 1000;

export interface Referrer {
  readonly id: string;
  readonly role: 'partner' | 'advocate' | 'staff' | 'leader';
  readonly partnerId?: string | undefined;
}

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

/** The referral the service would build for this submission (services/referrals.ts). */
export function buildReferral(input: ReferralSubmission, referrer: Referrer, now: Date): Referral {
  const at = now.toISOString();
  const domain = input.company.domain ? normaliseDomain(input.company.domain) : undefined;
  return {
    id: ulid(now.getTime()),
    status: 'submitted',
    version: 1,
    company: { name: input.company.name, ...(domain ? { domain } : {}) },
    contact: input.contact,
    jobToBeDone: input.jobToBeDone,
    fit: input.fit,
    stakeholders: input.stakeholders,
    ...(input.notes ? { notes: input.notes } : {}),
    referrerId: referrer.id,
    referrerRole: referrer.role,
    ...(referrer.role === 'partner' && referrer.partnerId ? { partnerId: referrer.partnerId } : {}),
    prospectKeys: prospectKeys(input.company, input.contact.email),
    createdAt: at,
    updatedAt: at,
    firstResponseDueAt: new Date(now.getTime() + defaultSettings.referralFirstResponseDays * day).toISOString(),
    protectedUntil: new Date(now.getTime() + defaultSettings.referralProtectionDays * day).toISOString(),
    overdue: false,
  };
}

/** The one TransactWriteItems of a submission: referral, event, a lock per prospect key. */
export function submissionTransaction(db: Db, referral: Referral, now: Date): TransactItem[] {
  const locks: TransactItem[] = referral.prospectKeys.map((key) => ({
    Put: {
      TableName: db.tableName,
      Item: {
        ...lockKeys.lock(key),
        entity: 'prospect-lock',
        prospectKey: key,
        referralId: referral.id,
        registeredAt: referral.createdAt,
        expiresAt: referral.protectedUntil,
        ttl: Math.ceil(Date.parse(referral.protectedUntil) / 1000),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  }));
  return [...referralCreateItems(db, referral), ...locks];
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
