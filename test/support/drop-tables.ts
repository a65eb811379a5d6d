import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll } from 'vitest';
import { dynamoEndpoint } from './dynamo-endpoint.ts';
import { tablesMade } from './harness.ts';

/**
 * Each integration file's tables are deleted when the file is done (this file's hook runs after
 * the test file's own, which stop its pollers first). The suite shares one DynamoDB Local, which
 * keeps every table and 24 hours of every table's stream in memory: left behind, the tables of
 * forty files made the last files' requests many times slower than the same file run alone.
 */
afterAll(async () => {
  if (tablesMade.length === 0) return;
  const raw = new DynamoDBClient({
    region: 'local',
    endpoint: dynamoEndpoint(),
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    for (const TableName of tablesMade.splice(0)) {
      await raw.send(new DeleteTableCommand({ TableName })).catch((error: unknown) => {
        if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
      });
    }
  } finally {
    raw.destroy();
  }
});
