/**
 * The floor of the `webhook-pump` function (never deployed): a handler whose bundle holds only
 * `DynamoDBClient` with the commands the pump sends (Query of the due-date index, Update
 * claiming each delivery) and SQS's SendMessageBatch, which hands them to the dispatcher.
 *
 * When the pump starts sending another command, add it here.
 */
import { DynamoDBClient, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const sqs = new SQSClient({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async () => {
  const due = await client.send(
    new QueryCommand({
      TableName,
      IndexName: 'byDueDate',
      KeyConditionExpression: 'duepk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'DUE#WEBHOOK_DELIVERY' } },
    }),
  );
  for (const item of due.Items ?? []) {
    await client.send(
      new UpdateItemCommand({
        TableName,
        Key: { pk: item.pk ?? { S: '' }, sk: item.sk ?? { S: '' } },
        UpdateExpression: 'SET duesk = :later',
        ExpressionAttributeValues: { ':later': { S: new Date().toISOString() } },
      }),
    );
  }
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: process.env.WEBHOOK_QUEUE_URL,
      Entries: (due.Items ?? []).map((item, index) => ({ Id: String(index), MessageBody: String(item.pk?.S) })),
    }),
  );
  return { count: due.Count ?? 0 };
};
