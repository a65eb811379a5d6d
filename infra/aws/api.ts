import { Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import type { Auth } from './auth.ts';
import { PortalFunction } from './portal-function.ts';
import type { Table } from './table.ts';

/** The header CloudFront adds to API requests with the origin secret. */
export const originSecretHeader = 'X-Origin-Verify';

/** Requests a second (and bursts) for each route that needs no sign-in. */
export const publicRouteLimits = {
  health: { routeKey: 'GET /api/health', rate: 5, burst: 10 },
  unsubscribe: { routeKey: 'POST /api/unsubscribe', rate: 10, burst: 20 },
} as const;

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
  /**
   * The value CloudFront sends in `originSecretHeader` and the app requires (read at cold start
   * from Secrets Manager): a request to the execute-api address directly, past the WAF and
   * CloudFront, is refused before any route runs.
   */
  readonly originSecret: secretsmanager.Secret;

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

    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: 'Total Customer: the header CloudFront adds to every API request, which the API requires',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The origin secret only proves a request came through CloudFront; every request still needs a Cognito token. Rotating it means redeploying the distribution and the API together: run `cdk deploy` after `aws secretsmanager update-secret` (docs/deploy.md).',
    });
    this.originSecret.grantRead(this.handler.role);
    const originVariable: keyof Config = 'ORIGIN_SECRET_ARN';
    this.handler.lambda.addEnvironment(originVariable, this.originSecret.secretArn);
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

    // The two routes without sign-in get limits of their own, far below the stage's, so that a
    // flood of them cannot use up what signed-in users need. (Per route, not per client: the
    // WAF's rate-based rule, docs/deploy.md, is what limits one address.)
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    cfnStage.addPropertyOverride('RouteSettings', {
      [publicRouteLimits.health.routeKey]: {
        ThrottlingRateLimit: publicRouteLimits.health.rate,
        ThrottlingBurstLimit: publicRouteLimits.health.burst,
      },
      [publicRouteLimits.unsubscribe.routeKey]: {
        ThrottlingRateLimit: publicRouteLimits.unsubscribe.rate,
        ThrottlingBurstLimit: publicRouteLimits.unsubscribe.burst,
      },
    });
    // Route settings name routes that must exist first.
    for (const route of [health, unsubscribe]) if (route) cfnStage.node.addDependency(route);

    // `https://<id>.execute-api.<region>.amazonaws.com` → the host name alone.
    this.originDomainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
  }
}
