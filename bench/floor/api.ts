/**
 * The floor of the `api` function (never deployed): a Lambda handler whose bundle holds only
 * `DynamoDBClient` and the commands the api sends (GetItem, Query, BatchGetItem,
 * TransactWriteItems). Bundled with the deployed options, its cold start and size are what no
 * api can go below; the bench measures the real one against it.
 *
 * When the api starts sending another command, add it here.
 */
import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async (event: { op: string; pk: string }) => {
  const Key = { pk: { S: event.pk }, sk: { S: event.pk } };
  switch (event.op) {
    case 'get':
      return client.send(new GetItemCommand({ TableName, Key }));
    case 'query':
      return client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: event.pk } },
        }),
      );
    case 'batch-get':
      return client.send(new BatchGetItemCommand({ RequestItems: { [TableName ?? '']: { Keys: [Key] } } }));
    default:
      return client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName, Item: Key } }] }));
  }
};
