/**
 * The floor of the `mail-feedback` function (never deployed): a handler whose bundle holds only
 * `DynamoDBClient` with the commands a bounce or complaint costs (Get of the e-mail's marker,
 * Put of the user's preferences, all off).
 *
 * When the function starts sending another command, add it here.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async (event: { Records: { Sns: { Message: string } }[] }) => {
  let usersMarked = 0;
  for (const record of event.Records) {
    const email = String(JSON.parse(record.Sns.Message).mail?.destination?.[0]);
    const marker = await client.send(new GetItemCommand({ TableName, Key: { pk: { S: email }, sk: { S: email } } }));
    if (!marker.Item) continue;
    await client.send(new PutItemCommand({ TableName, Item: { pk: { S: email }, sk: { S: 'PREFS' } } }));
    usersMarked += 1;
  }
  return { usersMarked };
};
