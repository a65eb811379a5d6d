/**
 * The floor of the `webhook-dispatcher` function (never deployed): a handler whose bundle holds
 * only `DynamoDBClient` and the commands the dispatcher sends (Get of the delivery and its
 * endpoint, Query of the delivery's lane, Update recording the attempt), beside the `fetch`
 * Node has built in.
 *
 * When the dispatcher starts sending another command, add it here.
 */
import { DynamoDBClient, GetItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async (event: { Records?: { body: string }[] }) => {
  for (const message of event.Records ?? []) {
    const key = { pk: { S: message.body }, sk: { S: message.body } };
    const delivery = await client.send(new GetItemCommand({ TableName, Key: key }));
    await client.send(
      new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': key.pk } }),
    );
    const answer = await fetch(String(delivery.Item?.url?.S), { method: 'POST', body: message.body });
    await client.send(
      new UpdateItemCommand({
        TableName,
        Key: key,
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { N: String(answer.status) } },
      }),
    );
  }
  return { batchItemFailures: [] };
};
