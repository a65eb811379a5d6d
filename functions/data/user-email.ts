import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client.ts';
import { userKeys } from './keys.ts';
import { send } from './send.ts';

/** The directory user an e-mail address belongs to, through its uniqueness marker: one read. */
export async function userIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const result = await send(() =>
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: userKeys.emailMarker(email) })),
  );
  const recordId = result.Item?.recordId;
  return typeof recordId === 'string' ? recordId : undefined;
}
