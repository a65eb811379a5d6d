/**
 * The floor of the `sweeper` function (never deployed): a handler whose bundle holds only
 * `DynamoDBClient` and the commands the sweeper sends (Query on the due-date index,
 * TransactWriteItems to mark a referral overdue with its event).
 *
 * When the sweeper starts sending another command, add it here.
 */
import { DynamoDBClient, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async () => {
  const due = await client.send(
    new QueryCommand({
      TableName,
      IndexName: 'byDueDate',
      KeyConditionExpression: 'duepk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'DUE' } },
    }),
  );
  for (const item of due.Items ?? []) {
    await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName, Item: item } }] }));
  }
  return { count: due.Count ?? 0 };
};
