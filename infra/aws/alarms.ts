import { CfnParameter, Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Api } from './api.ts';
import type { PortalFunction } from './portal-function.ts';
import { emailPattern } from './settings.ts';
import type { Table } from './table.ts';

export interface AlarmsProps {
  /** The functions to watch, by the name their alarms carry. */
  readonly functions: Readonly<Record<string, PortalFunction>>;
  readonly api: Api;
  readonly table: Table;
  /** Dead-letter queues, by the name their alarms carry: any message in one is a failure given up on. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** The table stream's consumers, by name: how far behind the stream each is. */
  readonly streamConsumers: Readonly<Record<string, PortalFunction>>;
  /** Work queues, by name: how long their oldest message has waited. */
  readonly workQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Whether the portal sends through SES: then the account's bounce and complaint rates are watched. */
  readonly watchMailReputation: boolean;
  /**
   * Subscribed to the alarm topic. Without it the template asks for the `AlarmEmail`
   * parameter, which has no default: a deploy cannot complete without somewhere to send alarms.
   */
  readonly email?: string | undefined;
}

/** What makes an alarm fire: so many breaching datapoints out of so many periods. */
interface Evaluation {
  readonly period: Duration;
  readonly datapointsToAlarm: number;
  readonly evaluationPeriods: number;
}

/** Two bad 5-minute periods out of three: a blip does not page anyone, a trend does within 15 minutes. */
const sustained: Evaluation = { period: Duration.minutes(5), datapointsToAlarm: 2, evaluationPeriods: 3 };

