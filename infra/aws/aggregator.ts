import { Duration } from 'aws-cdk-lib';
import type { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import { PortalFunction } from './portal-function.ts';
import { consumeTableStream } from './stream-consumer.ts';
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

    // What the event source gives up on names the shard and the sequence numbers of the batch;
    // functions/services/reconcile.ts recomputes the aggregates from the records.
    ({ deadLetterQueue: this.deadLetterQueue, eventSource: this.eventSource } = consumeTableStream(
      this,
      this.handler,
      props.table,
      { purpose: 'aggregator' },
    ));
  }
}
