/**
 * The floor of the `aggregator` function (never deployed): a handler whose bundle holds only
 * `DynamoDBClient` and the command the aggregator sends (TransactWriteItems: a stream
 * record's counter updates with its dedup marker).
 *
 * When the aggregator starts sending another command, add it here.
 */
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async (event: { Records?: { eventID?: string }[] }) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records ?? []) {
    const pk = { S: `AGG_DEDUP#${record.eventID}` };
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk, sk: pk }, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Update: {
              TableName,
              Key: { pk: { S: 'AGG#referrals' }, sk: { S: 'current' } },
              UpdateExpression: 'ADD #count :one',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':one': { N: '1' } },
            },
          },
        ],
      }),
    );
  }
  return { batchItemFailures };
};
