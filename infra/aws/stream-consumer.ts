import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deadLetterQueue as newDeadLetterQueue } from './dead-letter-queue.ts';
import type { PortalFunction } from './portal-function.ts';
import type { Table } from './table.ts';

/**
 * The table's stream as a function's event source, the one way every consumer of it (the
 * aggregator, the notifier) reads it:
 * - TRIM_HORIZON: every record still in the stream (24 hours), including those written before
 *   the mapping existed or while it was being replaced; LATEST would start after them, and
 *   replays are harmless (each consumer is idempotent per record);
 * - a failing batch is split in halves until the poisoned record is alone, so the others apply;
 *   the handler reports failed records by sequence number (partial batch responses);
 * - a record not handled within six hours goes to a dead-letter queue (shard and sequence
 *   numbers, not the record) rather than hold its shard back for a day.
 */
export function consumeTableStream(
  scope: Construct,
  handler: PortalFunction,
  table: Table,
  options: { readonly purpose: string; readonly filters?: Array<Record<string, unknown>> },
): { deadLetterQueue: sqs.Queue; eventSource: DynamoEventSource } {
  const deadLetterQueue = newDeadLetterQueue(
    scope,
    'DeadLetterQueue',
    `This queue is itself the dead-letter queue: the on-failure destination of the ${options.purpose}'s stream event source. Nothing consumes it to fail again.`,
  );

  const eventSource = new DynamoEventSource(table.table, {
    startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    batchSize: 100,
    maxBatchingWindow: Duration.seconds(1),
    bisectBatchOnError: true,
    retryAttempts: 5,
    maxRecordAge: Duration.hours(6),
    reportBatchItemFailures: true,
    onFailure: new SqsDlq(deadLetterQueue),
    ...(options.filters ? { filters: options.filters } : {}),
  });
  handler.lambda.addEventSource(eventSource);
  // dynamodb:ListStreams, which the event source grants on `*`, is acknowledged with X-Ray's
  // in PortalFunction: one acknowledgement per rule and role.
  return { deadLetterQueue, eventSource };
}
