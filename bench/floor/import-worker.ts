/**
 * The floor of the `import-worker` function (never deployed): a handler holding only
 * `DynamoDBClient` with the commands a job sends (Get and Update of the job and its checkpoint,
 * BatchGetItem of natural keys, BatchWriteItem of the rows), SES v2's SendEmail for the
 * leader's "import finished" e-mail, and S3's GetObject for the file. The deployed worker loads
 * S3's client on first use (a lazy chunk), so the floor does too.
 *
 * When the worker starts sending another command, add it here.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

const client = new DynamoDBClient({ region: process.env.AWS_REGION });
const ses = new SESv2Client({ region: process.env.AWS_REGION });
const TableName = process.env.TABLE_NAME;

export const handler = async (event: { Records?: { s3: { object: { key: string } } }[] }) => {
  for (const record of event.Records ?? []) {
    const Key = { pk: { S: record.s3.object.key }, sk: { S: 'JOB' } };
    const job = await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }));
    const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const file = await new S3Client({}).send(
      new GetObjectCommand({ Bucket: process.env.IMPORT_BUCKET, Key: record.s3.object.key }),
    );
    const rows = (await file.Body?.transformToString())?.split('\n') ?? [];
    const keys = rows.map((row) => ({ pk: { S: row }, sk: { S: row } }));
    await client.send(new BatchGetItemCommand({ RequestItems: { [TableName ?? '']: { Keys: keys.slice(0, 100) } } }));
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [TableName ?? '']: keys.slice(0, 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName,
        Key,
        UpdateExpression: 'SET done = :t',
        ExpressionAttributeValues: { ':t': { BOOL: true } },
      }),
    );
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: process.env.MAIL_FROM,
        Destination: { ToAddresses: [String(job.Item?.email?.S)] },
        Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } } },
      }),
    );
  }
};
