import { Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import type { Mail } from './mail.ts';
import { PortalFunction } from './portal-function.ts';
import { consumeTableStream } from './stream-consumer.ts';
import { notifierEventPattern } from './stream-filters.ts';
import type { Table } from './table.ts';

/**
 * Only new timeline events concern the notifier: the event source's filter keeps every other
 * change from invoking it (test/integration/notifications/stream-filter.test.ts holds it against
 * real stream records, and the local poller applies the same pattern).
 */
export const notifierStreamFilter = notifierEventPattern;

export interface NotifierProps {
  readonly table: Table;
  readonly orgTimeZone: string;
  /** The web app's address, for links in e-mail. */
  readonly siteUrl: string;
  /** The address e-mail is sent from; without it the notifier writes notifications and sends no e-mail. */
  readonly mailFrom?: string | undefined;
  /** SES, with `mailFrom`: the notifier may send as its identity, through its configuration set. */
  readonly mail?: Mail | undefined;
}

/**
 * The events consumer (functions/handlers/notifier.ts): a second Lambda on the table's stream
 * that runs the reactions to each new timeline event — in-app notifications and their e-mail
 * through SES. Like the aggregator's, its event source splits failing batches, reports failed
 * records, retries, and leaves what it gave up on on a dead-letter queue (with an alarm).
 * Unsubscribe links are signed with a generated secret the API also checks them with; both read
 * it from Secrets Manager at cold start (functions/data/secrets.ts), never from their
 * configuration, where anyone who may read a function's settings would see it.
 */
export class Notifier extends Construct {
  readonly handler: PortalFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly eventSource: DynamoEventSource;
  readonly unsubscribeSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id);

    this.unsubscribeSecret = new secretsmanager.Secret(this, 'UnsubscribeSecret', {
      description: 'Total Customer: signs the unsubscribe links of notification e-mail',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.unsubscribeSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret signs unsubscribe links in e-mail already sent, which must keep working: rotating it would break every one of them. It grants nothing but turning off one kind of e-mail for one user.',
    });

    this.handler = new PortalFunction(this, 'Handler', {
      handler: 'notifier',
      description: 'Total Customer notifier (notifications and e-mail)',
      serviceName: 'total-customer-notifier',
      memorySize: 512,
      // As the aggregator: a stream's shards, each read by one invocation at a time.
      reservedConcurrency: 10,
      timeout: Duration.minutes(1),
      environment: {
        ORG_TIME_ZONE: props.orgTimeZone,
        WEB_BASE_URL: props.siteUrl,
        ...(props.mailFrom ? { MAIL_FROM: props.mailFrom } : {}),
      } satisfies Partial<Record<keyof Config, string>>,
    });
    this.bindUnsubscribeSecret(this.handler);
    // It reads records and users, and writes notifications, their markers and mail markers.
    this.handler.bindTable(props.table, 'readWrite');

    if (props.mailFrom && props.mail) props.mail.grantSend(this.handler);

    // A notification six hours late is no longer news: it goes to the queue rather than hold the shard.
    ({ deadLetterQueue: this.deadLetterQueue, eventSource: this.eventSource } = consumeTableStream(
      this,
      this.handler,
      props.table,
      {
        purpose: 'notifier',
        filters: [lambda.FilterCriteria.filter(notifierStreamFilter)],
      },
    ));
  }

  /** Lets a function read the unsubscribe secret, and tells it where: its ARN, never its value. */
  bindUnsubscribeSecret(fn: PortalFunction): void {
    this.unsubscribeSecret.grantRead(fn.role);
    const variable: keyof Config = 'UNSUBSCRIBE_SECRET_ARN';
    fn.lambda.addEnvironment(variable, this.unsubscribeSecret.secretArn);
  }
}
