import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A table and the client that reaches it: what every repository function takes. */
export interface Db {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

export interface DbOptions {
  readonly tableName: string;
  readonly region: string;
  /** DynamoDB Local's URL; omitted in AWS. */
  readonly endpoint?: string | undefined;
  /** Per attempt; `dbTimeouts` unless a test needs them shorter. */
  readonly timeouts?: { readonly connectMs: number; readonly requestMs: number };
}

/** How long one attempt may take to connect, and to be answered (the SDK tries three times). */
export const dbTimeouts = { connectMs: 1_000, requestMs: 5_000 } as const;

export function createDb(options: DbOptions): Db {
  const timeouts = options.timeouts ?? dbTimeouts;
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          // DynamoDB Local accepts any credentials; real ones come from the Lambda role.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 3,
    // Without these the SDK waits forever: a request to a database that stopped answering
    // would hang until Lambda's own timeout instead of becoming a quick 503 with Retry-After.
    requestHandler: {
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.requestMs,
      throwOnRequestTimeout: true,
    },
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, tableName: options.tableName };
}
