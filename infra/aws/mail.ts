import { Arn, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { PortalFunction } from './portal-function.ts';
import type { Table } from './table.ts';

export interface MailProps {
  readonly table: Table;
  /** The address notifications and Cognito's invitations are sent from. */
  readonly from: string;
  /** The verified SES identity (a domain, or the address itself) `from` sends as. */
  readonly identity: string;
}

/**
 * E-mail for real users: one SES configuration set that both the notifier and Cognito send
 * through. A bounce or a complaint puts the address on the account's suppression list (SES
 * sends to it no more) and, through the feedback topic, reaches the mail-feedback function,
 * which turns every kind of e-mail off for the directory user with that address, so the
 * portal stops trying and the user sees why on their own page. SES publishes the account's
 * bounce and complaint rates, which the alarms watch.
 */
export class Mail extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly feedbackTopic: sns.Topic;
  readonly feedback: PortalFunction;
  readonly feedbackDeadLetterQueue: sqs.Queue;
  /** The identity's ARN, which senders are granted `ses:SendEmail` on. */
  readonly identityArn: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Named after the stack: names are unique per account and region, and two stacks may share one.
      configurationSetName: `${stack.stackName}-mail`,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.identityArn = Arn.format({ service: 'ses', resource: 'identity', resourceName: props.identity }, stack);

    this.feedbackTopic = new sns.Topic(this, 'FeedbackTopic', {
      displayName: 'Total Customer e-mail bounces and complaints',
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.feedbackDeadLetterQueue = deadLetterQueue(
      this,
      'FeedbackDeadLetterQueue',
      'This queue is itself the dead-letter queue of the mail feedback subscription: bounce and complaint notices the function could not take rest here for someone to look at.',
    );

    this.feedback = new PortalFunction(this, 'Feedback', {
      handler: 'mail-feedback',
      description: 'Total Customer e-mail bounces and complaints',
      serviceName: 'total-customer-mail-feedback',
      memorySize: 512,
      reservedConcurrency: 1,
      environment: {} satisfies Partial<Record<keyof Config, string>>,
      asyncFailure: { retryAttempts: 2, maxEventAge: Duration.hours(6), deadLetterQueue: this.feedbackDeadLetterQueue },
    });
    this.feedback.bindTable(props.table, 'readWrite');
    this.feedbackTopic.addSubscription(
      new subscriptions.LambdaSubscription(this.feedback.lambda, { deadLetterQueue: this.feedbackDeadLetterQueue }),
    );
  }

  /** Lets a function send as the identity, through the configuration set, and tells it both. */
  grantSend(fn: PortalFunction): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.identityArn,
          Arn.format(
            { service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName },
            Stack.of(this),
          ),
        ],
      }),
    );
    const variable: keyof Config = 'MAIL_CONFIGURATION_SET';
    fn.lambda.addEnvironment(variable, this.configurationSet.configurationSetName);
  }
}
