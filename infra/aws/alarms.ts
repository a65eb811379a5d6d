import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Api } from './api.ts';
import type { PortalFunction } from './portal-function.ts';

export interface AlarmsProps {
  /** The functions to watch, by the name their alarms carry. */
  readonly functions: Readonly<Record<string, PortalFunction>>;
  readonly api: Api;
  /** Dead-letter queues, by the name their alarms carry: any message in one is a failure given up on. */
  readonly deadLetterQueues?: Readonly<Record<string, sqs.IQueue>>;
  /** Subscribed to the alarm topic when given. */
  readonly email?: string;
}

/**
 * The alarms someone should be told about: any function error or throttle, any 5xx from the
 * API (a 500 is always a bug; a 503 means DynamoDB is throttling us) and any message on a
 * dead-letter queue. They all notify one topic.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Total Customer alarms', enforceSSL: true });
    if (props.email) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    }

    const period = Duration.minutes(5);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, fn.lambda.metricErrors({ period, statistic: cloudwatch.Stats.SUM }), {
        description: `${fn.lambda.node.path}: the function threw or timed out.`,
      });
      this.add(`${name}Throttles`, fn.lambda.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }), {
        description: `${fn.lambda.node.path}: invocations were throttled (concurrency exhausted).`,
      });
    }
    this.add('Api5xx', props.api.httpApi.metricServerError({ period, statistic: cloudwatch.Stats.SUM }), {
      description: 'The HTTP API answered 5xx: a bug (500) or DynamoDB unavailable or throttling (503).',
    });
    for (const [name, queue] of Object.entries(props.deadLetterQueues ?? {})) {
      // The queue's depth, not its arrivals: the alarm stays in ALARM until someone empties it.
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM });
      this.add(`${name}DeadLetters`, depth, {
        description: `${queue.node.path}: a failure was given up on and left a message on the dead-letter queue.`,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
  }

  private add(
    id: string,
    metric: cloudwatch.IMetric,
    options: {
      readonly description: string;
      /** @default 1 */
      readonly threshold?: number;
      /** @default at or above the threshold */
      readonly comparisonOperator?: cloudwatch.ComparisonOperator;
    },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: options.description,
      threshold: options.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator:
        options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No invocations is not a failure.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
