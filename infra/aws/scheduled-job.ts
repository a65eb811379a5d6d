import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue.ts';
import type { PortalFunction } from './portal-function.ts';

/** How hard a schedule and Lambda try one run before it is given up on. */
export interface JobRetryPolicy {
  /** EventBridge's retries when it cannot invoke the function (throttled, unavailable). */
  readonly deliveryAttempts: number;
  /** Lambda's retries of a run that failed (threw or timed out). */
  readonly runAttempts: number;
  /** Past this age a run is stale: the next scheduled run does the same work. At least a minute. */
  readonly maxAge: Duration;
}

/**
 * The dead-letter queue of a scheduled job: what EventBridge could not deliver and what the
 * function failed on after its retries both land here (the scheduled event itself, with the
 * error in its attributes), so a run given up on is never silent: the queue's depth alarms.
 * Created before the function, which names it as its own dead-letter queue.
 */
export class JobDeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { readonly job: string }) {
    super(scope, id);
    this.queue = deadLetterQueue(
      this,
      'Queue',
      `This queue is itself the dead-letter queue of the ${props.job}: scheduled events given up on rest here for someone to look at, and nothing consumes them to fail again.`,
    );
  }
}

/** Runs `handler` on a schedule, with the retry policy on both legs and the dead-letter queue. */
export function scheduleJob(
  scope: Construct,
  id: string,
  props: {
    readonly handler: PortalFunction;
    readonly description: string;
    readonly every: Duration;
    readonly retry: JobRetryPolicy;
    readonly deadLetterQueue: sqs.IQueue;
  },
): events.Rule {
  return new events.Rule(scope, id, {
    description: props.description,
    schedule: events.Schedule.rate(props.every),
    targets: [
      new targets.LambdaFunction(props.handler.lambda, {
        retryAttempts: props.retry.deliveryAttempts,
        maxEventAge: props.retry.maxAge,
        deadLetterQueue: props.deadLetterQueue,
      }),
    ],
  });
}

/** The `asyncFailure` of a scheduled job's PortalFunction, from the same policy and queue. */
export function asyncFailureOf(retry: JobRetryPolicy, deadLetterQueue: sqs.IQueue) {
  return { retryAttempts: retry.runAttempts, maxEventAge: retry.maxAge, deadLetterQueue };
}
