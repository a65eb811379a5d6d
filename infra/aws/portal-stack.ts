import { join } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Aggregator } from './aggregator.ts';
import { Alarms } from './alarms.ts';
import { Api } from './api.ts';
import { Auth } from './auth.ts';
import { repoRoot } from './function-bundling.ts';
import { Imports } from './imports.ts';
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

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.table = new Table(this, 'Table');
    this.web = new Web(this, 'Web', { customDomain: settings.customDomain });
    this.auth = new Auth(this, 'Auth', {
      siteUrl: this.web.siteUrl,
      // Hosted UI prefixes are unique per region across all of AWS: the account id makes ours so.
      domainPrefix: settings.authDomainPrefix ?? `total-customer-${this.account}`,
      featurePlan: settings.cognitoFeaturePlan,
    });
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
      mailIdentity: settings.mailIdentity,
    });
    // The API checks the unsubscribe links the notifier signs.
    this.api.handler.lambda.addEnvironment(
      'UNSUBSCRIBE_SECRET',
      this.notifier.unsubscribeSecret.secretValue.unsafeUnwrap(),
    );
    this.webhooks = new Webhooks(this, 'Webhooks', { table: this.table });
    this.imports = new Imports(this, 'Imports', {
      table: this.table,
      auth: this.auth,
      siteUrl: this.web.siteUrl,
      orgTimeZone: settings.orgTimeZone,
      api: this.api.handler,
    });
    this.alarms = new Alarms(this, 'Alarms', {
      functions: {
        Api: this.api.handler,
        Sweeper: this.sweeper.handler,
        Aggregator: this.aggregator.handler,
        Notifier: this.notifier.handler,
        WebhookDispatcher: this.webhooks.dispatcher,
        WebhookPump: this.webhooks.pump,
        ImportWorker: this.imports.worker,
      },
      api: this.api,
      deadLetterQueues: {
        Aggregator: this.aggregator.deadLetterQueue,
        Notifier: this.notifier.deadLetterQueue,
        Webhooks: this.webhooks.deadLetterQueue,
      },
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
  }
}
