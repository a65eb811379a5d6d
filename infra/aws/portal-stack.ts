import { join } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Aggregator } from './aggregator.ts';
import { Alarms } from './alarms.ts';
import { Api } from './api.ts';
import { Auth } from './auth.ts';
import { FederatedSignUp } from './federated-sign-up.ts';
import { repoRoot } from './function-bundling.ts';
import { Imports } from './imports.ts';
import { Mail } from './mail.ts';
import { Notifier } from './notifier.ts';
import type { PortalSettings } from './settings.ts';
import { SiteContent } from './site-content.ts';
import { Sweeper } from './sweeper.ts';
import { Table } from './table.ts';
import { Web } from './web.ts';
import { Webhooks } from './webhooks.ts';

export interface PortalStackProps extends StackProps {
  readonly settings: PortalSettings;
  /** @default web/dist */
  readonly webDistPath?: string;
}

/**
 * The whole portal in one stack, composed of small constructs and nothing else. The order is the
 * dependency order: the site's URL is the sign-in redirect, the client id is the API's audience,
 * and CloudFront forwards /api/* to the API.
 */
export class PortalStack extends Stack {
  readonly table: Table;
  readonly web: Web;
  readonly auth: Auth;
  readonly api: Api;
  readonly siteContent: SiteContent;
  readonly sweeper: Sweeper;
  readonly aggregator: Aggregator;
  readonly notifier: Notifier;
  readonly webhooks: Webhooks;
  readonly imports: Imports;
  readonly alarms: Alarms;
  /** SES for Cognito and the notifier, with the `mailFrom` setting. */
  readonly mail: Mail | undefined;
  /** The company's identity provider's sign-ins linked to directory users, with the `federation` setting. */
  readonly federatedSignUp: FederatedSignUp | undefined;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.table = new Table(this, 'Table', { deletionProtection: settings.deletionProtection });
    this.mail = settings.mailFrom
      ? new Mail(this, 'Mail', {
          table: this.table,
          from: settings.mailFrom,
          identity: settings.mailIdentity ?? settings.mailFrom.split('@')[1] ?? settings.mailFrom,
        })
      : undefined;
    this.web = new Web(this, 'Web', { customDomain: settings.customDomain, webAclArn: settings.webAclArn });
    this.auth = new Auth(this, 'Auth', {
      siteUrl: this.web.siteUrl,
      // Hosted UI prefixes are unique per region across all of AWS: the account id makes ours
      // so, and the stack's name keeps two stacks of one account apart.
      domainPrefix: settings.authDomainPrefix ?? `${this.stackName.toLowerCase()}-${this.account}`,
      featurePlan: settings.cognitoFeaturePlan,
      deletionProtection: settings.deletionProtection,
      federation: settings.federation,
      ...(this.mail && settings.mailFrom
        ? {
            mail: {
              from: settings.mailFrom,
              identityArn: this.mail.identityArn,
              configurationSetName: this.mail.configurationSet.configurationSetName,
            },
          }
        : {}),
    });
    this.federatedSignUp = settings.federation
      ? new FederatedSignUp(this, 'FederatedSignUp', {
          auth: this.auth,
          table: this.table,
          federation: settings.federation,
        })
      : undefined;
    this.api = new Api(this, 'Api', { table: this.table, auth: this.auth, orgTimeZone: settings.orgTimeZone });
    this.web.routeApi(this.api);
    this.siteContent = new SiteContent(this, 'SiteContent', {
      web: this.web,
      auth: this.auth,
      distPath: props.webDistPath ?? join(repoRoot, 'web/dist'),
    });
    this.sweeper = new Sweeper(this, 'Sweeper', { table: this.table, orgTimeZone: settings.orgTimeZone });
    this.aggregator = new Aggregator(this, 'Aggregator', { table: this.table, orgTimeZone: settings.orgTimeZone });
    this.notifier = new Notifier(this, 'Notifier', {
      table: this.table,
      orgTimeZone: settings.orgTimeZone,
      siteUrl: this.web.siteUrl,
      mailFrom: settings.mailFrom,
      mail: this.mail,
    });
    // The API checks the unsubscribe links the notifier signs.
    this.notifier.bindUnsubscribeSecret(this.api.handler);
    this.webhooks = new Webhooks(this, 'Webhooks', { table: this.table });
    this.imports = new Imports(this, 'Imports', {
      table: this.table,
      auth: this.auth,
      siteUrl: this.web.siteUrl,
      orgTimeZone: settings.orgTimeZone,
      api: this.api.handler,
    });
    // The worker tells the leader when a job ends, by e-mail too: the same secret and sender.
    this.notifier.bindUnsubscribeSecret(this.imports.worker);
    if (settings.mailFrom && this.mail) {
      this.mail.grantSend(this.imports.worker);
      this.imports.worker.lambda.addEnvironment('MAIL_FROM', settings.mailFrom);
    }
    this.alarms = new Alarms(this, 'Alarms', {
      functions: {
        Api: this.api.handler,
        Sweeper: this.sweeper.handler,
        Aggregator: this.aggregator.handler,
        Notifier: this.notifier.handler,
        WebhookDispatcher: this.webhooks.dispatcher,
        WebhookPump: this.webhooks.pump,
        ImportWorker: this.imports.worker,
        ...(this.mail ? { MailFeedback: this.mail.feedback } : {}),
        ...(this.federatedSignUp ? { FederatedSignUp: this.federatedSignUp.handler } : {}),
      },
      api: this.api,
      table: this.table,
      deadLetterQueues: {
        Aggregator: this.aggregator.deadLetterQueue,
        Notifier: this.notifier.deadLetterQueue,
        Webhooks: this.webhooks.deadLetterQueue,
        Sweeper: this.sweeper.deadLetterQueue,
        WebhookPump: this.webhooks.pumpDeadLetterQueue,
        ImportWorker: this.imports.deadLetterQueue,
        ...(this.mail ? { MailFeedback: this.mail.feedbackDeadLetterQueue } : {}),
      },
      streamConsumers: { Aggregator: this.aggregator.handler, Notifier: this.notifier.handler },
      workQueues: { Webhooks: this.webhooks.queue },
      watchMailReputation: this.mail !== undefined,
      email: settings.alarmEmail,
    });

