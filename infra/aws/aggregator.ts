import { Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import { PortalFunction } from './portal-function.ts';
import type { Table } from './table.ts';

export interface AggregatorProps {
  readonly table: Table;
  readonly orgTimeZone: string;
}

/**
 * Keeps the scorecard's aggregates: the table's stream feeds the aggregator
 * (functions/handlers/aggregator.ts), which writes each record's counter deltas, the member
 * items of the drill-down and its dedup marker back into the same table in one transaction, so
 * a record applied twice counts once.
 * It reports failed records by sequence number (partial batch responses); a batch that still
 * fails after the retries leaves its shard and sequence numbers on the dead-letter queue.
 * Locally, infra/local/stream-poller.ts feeds the same handler.
 */
export class Aggregator extends Construct {
  readonly handler: PortalFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: AggregatorProps) {
    super(scope, id);

    this.handler = new PortalFunction(this, 'Handler', {
      handler: 'aggregator',
      description: 'Total Customer scorecard aggregator',
      serviceName: 'total-customer-aggregator',
      memorySize: 512,
      // Up to 100 records, one small transaction each: seconds, with room for DynamoDB retries.
      timeout: Duration.minutes(1),
      environment: { ORG_TIME_ZONE: props.orgTimeZone } satisfies Partial<Record<keyof Config, string>>,
      // One invocation per stream shard at a time; room for the table's shards to split.
      reservedConcurrency: 10,
    });
    // It reads what it has already applied and writes aggregates and dedup markers, in the same table.
    this.handler.bindTable(props.table, 'readWrite');

    // What the event source gives up on: a message naming the shard and the sequence numbers of
    // the batch (not the records themselves). functions/services/reconcile.ts recomputes the
    // aggregates from the records.
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter queue: the on-failure destination of the aggregator's stream event source. Nothing consumes it to fail again.",
    });

    this.eventSource = new DynamoEventSource(props.table.table, {
      // TRIM_HORIZON: every record still in the stream (24 hours) is aggregated, including those
      // written before the mapping existed or while it was being replaced. LATEST would start
      // after them and leave the scorecard silently short; replays are harmless (dedup markers).
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      // A failing batch is split in halves until the poisoned record is alone, so the others apply.
      bisectBatchOnError: true,
      retryAttempts: 5,
      // A record not applied within six hours goes to the queue while it is still in the stream
      // (kept 24 hours) for whoever looks into it, instead of holding its shard back for a day.
      maxRecordAge: Duration.hours(6),
      // The handler returns { batchItemFailures } by sequence number: retry from the first failure.
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.deadLetterQueue),
    });
    this.handler.lambda.addEventSource(this.eventSource);

    Validations.of(this.handler.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams only, as the stream event source grants it (Table.grantStreamRead): the action takes no resource ARN and returns stream ARNs, no data. DescribeStream, GetRecords and GetShardIterator are granted on this table stream ARN alone.',
    });
  }
}
