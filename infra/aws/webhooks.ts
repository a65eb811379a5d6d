import { Duration, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { PortalFunction } from './portal-function.ts';
import { asyncFailureOf, JobDeadLetterQueue, type JobRetryPolicy, scheduleJob } from './scheduled-job.ts';
import type { Table } from './table.ts';

export interface WebhooksProps {
  readonly table: Table;
  /** @default every minute */
  readonly pumpEvery?: Duration;
}

/**
 * Webhook deliveries (functions/services/webhook-dispatcher.ts). The events consumer enqueues
 * them in the table; every minute the pump queries what is due (the due-date index), claims it
 * with a lease and puts one message per delivery on the queue; the dispatcher consumes the
 * queue, sends each delivery signed and records the attempt. A receiver's failure is recorded,
 * and the table's backoff schedule brings it back; a message the dispatcher could not record
 * (DynamoDB unavailable) returns to the queue, and after five receipts stays on the
 * dead-letter queue, whose depth alarms. Locally the same code runs in process on a timer.
 */
export class Webhooks extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly dispatcher: PortalFunction;
  readonly pump: PortalFunction;
  readonly schedule: events.Rule;
  /** The pump's: scheduled runs given up on. */
  readonly pumpDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      'This queue is itself the dead-letter queue of the webhook delivery queue: messages the dispatcher could not record rest here for someone to look at.',
    );

    this.dispatcher = new PortalFunction(this, 'Dispatcher', {
      handler: 'webhook-dispatcher',
      description: 'Total Customer webhook dispatcher',
      serviceName: 'total-customer-webhooks',
      memorySize: 512,
      // With the reservedConcurrency setting on; without it, the event source's maximum
      // concurrency below caps it all the same.
      reservedConcurrency: 10,
      // Five deliveries a batch, each waiting at most 10 s for its receiver.
      timeout: Duration.minutes(1),
    });
    this.dispatcher.bindTable(props.table, 'readWrite');

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the consumer's timeout, as Lambda's SQS event source asks.
      visibilityTimeout: Duration.minutes(6),
      // A delivery's lease in the table is five minutes: a message older than a day is stale anyway.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    this.dispatcher.lambda.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 5,
        // One delivery that could not be recorded does not send the batch's others again.
        reportBatchItemFailures: true,
        // Bounds how many receivers the portal calls at once, whatever the queue's depth, and
        // without reserving concurrency (which a new account cannot spare): the poller stops
        // taking messages rather than have invocations throttled and messages bounce.
        maxConcurrency: 10,
      }),
    );
    Validations.of(this.dispatcher.lambda).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        "An SQS event source mapping takes no on-failure destination: a message that keeps failing goes to the queue's own dead-letter queue after five receipts (the redrive policy above), which alarms.",
    });

    const every = props.pumpEvery ?? Duration.minutes(1);
    // A run missed is made up by the next: what is due stays due in the table. One retry of
    // each leg, within the minute (Lambda's floor for an event's age).
    const retry: JobRetryPolicy = { deliveryAttempts: 1, runAttempts: 0, maxAge: Duration.minutes(1) };
    this.pumpDeadLetterQueue = new JobDeadLetterQueue(this, 'PumpDeadLetterQueue', { job: 'webhook pump' }).queue;
    this.pump = new PortalFunction(this, 'Pump', {
      handler: 'webhook-pump',
      description: 'Total Customer webhook pump',
      serviceName: 'total-customer-webhooks',
      memorySize: 512,
      // One run at a time, with the reservedConcurrency setting on. Without it a slow run may
      // overlap the next, which cannot claim twice: each claim is a conditional lease.
      reservedConcurrency: 1,
      asyncFailure: asyncFailureOf(retry, this.pumpDeadLetterQueue),
      timeout: Duration.seconds(50),
      environment: { WEBHOOK_QUEUE_URL: this.queue.queueUrl } satisfies Partial<Record<keyof Config, string>>,
    });
    this.pump.bindTable(props.table, 'readWrite');
    this.queue.grantSendMessages(this.pump.role);

    this.schedule = scheduleJob(this, 'Schedule', {
      handler: this.pump,
      description: 'Hands due webhook deliveries to the queue',
      every,
      retry,
      deadLetterQueue: this.pumpDeadLetterQueue,
    });
  }
}
