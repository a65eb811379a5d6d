import { Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import type { Auth } from './auth.ts';
import { PortalFunction } from './portal-function.ts';
import type { Table } from './table.ts';

export interface ApiProps {
  readonly table: Table;
  readonly auth: Auth;
  /** The organisation's time zone, in which weeks and SLA deadlines are counted. */
  readonly orgTimeZone: string;
}

/**
 * The HTTP API in front of the Hono app: one Lambda behind `ANY /api/{proxy+}`, every route
 * behind the Cognito JWT authorizer except `GET /api/health`. The authorizer checks issuer,
 * audience and expiry; the app checks the role.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: PortalFunction;
  /** The API's own host name, which CloudFront forwards `/api/*` to. */
  readonly originDomainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    const environment = {
      AUTH_ISSUER: props.auth.issuer,
      AUTH_CLIENT_ID: props.auth.client.userPoolClientId,
      USER_POOL_ID: props.auth.userPool.userPoolId,
      ORG_TIME_ZONE: props.orgTimeZone,
    } satisfies Partial<Record<keyof Config, string>>;

    this.handler = new PortalFunction(this, 'Handler', {
      handler: 'api',
      description: 'Total Customer API (Hono)',
      serviceName: 'total-customer-api',
      // API Gateway gives up after 30 seconds; a request that needs more than 10 is a bug.
      timeout: Duration.seconds(10),
      environment,
      // Above what the stage's throttle (100 requests a second, bursts of 200) needs at this
      // function's latency, and a ceiling on what a flood that gets past it can cost.
      reservedConcurrency: 50,
    });
    this.handler.bindTable(props.table, 'readWrite');
    // Leaders create and deactivate users: the API creates and disables their sign-in accounts,
    // and deletes those an import created when the import failed midway.
    props.auth.userPool.grant(
      this.handler.role,
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminDeleteUser',
    );

    const authorizer = new HttpJwtAuthorizer('CognitoJwt', props.auth.issuer, {
      authorizerName: 'cognito',
      jwtAudience: [props.auth.client.userPoolClientId],
    });

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Total Customer API',
      // Browsers reach the API through CloudFront on the site's own origin: no CORS to configure.
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integration.latency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('Handler', this.handler.lambda);
    const [health] = this.httpApi.addRoutes({
      path: '/api/health',
      methods: [apigw.HttpMethod.GET],
      integration,
      authorizer: new apigw.HttpNoneAuthorizer(),
    });
    this.httpApi.addRoutes({ path: '/api/{proxy+}', methods: [apigw.HttpMethod.ANY], integration });
    // An e-mail's unsubscribe link works without signing in: the app checks its signed token.
    const [unsubscribe] = this.httpApi.addRoutes({
      path: '/api/unsubscribe',
      methods: [apigw.HttpMethod.POST],
      integration,
      authorizer: new apigw.HttpNoneAuthorizer(),
    });
    if (unsubscribe) {
      Validations.of(unsubscribe).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'POST /api/unsubscribe is public by design: it is followed from an e-mail, signed in or not. The app accepts only a token it signed (HS256), which can do nothing but turn off one kind of e-mail for one user.',
      });
    }

    if (health) {
      Validations.of(health).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'GET /api/health is the one public route by design: uptime checks and the post-deploy smoke test call it without a token, and it returns no records.',
      });
    }

    // `https://<id>.execute-api.<region>.amazonaws.com` → the host name alone.
    this.originDomainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
  }
}
