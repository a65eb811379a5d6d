/**
 * The floor of the `notifier` function (never deployed): a handler whose bundle holds only
 * `DynamoDBClient` with the commands the notifier sends (Get of recipients and preferences,
 * Query of a team's users, TransactWriteItems of a notification and its unread marker, Put of
 * the mailed marker) and SES v2's SendEmail, which it sends when deployed with `mailFrom`.
 *
 * When the notifier starts sending another command, add it here.
 */
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const ses = new SESv2Client({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async (event: { Records?: { dynamodb?: { NewImage?: Record<string, never> } }[] }) => {
  for (const record of event.Records ?? []) {
    const user = await client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'USER' }, sk: { S: 'USER' } } }));
    await client.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'U' } },
      }),
    );
    await client.send(
      new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName, Item: record.dynamodb?.NewImage ?? {} } }] }),
    );
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: process.env.MAIL_FROM,
        Destination: { ToAddresses: [String(user.Item?.email?.S)] },
        Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } } },
      }),
    );
    await client.send(new PutItemCommand({ TableName, Item: { pk: { S: 'M' }, sk: { S: 'M' } } }));
  }
  return { batchItemFailures: [] };
};