    new CfnOutput(this, 'SiteUrl', { value: this.web.siteUrl, description: 'The portal' });
    new CfnOutput(this, 'ApiUrl', {
      value: `${this.web.siteUrl}api/`,
      description: 'The API, through CloudFront (GET …/health needs no token)',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'HostedUiUrl', { value: this.auth.hostedUiUrl });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.alarms.dashboard.dashboardName}`,
      description: 'Every alarm and its metric',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    const queues = {
      AggregatorDeadLetterQueueUrl: this.aggregator.deadLetterQueue,
      NotifierDeadLetterQueueUrl: this.notifier.deadLetterQueue,
      WebhookQueueUrl: this.webhooks.queue,
      WebhookDeadLetterQueueUrl: this.webhooks.deadLetterQueue,
      SweeperDeadLetterQueueUrl: this.sweeper.deadLetterQueue,
      WebhookPumpDeadLetterQueueUrl: this.webhooks.pumpDeadLetterQueue,
    };
    // The runbook's redrives (docs/deploy.md) start from these.
    for (const [name, queue] of Object.entries(queues)) new CfnOutput(this, name, { value: queue.queueUrl });
    if (this.federatedSignUp && settings.federation) {
      new CfnOutput(this, 'FederationRedirectUrl', {
        value: this.federatedSignUp.redirectUrl,
        description:
          settings.federation.type === 'oidc'
            ? "The redirect URI to register at the company's identity provider"
            : "The assertion consumer service (reply) URL to register at the company's identity provider",
      });
      if (settings.federation.type === 'saml') {
        new CfnOutput(this, 'SamlEntityId', {
          value: `urn:amazon:cognito:sp:${this.auth.userPool.userPoolId}`,
          description: "The audience (entity id) to register at the company's identity provider",
        });
      }
    }
    if (this.mail) {
      new CfnOutput(this, 'MailConfigurationSet', { value: this.mail.configurationSet.configurationSetName });
    }
  }
}
