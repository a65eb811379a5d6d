import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Partner,
  partnerSchema,
  type Team,
  teamSchema,
  type User,
  userSchema,
} from '#domain/directory/schemas.ts';
import { ConflictError, IdempotencyKeyTakenError, NotFoundError } from '#domain/errors.ts';
import type * as z from '#lib/zod.ts';
import type { Db } from './client.ts';
import { eventPut, replaceWithEvent } from './events.ts';
import { type IdempotencyToken, idempotencyPut } from './idempotency.ts';
import { partnerKeys, teamKeys, userKeys } from './keys.ts';
import { type Page, queryAll, queryPage } from './pagination.ts';
import { send, type TransactItem, transactWrite } from './send.ts';

interface EntityKeys {
  byId(id: string): { pk: string; sk: string };
  collection(name: string, id: string): { gsi1pk: string; gsi1sk: string };
}

type DirectoryRecord = {
  id: string;
  name: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

interface DirectoryEntity<T extends DirectoryRecord> {
  readonly entity: string;
  readonly keys: EntityKeys;
  readonly schema: z.ZodMiniType<T>;
  /** Extra uniqueness markers an entity claims (a user's e-mail). */
  readonly markers?: (record: T) => { pk: string; sk: string }[];
  /** Fields that are personal data: never copied into an event. */
  readonly personalFields?: readonly string[];
}

const teams: DirectoryEntity<Team> = { entity: 'team', keys: teamKeys, schema: teamSchema };
const partners: DirectoryEntity<Partner> = { entity: 'partner', keys: partnerKeys, schema: partnerSchema };
const users: DirectoryEntity<User> = {
  entity: 'user',
  keys: userKeys,
  schema: userSchema,
  markers: (user) => [userKeys.emailMarker(user.email)],
  personalFields: ['name', 'email'],
};

function eventView<T extends object>(
  definition: { personalFields?: readonly string[] },
  record: T,
): Record<string, unknown> {
  const view = { ...record } as Record<string, unknown>;
  for (const field of definition.personalFields ?? []) delete view[field];
  return view;
}

function toItem<T extends DirectoryRecord>(definition: DirectoryEntity<T>, record: T) {
  return {
    ...definition.keys.byId(record.id),
    ...definition.keys.collection(record.name, record.id),
    entity: definition.entity,
    ...record,
  };
}

async function getRecord<T extends DirectoryRecord>(
  db: Db,
  definition: DirectoryEntity<T>,
  id: string,
): Promise<T | undefined> {
  const result = await send(() =>
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: definition.keys.byId(id) })),
  );
  return result.Item ? definition.schema.parse(result.Item) : undefined;
}

/** The writes that create a record: the record, its `.created` event, its uniqueness markers. */
function createItems<T extends DirectoryRecord>(
  db: Db,
  definition: DirectoryEntity<T>,
  record: T,
  actorId: string,
): TransactItem[] {
  const markers = definition.markers?.(record) ?? [];
  return [
    {
      Put: {
        TableName: db.tableName,
        Item: toItem(definition, record),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    eventPut(db, {
      recordType: definition.entity,
      recordId: record.id,
      recordPk: definition.keys.byId(record.id).pk,
      type: `${definition.entity}.created`,
      actorId,
      at: record.createdAt,
      before: null,
      after: eventView(definition, record),
    }).item,
    ...markers.map(
      (key): TransactItem => ({
        Put: {
          TableName: db.tableName,
          Item: { ...key, entity: `${definition.entity}-marker`, recordId: record.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    ),
  ];
}

async function createRecord<T extends DirectoryRecord>(
  db: Db,
  definition: DirectoryEntity<T>,
  record: T,
  actorId: string,
  idempotency: IdempotencyToken | undefined,
): Promise<T> {
  const now = new Date(record.createdAt);
  const items = createItems(db, definition, record, actorId);
  const idempotencyIndex = items.length;
  if (idempotency) items.push(idempotencyPut(db, idempotency, { status: 201, body: record }, now));
  await transactWrite(db, items, {
    onConditionFailed: (reasons) => {
      if (idempotency && reasons[idempotencyIndex]) return new IdempotencyKeyTakenError();
      if (reasons.slice(2, idempotencyIndex).some(Boolean)) {
        return new ConflictError(`A ${definition.entity} with that e-mail address exists already.`);
      }
      return new ConflictError(`The ${definition.entity} exists already.`);
    },
  });
  return record;
}

async function replaceRecord<T extends DirectoryRecord>(
  db: Db,
  definition: DirectoryEntity<T>,
  before: T,
  after: T,
  actorId: string,
  eventType: string,
): Promise<T> {
  return replaceWithEvent(
    db,
    {
      recordType: definition.entity,
      pk: (record) => definition.keys.byId(record.id).pk,
      toItem: (record) => toItem(definition, record),
      eventView: (record) => eventView(definition, record),
    },
    before,
    after,
    { type: eventType, actorId },
  );
}

async function listRecords<T extends DirectoryRecord>(
  db: Db,
  definition: DirectoryEntity<T>,
  options: { limit: number; cursor?: string | undefined; includeInactive: boolean },
): Promise<Page<T>> {
  const partition = definition.keys.collection('', '').gsi1pk;
  const page = await queryPage(db, {
    indexName: 'byCollection',
    partition,
    keyCondition: 'gsi1pk = :pk',
    values: { ':pk': partition, ...(options.includeInactive ? {} : { ':active': true }) },
    filter: options.includeInactive ? undefined : 'active = :active',
    limit: options.limit,
    cursor: options.cursor,
  });
  return { items: page.items.map((item) => definition.schema.parse(item)), cursor: page.cursor };
}

function repository<T extends DirectoryRecord>(definition: DirectoryEntity<T>) {
  return {
    get: (db: Db, id: string) => getRecord(db, definition, id),
    /** Like get, but a missing record is a 404. */
    async require(db: Db, id: string): Promise<T> {
      const record = await getRecord(db, definition, id);
      if (!record) throw new NotFoundError(`No such ${definition.entity}.`);
      return record;
    },
    create: (db: Db, record: T, actorId: string, idempotency?: IdempotencyToken) =>
      createRecord(db, definition, record, actorId, idempotency),
    /** The writes of a create, for a caller that batches several records into its transactions (imports). */
    createItems: (db: Db, record: T, actorId: string) => createItems(db, definition, record, actorId),
    replace: (db: Db, before: T, after: T, actorId: string, eventType: string) =>
      replaceRecord(db, definition, before, after, actorId, eventType),
    list: (db: Db, options: { limit: number; cursor?: string | undefined; includeInactive: boolean }) =>
      listRecords(db, definition, options),
  };
}

/**
 * The active users of a team, or of a role. The directory keeps users in one collection, so this
 * reads it and keeps the ones wanted: an organisation's users are hundreds, not millions.
 */
export async function listActiveUsers(db: Db, which: { teamId: string } | { role: User['role'] }): Promise<User[]> {
  const [condition, names, values] =
    'teamId' in which
      ? ['teamId = :which', undefined, { ':which': which.teamId }]
      : ['#role = :which', { '#role': 'role' }, { ':which': which.role }];
  const items = await queryAll(db, {
    IndexName: 'byCollection',
    KeyConditionExpression: 'gsi1pk = :pk',
    FilterExpression: `${condition} AND active = :active`,
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: { ':pk': userKeys.collection('', '').gsi1pk, ':active': true, ...values },
  });
  return items.map((item) => userSchema.parse(item));
}

export const teamRepository = repository(teams);
export const partnerRepository = repository(partners);
export const userRepository = repository(users);
