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
  /** Per attempt; `dbTimeouts` in AWS, `localDbTimeouts` on DynamoDB Local, unless a test needs them shorter. */
  readonly timeouts?: { readonly connectMs: number; readonly requestMs: number };
}

/** How long one attempt may take to connect, and to be answered (the SDK tries three times). */
export const dbTimeouts = { connectMs: 1_000, requestMs: 5_000 } as const;
/**
 * DynamoDB Local is a JVM on a developer's machine, often busy with test suites: a slow answer
 * there is not an outage, and a timeout would turn it into a 503 for a write that commits
 * anyway. A dead one is still seen at once (the connection is refused).
 */
export const localDbTimeouts = { connectMs: 1_000, requestMs: 30_000 } as const;

export function createDb(options: DbOptions): Db {
  const timeouts = options.timeouts ?? (options.endpoint ? localDbTimeouts : dbTimeouts);
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
