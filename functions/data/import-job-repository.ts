import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type ImportJob, type ImportRejection, importJobSchema } from '#domain/imports/jobs.ts';
import type { Db } from './client.ts';
import { isConditionFailure } from './errors.ts';
import { importJobKeys } from './keys.ts';
import { queryAll } from './pagination.ts';
import { getRecord, send, type TransactItem } from './send.ts';

/** Import jobs and their reports: one item per job, its refused rows in chunks beside it. */

/** Rows' rejections per report item: a few hundred, well inside DynamoDB's 400 KB an item. */
const rejectionsPerChunk = 500;

export async function putImportJob(db: Db, job: ImportJob): Promise<void> {
  await send(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...importJobKeys.byId(job.id),
          ...importJobKeys.all(job.createdAt, job.id),
          entity: 'import-job',
          ...job,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

export async function getImportJob(db: Db, id: string): Promise<ImportJob | undefined> {
  return getRecord(db, importJobKeys.byId(id), importJobSchema);
}

/** The most recent jobs, newest first. */
export async function listImportJobs(db: Db, limit: number): Promise<ImportJob[]> {
  const result = await send(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'byCollection',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': importJobKeys.allPartition },
        ScanIndexForward: false,
        Limit: limit,
      }),
    ),
  );
  return (result.Items ?? []).map((item) => importJobSchema.parse(item));
}

/**
 * Claims a job for one runner until `until`: an S3 event delivered twice, or the local timer
 * beside the upload's own run, must not work one job twice at once. A runner that dies lets
 * its lease lapse, and the next one resumes from the job's `processed`.
 */
export async function claimImportJob(db: Db, id: string, runner: string, now: Date, until: Date): Promise<boolean> {
  try {
    await send(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: importJobKeys.byId(id),
          UpdateExpression: 'SET runner = :runner, leaseUntil = :until',
          ConditionExpression:
            'attribute_exists(pk) AND #status IN (:awaiting, :validating, :importing) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR runner = :runner)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':runner': runner,
            ':until': until.getTime(),
            ':now': now.getTime(),
            ':awaiting': 'awaiting_upload',
            ':validating': 'validating',
            ':importing': 'importing',
          },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A job whose runner lost its lease (another took over) stops at its next step. */
export class LeaseLostError extends Error {
  constructor() {
    super('Another runner holds this import job.');
    this.name = 'LeaseLostError';
  }
}

/** Sets fields of a job while `runner` holds it; the lease is extended with them. */
export async function updateImportJob(
  db: Db,
  id: string,
  runner: string,
  fields: Partial<Omit<ImportJob, 'id' | 'kind' | 'createdAt' | 'createdBy'>> & { leaseUntil?: number },
  options: { expectProcessed?: number } = {},
): Promise<void> {
  const finished = fields.status === 'done' || fields.status === 'failed';
  // A finished job holds no lease: nobody is to resume it.
  const entries = Object.entries(fields).filter(
    ([name, value]) => value !== undefined && !(finished && name === 'leaseUntil'),
  );
  const names = Object.fromEntries(entries.map(([name], index) => [`#f${index}`, name]));
  const values = Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value]));
  try {
    await send(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: importJobKeys.byId(id),
          UpdateExpression: `SET ${entries.map((_, index) => `#f${index} = :v${index}`).join(', ')}${finished ? ' REMOVE leaseUntil' : ''}`,
          ConditionExpression: `#runner = :runner${options.expectProcessed === undefined ? '' : ' AND #processed = :expected'}`,
          ExpressionAttributeNames: {
            ...names,
            '#runner': 'runner',
            ...(options.expectProcessed === undefined ? {} : { '#processed': 'processed' }),
          },
          ExpressionAttributeValues: {
            ...values,
            ':runner': runner,
            ...(options.expectProcessed === undefined ? {} : { ':expected': options.expectProcessed }),
          },
        }),
      ),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new LeaseLostError();
    throw error;
  }
}

