import { ConflictError, IdempotencyKeyTakenError } from '#domain/errors.ts';
import { playEvents } from '#domain/plays/events.ts';
import { type Play, playRecordSchema } from '#domain/plays/schemas.ts';
import type { Db } from './client.ts';
import { creationItems, type RecordKind, replaceWithEvent } from './events.ts';
import { type IdempotencyToken, idempotencyPut } from './idempotency.ts';
import { playKeys } from './keys.ts';
import { type Page, queryPage } from './pagination.ts';
import { getRecord, type TransactItem, transactWrite } from './send.ts';

function toItem(play: Play) {
  return { ...playKeys.byId(play.id), ...playKeys.all(play), ...playKeys.owner(play), entity: 'play', ...play };
}

/** What a play's timeline keeps: who owns it, by when, and how it ended; the mover is fixed at creation. */
function eventView(play: Play): Record<string, unknown> {
  return {
    title: play.title,
    ownerId: play.ownerId,
    dueOn: play.dueOn,
    status: play.status,
    ...(play.closeNote === undefined ? {} : { closeNote: play.closeNote }),
  };
}

const plays: RecordKind<Play> = {
  recordType: 'play',
  pk: (play) => playKeys.byId(play.id).pk,
  toItem,
  eventView,
};

export async function getPlay(db: Db, id: string): Promise<Play | undefined> {
  return getRecord(db, playKeys.byId(id), playRecordSchema);
}

export async function createPlay(
  db: Db,
  play: Play,
  answer: unknown,
  idempotency: IdempotencyToken | undefined,
): Promise<void> {
  const items: TransactItem[] = [
    ...creationItems(db, plays, play, {
      type: playEvents.created,
      actorId: play.createdBy,
      after: { ...eventView(play), figure: play.source.figure, dimension: play.source.dimension },
    }),
  ];
  if (idempotency) items.push(idempotencyPut(db, idempotency, { status: 201, body: answer }, new Date(play.createdAt)));
  await transactWrite(db, items, {
    onConditionFailed: (reasons) =>
      idempotency && reasons[2] ? new IdempotencyKeyTakenError() : new ConflictError('The play exists already.'),
  });
}

/** A change at the version read (reassigned, re-dated, closed), and its timeline event. */
export async function replacePlay(
  db: Db,
  before: Play,
  after: Play,
  actorId: string,
  eventType: string,
  note?: string,
): Promise<Play> {
  return replaceWithEvent(db, plays, before, after, { type: eventType, actorId, note });
}

/** A page of plays of one status, soonest due first: the organisation's, or one owner's. */
export async function listPlays(
  db: Db,
  filter: { status: 'open' | 'closed'; ownerId?: string | undefined },
  options: { limit: number; cursor?: string | undefined },
): Promise<Page<Play>> {
  const byOwner = filter.ownerId !== undefined;
  const partition = byOwner ? playKeys.ownerPartition(filter.ownerId ?? '') : playKeys.allPartition;
  const page = await queryPage(db, {
    indexName: byOwner ? 'byOwner' : 'byCollection',
    partition,
    keyCondition: byOwner
      ? 'gsi3pk = :pk AND begins_with(gsi3sk, :status)'
      : 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
    values: { ':pk': partition, ':status': playKeys.statusPrefix(filter.status) },
    limit: options.limit,
    cursor: options.cursor,
  });
  return { items: page.items.map((item) => playRecordSchema.parse(item)), cursor: page.cursor };
}

/** The open plays, soonest due first, at most `limit`: an owner's My work, the digest's list. */
export async function openPlays(db: Db, ownerId: string | undefined, limit: number): Promise<Play[]> {
  return (await listPlays(db, { status: 'open', ownerId }, { limit })).items;
}
