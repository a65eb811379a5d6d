import { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import { PortalFunction } from './portal-function.ts';
import { asyncFailureOf, JobDeadLetterQueue, type JobRetryPolicy, scheduleJob } from './scheduled-job.ts';
import type { Table } from './table.ts';

export interface SweeperProps {
  readonly table: Table;
  readonly orgTimeZone: string;
  /** @default every five minutes */
  readonly every?: Duration;
}

/**
 * Finds SLA breaches: a schedule runs the sweeper, which queries the due-date index for what
 * has fallen due and records the breaches. Locally the same handler runs on a timer. A run
 * given up on lands on the dead-letter queue, whose depth alarms.
 */
export class Sweeper extends Construct {
  readonly handler: PortalFunction;
  readonly schedule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SweeperProps) {
    super(scope, id);

    const every = props.every ?? Duration.minutes(5);
    // A failed run is not worth retrying for long: the next one sweeps the same window. A
    // breach is recorded once however many runs see it (each write is conditioned on the version).
    const retry: JobRetryPolicy = { deliveryAttempts: 2, runAttempts: 1, maxAge: every };
    this.deadLetterQueue = new JobDeadLetterQueue(this, 'DeadLetterQueue', { job: 'SLA sweeper' }).queue;
    this.handler = new PortalFunction(this, 'Handler', {
      handler: 'sweeper',
      description: 'Total Customer SLA sweeper',
      serviceName: 'total-customer-sweeper',
      memorySize: 512,
      // Finish well before the next run starts, so that two runs rarely overlap.
      timeout: Duration.minutes(2),
      environment: { ORG_TIME_ZONE: props.orgTimeZone } satisfies Partial<Record<keyof Config, string>>,
      // One run at a time, with the reservedConcurrency setting on. Without it two late runs
      // may overlap, which is harmless for the same reason.
      reservedConcurrency: 1,
      asyncFailure: asyncFailureOf(retry, this.deadLetterQueue),
    });
    this.handler.bindTable(props.table, 'readWrite');

    this.schedule = scheduleJob(this, 'Schedule', {
      handler: this.handler,
      description: 'Runs the SLA sweeper',
      every,
      retry,
      deadLetterQueue: this.deadLetterQueue,
    });
  }
}