/** Jobs a runner left unfinished (its lease lapsed): what the schedule, or the local timer, resumes. */
export async function stalledImportJobs(db: Db, now: Date): Promise<ImportJob[]> {
  const recent = await listImportJobs(db, 100);
  const items = await Promise.all(
    recent
      .filter((job) => job.status === 'validating' || job.status === 'importing')
      .map(async (job) => {
        const result = await send(() =>
          db.doc.send(
            new GetCommand({ TableName: db.tableName, Key: importJobKeys.byId(job.id), ConsistentRead: true }),
          ),
        );
        return result.Item;
      }),
  );
  return items
    .filter((item) => item && (item.leaseUntil === undefined || Number(item.leaseUntil) < now.getTime()))
    .map((item) => importJobSchema.parse(item));
}

/** Writes a job's refused rows; chunk by chunk, so that writing them again overwrites the same items. */
export async function putRejections(db: Db, id: string, rejections: readonly ImportRejection[]): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0, chunk = 0; start < rejections.length; start += rejectionsPerChunk, chunk++) {
    items.push({
      ...importJobKeys.rejected(id, chunk),
      entity: 'import-rejections',
      rejections: rejections.slice(start, start + rejectionsPerChunk),
    });
  }
  await batchPut(db, items);
}

/** A job's refused rows, in row order; `limit` stops early for a page's first look. */
export async function readRejections(db: Db, id: string, limit = Number.POSITIVE_INFINITY): Promise<ImportRejection[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': importJobKeys.byId(id).pk, ':prefix': importJobKeys.rejectedPrefix },
    ConsistentRead: true,
  });
  const rejections: ImportRejection[] = [];
  for (const item of items) {
    for (const rejection of item.rejections as ImportRejection[]) {
      if (rejections.length >= limit) return rejections;
      rejections.push(rejection);
    }
  }
  return rejections;
}

/** BatchWriteItem's limit on the items of one request. */
const batchWriteItems = 25;
/** Requests in flight at once: DynamoDB spreads them over partitions; one at a time would idle. */
const parallelRequests = 4;

/**
 * Puts many items with BatchWriteItem: 25 a request, a few requests at once, what DynamoDB
 * leaves unprocessed (throttling) sent again with backoff. Unconditional, and so idempotent:
 * writing the same items again leaves the table as it was. What may exist already is decided
 * before, by the caller.
 */
export async function batchPut(db: Db, items: readonly Record<string, unknown>[]): Promise<void> {
  const requests: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += batchWriteItems) {
    requests.push(items.slice(start, start + batchWriteItems));
  }
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++] as Record<string, unknown>[];
      let pending = request.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(50 * 2 ** attempt, 2_000) + Math.random() * 50);
        if (attempt > 10) throw new Error('DynamoDB left writes unprocessed ten times over: try the job again later.');
        const result = await send(() =>
          db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } })),
        );
        pending = (result.UnprocessedItems?.[db.tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelRequests, requests.length) }, worker));
}

/** The items of a record's create (record, markers, event), as plain puts for `batchPut`. */
export function putsOf(items: readonly TransactItem[]): Record<string, unknown>[] {
  return items.flatMap((item) => (item.Put?.Item ? [item.Put.Item as Record<string, unknown>] : []));
}

/** Items by key, those that exist, keyed by `pk`: a batch's natural-key markers, read consistently. */
export async function getItemsByPk(
  db: Db,
  keys: readonly { pk: string; sk: string }[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(keys.map((key) => [key.pk, key])).values()];
  for (let start = 0; start < unique.length; start += 100) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(50 * 2 ** attempt, 2_000));
      if (attempt > 10) throw new Error('DynamoDB left reads unprocessed ten times over: try the job again later.');
      const request = pending;
      const result = await send(() =>
        db.doc.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: request, ConsistentRead: true } } })),
      );
      for (const item of result.Responses?.[db.tableName] ?? []) found.set(String(item.pk), item);
      pending = (result.UnprocessedKeys?.[db.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}
