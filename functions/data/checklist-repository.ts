import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#domain/errors.ts';
import { emptyChecklist, type TeamChecklist, teamChecklistSchema } from '#domain/handoffs/checklists.ts';
import type { Db } from './client.ts';
import { staleVersion } from './errors.ts';
import { eventPut } from './events.ts';
import { teamKeys } from './keys.ts';
import { send, type TransactItem, transactWrite } from './send.ts';

/** A team's checklist; an empty one at version 0 until the team writes one. */
export async function getChecklist(db: Db, teamId: string, consistent = false): Promise<TeamChecklist> {
  const result = await send(() =>
    db.doc.send(
      new GetCommand({ TableName: db.tableName, Key: teamKeys.checklist(teamId), ConsistentRead: consistent }),
    ),
  );
  return result.Item ? teamChecklistSchema.parse(result.Item) : emptyChecklist(teamId);
}

/**
 * The labels of checklist items by `<teamId>:<itemId>`, for the scorecard's breakdown: one
 * BatchGet of the teams' checklists (a handful of teams), never a read per item.
 */
export async function checklistItemLabels(db: Db, teamIds: readonly string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const unique = [...new Set(teamIds)];
  for (let start = 0; start < unique.length; start += 100) {
    let request: Record<string, unknown> | undefined = {
      [db.tableName]: { Keys: unique.slice(start, start + 100).map((id) => teamKeys.checklist(id)) },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 10; attempt++) {
      const result = await send(() =>
        db.doc.send(new BatchGetCommand({ RequestItems: request as BatchGetCommand['input']['RequestItems'] })),
      );
      for (const item of result.Responses?.[db.tableName] ?? []) {
        const checklist = teamChecklistSchema.parse(item);
        for (const items of Object.values(checklist.kinds))
          for (const entry of items) labels.set(`${checklist.teamId}:${entry.id}`, entry.label);
      }
      request = result.UnprocessedKeys as Record<string, unknown> | undefined;
    }
  }
  return labels;
}

/**
 * Replaces a team's checklist with its next version and records the event in the team's
 * timeline, on the condition that nobody changed it since it was read (else 412).
 */
export async function replaceChecklist(
  db: Db,
  before: TeamChecklist,
  after: TeamChecklist,
  actorId: string,
): Promise<TeamChecklist> {
  const keys = teamKeys.checklist(after.teamId);
  const items: TransactItem[] = [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys, entity: 'checklist', ...after },
        // Version 0 is the empty list, which has no item yet.
        ConditionExpression: before.version === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
        ...(before.version === 0 ? {} : { ExpressionAttributeValues: { ':expected': before.version } }),
      },
    },
    eventPut(db, {
      recordType: 'team',
      recordId: after.teamId,
      recordPk: teamKeys.byId(after.teamId).pk,
      type: 'team.checklist_replaced',
      actorId,
      at: after.updatedAt ?? new Date().toISOString(),
      before: { version: before.version, kinds: before.kinds },
      after: { version: after.version, kinds: after.kinds },
    }).item,
  ];
  await transactWrite(db, items, { onConditionFailed: () => staleVersion('checklist') });
  return after;
}

/**
 * The condition a new handoff's transaction puts on the receiving team's checklist: the version
 * the answers were checked against is still the current one, so a sender cannot skip an item a
 * team added a moment before. A lost race is a 400 asking to answer the list as it stands.
 */
export function checklistUnchanged(db: Db, checklist: TeamChecklist): TransactItem {
  return {
    ConditionCheck: {
      TableName: db.tableName,
      Key: teamKeys.checklist(checklist.teamId),
      ConditionExpression: checklist.version === 0 ? 'attribute_not_exists(pk)' : 'version = :checklistVersion',
      ...(checklist.version === 0 ? {} : { ExpressionAttributeValues: { ':checklistVersion': checklist.version } }),
    },
  };
}

export const checklistChanged = () =>
  new ValidationError([
    { path: 'answers', message: 'The receiving team changed its checklist just now: answer it as it stands.' },
  ]);
