import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import { PortalFunction } from './portal-function.ts';
import type { Table } from './table.ts';

export interface SweeperProps {
  readonly table: Table;
  readonly orgTimeZone: string;
  /** @default every five minutes */
  readonly every?: Duration;
}

/**
 * Finds SLA breaches: a schedule runs the sweeper, which queries the due-date index for what
 * has fallen due and records the breaches. Locally the same handler runs on a timer.
 */
export class Sweeper extends Construct {
  readonly handler: PortalFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: SweeperProps) {
    super(scope, id);

    const every = props.every ?? Duration.minutes(5);
    this.handler = new PortalFunction(this, 'Handler', {
      handler: 'sweeper',
      description: 'Total Customer SLA sweeper',
      serviceName: 'total-customer-sweeper',
      memorySize: 512,
      // Finish well before the next run starts, so that two runs rarely overlap.
      timeout: Duration.minutes(2),
      environment: { ORG_TIME_ZONE: props.orgTimeZone } satisfies Partial<Record<keyof Config, string>>,
      // One run at a time: a late run never overlaps the next one.
      reservedConcurrency: 1,
    });
    this.handler.bindTable(props.table, 'readWrite');

    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Runs the SLA sweeper',
      schedule: events.Schedule.rate(every),
      targets: [
        // A run that fails is not worth retrying for long: the next one sweeps the same window.
        new targets.LambdaFunction(this.handler.lambda, { retryAttempts: 2, maxEventAge: every }),
      ],
    });
  }
}
