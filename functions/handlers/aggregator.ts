import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createDb, type Db } from '#data/client.ts';
import { streamConfig as config } from '#lib/stream-config.ts';
import { processStreamBatch } from '#services/aggregator.ts';

export type AggregatorHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** The stream handler on a given table: the Lambda's, and the local stack's stream poller's. */
export function createAggregatorHandler(db: Db, timeZone: string = config.ORG_TIME_ZONE): AggregatorHandler {
  return async (event) => {
    const { batchItemFailures } = await processStreamBatch(db, event, { timeZone });
    return { batchItemFailures };
  };
}

const db = createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });

/** Run by the table's stream event source (ReportBatchItemFailures) in AWS. */
export const handler: AggregatorHandler = createAggregatorHandler(db);
