import { Arn, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import { PortalFunction } from './portal-function.ts';
import { consumeTableStream } from './stream-consumer.ts';
import type { Table } from './table.ts';

export interface NotifierProps {
  readonly table: Table;
  readonly orgTimeZone: string;
  /** The web app's address, for links in e-mail. */
  readonly siteUrl: string;
  /** The address e-mail is sent from; without it the notifier writes notifications and sends no e-mail. */
  readonly mailFrom?: string | undefined;
  /** The verified SES identity (a domain or the address itself) that `mailFrom` sends as. */
  readonly mailIdentity?: string | undefined;
}

/**
 * The events consumer (functions/handlers/notifier.ts): a second Lambda on the table's stream
 * that runs the reactions to each new timeline event — in-app notifications and their e-mail
 * through SES. Like the aggregator's, its event source splits failing batches, reports failed
 * records, retries, and leaves what it gave up on on a dead-letter queue (with an alarm).
 * Unsubscribe links are signed with a generated secret the API also holds to check them.
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
        // Resolved by CloudFormation at deploy time (a dynamic reference), never in the template.
        UNSUBSCRIBE_SECRET: this.unsubscribeSecret.secretValue.unsafeUnwrap(),
        ...(props.mailFrom ? { MAIL_FROM: props.mailFrom } : {}),
      } satisfies Partial<Record<keyof Config, string>>,
    });
    // It reads records and users, and writes notifications, their markers and mail markers.
    this.handler.bindTable(props.table, 'readWrite');

    if (props.mailFrom) {
      const identity = props.mailIdentity ?? props.mailFrom.split('@')[1] ?? props.mailFrom;
      this.handler.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [Arn.format({ service: 'ses', resource: 'identity', resourceName: identity }, Stack.of(this))],
        }),
      );
    }

    // A notification six hours late is no longer news: it goes to the queue rather than hold the shard.
    ({ deadLetterQueue: this.deadLetterQueue, eventSource: this.eventSource } = consumeTableStream(
      this,
      this.handler,
      props.table,
      {
        purpose: 'notifier',
        // Only new timeline events concern it: the filter keeps every other change from invoking it.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('event') } } },
          }),
        ],
      },
    ));
  }
}