/**
 * The alarms someone should be told about, each firing on M of N datapoints and telling the
 * topic both when it fires and when it is OK again: function errors and throttles, 5xx from
 * the API, how far the stream consumers lag, how long webhook deliveries wait, every
 * dead-letter queue's depth, DynamoDB throttling and system errors and, when the portal sends
 * e-mail, SES's bounce and complaint rates. One dashboard shows every alarm and its metric.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  /** The `AlarmEmail` parameter, when the address was not given as a setting. */
  readonly emailParameter: CfnParameter | undefined;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Total Customer alarms', enforceSSL: true });
    // A CloudFormation parameter rather than a synth error, so that `cdk synth` still works
    // offline; with no default, `cdk deploy` fails without `--parameters AlarmEmail=…`.
    this.emailParameter = props.email
      ? undefined
      : new CfnParameter(this, 'AlarmEmail', {
          type: 'String',
          description: 'Where alarms are e-mailed (confirm the subscription AWS sends)',
          allowedPattern: emailPattern,
          constraintDescription: 'an e-mail address',
        });
    // The parameter's logical id is what `--parameters` names: keep it `AlarmEmail`.
    this.emailParameter?.overrideLogicalId('AlarmEmail');
    const subscription = new subscriptions.EmailSubscription(props.email ?? this.emailParameter?.valueAsString ?? '');
    this.topic.addSubscription(subscription);
    Validations.of(this.topic).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'The alarm e-mail subscription has no dead-letter queue: an alarm e-mail SNS cannot deliver has nobody to read a queue either, and the alarm state itself stays on the dashboard.',
    });

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, fn.lambda.metricErrors({ statistic: cloudwatch.Stats.SUM }), sustained, {
        description: `${fn.lambda.node.path}: the function threw or timed out.`,
      });
      this.add(`${name}Throttles`, fn.lambda.metricThrottles({ statistic: cloudwatch.Stats.SUM }), sustained, {
        description: `${fn.lambda.node.path}: invocations were throttled (concurrency exhausted).`,
      });
    }
    this.add('Api5xx', props.api.httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM }), sustained, {
      description: 'The HTTP API answered 5xx: a bug (500) or DynamoDB unavailable or throttling (503).',
    });

    for (const [name, fn] of Object.entries(props.streamConsumers)) {
      // Records reach a healthy consumer within seconds; ten minutes behind is a stuck shard or
      // a poisoned batch being retried, well before the six hours after which records are given up.
      const age = fn.lambda.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM });
      this.add(`${name}IteratorAge`, age, sustained, {
        description: `${fn.lambda.node.path}: it is more than ten minutes behind the table's stream.`,
        threshold: Duration.minutes(10).toMilliseconds(),
      });
    }

    for (const [name, queue] of Object.entries(props.workQueues)) {
      // The pump enqueues every minute and the dispatcher takes each message within seconds.
      const age = queue.metricApproximateAgeOfOldestMessage({ statistic: cloudwatch.Stats.MAXIMUM });
      this.add(`${name}QueueAge`, age, sustained, {
        description: `${queue.node.path}: a message has waited more than five minutes for the consumer.`,
        threshold: Duration.minutes(5).toSeconds(),
      });
    }

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      // The queue's depth, not its arrivals: the alarm stays in ALARM until someone empties it.
      const depth = queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM });
      this.add(
        `${name}DeadLetters`,
        depth,
        // Depth does not drop by itself: two one-minute datapoints of three are as sure as it gets.
        { period: Duration.minutes(1), datapointsToAlarm: 2, evaluationPeriods: 3 },
        {
          description: `${queue.node.path}: a failure was given up on and left a message on the dead-letter queue.`,
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        },
      );
    }

    const table = props.table.table;
    for (const metricName of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      this.add(`Table${metricName}`, table.metric(metricName, { statistic: cloudwatch.Stats.SUM }), sustained, {
        description: `The table throttled requests (${metricName}): on demand, this means a hot partition or the account's table quota.`,
      });
    }
    this.add(
      'TableSystemErrors',
      table.metricSystemErrorsForOperations({
        statistic: cloudwatch.Stats.SUM,
        operations: [
          dynamodb.Operation.GET_ITEM,
          dynamodb.Operation.BATCH_GET_ITEM,
          dynamodb.Operation.QUERY,
          dynamodb.Operation.PUT_ITEM,
          dynamodb.Operation.UPDATE_ITEM,
          dynamodb.Operation.DELETE_ITEM,
          dynamodb.Operation.BATCH_WRITE_ITEM,
          dynamodb.Operation.TRANSACT_WRITE_ITEMS,
        ],
      }),
      sustained,
      { description: 'DynamoDB answered with internal errors (HTTP 500) for the table.' },
    );

    if (props.watchMailReputation) {
      // Account-wide rates SES publishes itself. SES reviews an account at 5 % bounces and 0.1 %
      // complaints; these fire at half that, while there is still time to act.
      const reputation = (metricName: string) =>
        new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: cloudwatch.Stats.MAXIMUM });
      const hourly: Evaluation = { period: Duration.hours(1), datapointsToAlarm: 2, evaluationPeriods: 3 };
      this.add('MailBounceRate', reputation('Reputation.BounceRate'), hourly, {
        description: 'SES: more than 2.5 % of e-mail bounces (SES reviews the account at 5 %).',
        threshold: 0.025,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      this.add('MailComplaintRate', reputation('Reputation.ComplaintRate'), hourly, {
        description: 'SES: more than 0.05 % of e-mail is marked as spam (SES reviews the account at 0.1 %).',
        threshold: 0.0005,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({
            title: 'Every alarm',
            alarms: this.alarms,
            width: 24,
            height: Math.max(3, Math.ceil(this.alarms.length / 4) + 1),
          }),
        ],
        this.alarms.map((alarm) => new cloudwatch.AlarmWidget({ alarm, title: alarm.node.id, width: 6, height: 5 })),
      ],
    });
  }

  private add(
    id: string,
    metric: cloudwatch.IMetric,
    evaluation: Evaluation,
    options: {
      readonly description: string;
      /** @default 1 */
      readonly threshold?: number;
      /** @default at or above the threshold */
      readonly comparisonOperator?: cloudwatch.ComparisonOperator;
    },
  ): void {
    const withPeriod = metric instanceof cloudwatch.Metric ? metric.with({ period: evaluation.period }) : metric;
    const alarm = new cloudwatch.Alarm(this, id, {
      metric:
        withPeriod instanceof cloudwatch.MathExpression ? withPeriod.with({ period: evaluation.period }) : withPeriod,
      alarmDescription: options.description,
      threshold: options.threshold ?? 1,
      evaluationPeriods: evaluation.evaluationPeriods,
      datapointsToAlarm: evaluation.datapointsToAlarm,
      comparisonOperator:
        options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No invocations, no messages, no e-mail: nothing is failing.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    // Someone told that it broke is told when it mends.
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
