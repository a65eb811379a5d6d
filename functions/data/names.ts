import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';
import { customerKeys, partnerKeys, teamKeys, userKeys } from './keys.ts';
import { send } from './send.ts';

export type NamedKind = 'user' | 'team' | 'partner' | 'customer';

const keyOf: Record<NamedKind, (id: string) => { pk: string; sk: string }> = {
  user: userKeys.byId,
  team: teamKeys.byId,
  partner: partnerKeys.byId,
  customer: customerKeys.byId,
};

/**
 * The names of records by id (`<kind>#<id>` → name), read by key in batches of 100 with only
 * the name projected: what an export prints beside the ids a list holds.
 */
export async function namesOf(
  db: Db,
  wanted: readonly { kind: NamedKind; id: string }[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const keys = [...new Map(wanted.map((entry) => [`${entry.kind}#${entry.id}`, keyOf[entry.kind](entry.id)])).values()];
  for (let start = 0; start < keys.length; start += 100) {
    let request: Record<string, unknown> | undefined = {
      [db.tableName]: {
        Keys: keys.slice(start, start + 100),
        ProjectionExpression: 'pk, #name',
        ExpressionAttributeNames: { '#name': 'name' },
      },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 10; attempt++) {
      const result = await send(() =>
        db.doc.send(new BatchGetCommand({ RequestItems: request as BatchGetCommand['input']['RequestItems'] })),
      );
      for (const item of result.Responses?.[db.tableName] ?? []) {
        const [prefix = '', id = ''] = String(item.pk).split('#');
        names.set(`${prefix.toLowerCase()}#${id}`, String(item.name ?? ''));
      }
      request = result.UnprocessedKeys as Record<string, unknown> | undefined;
    }
  }
  return names;
}
