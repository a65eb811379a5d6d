import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

let portal: SynthesizedPortal;
beforeAll(() => {
  portal = synthesizePortal();
});

function issuer(): unknown {
  return {
    'Fn::Join': [
      '',
      [
        'https://cognito-idp.',
        { Ref: 'AWS::Region' },
        '.',
        { Ref: 'AWS::URLSuffix' },
        '/',
        { Ref: logicalId(portal.stack, portal.stack.auth.userPool) },
      ],
    ],
  };
}

describe('the HTTP API', () => {
  it('checks Cognito tokens: the pool as issuer, the web client as audience', () => {
    portal.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: issuer(),
        Audience: [{ Ref: logicalId(portal.stack, portal.stack.auth.client) }],
      },
    });
  });

  it('puts every route behind the authorizer except GET /api/health and POST /api/unsubscribe', () => {
    const routes = Object.values(portal.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties as { RouteKey: string; AuthorizationType: string; AuthorizerId?: unknown },
    );
    expect(routes.map((route) => route.RouteKey).sort()).toEqual([
      'ANY /api/{proxy+}',
      'GET /api/health',
      'POST /api/unsubscribe',
    ]);
    for (const route of routes) {
      if (route.RouteKey === 'GET /api/health' || route.RouteKey === 'POST /api/unsubscribe') {
        expect(route.AuthorizationType).toBe('NONE');
        expect(route.AuthorizerId).toBeUndefined();
      } else {
        expect(route.AuthorizationType).toBe('JWT');
        expect(route.AuthorizerId).toBeDefined();
      }
    }
  });

  it('logs access and throttles by default on its one stage', () => {
    portal.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('the functions', () => {
  it('run the API on Node.js 22, arm64, with its configuration', () => {
    portal.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: logicalId(portal.stack, portal.stack.table.table) },
          AUTH_ISSUER: issuer(),
          AUTH_CLIENT_ID: { Ref: logicalId(portal.stack, portal.stack.auth.client) },
          USER_POOL_ID: { Ref: logicalId(portal.stack, portal.stack.auth.userPool) },
          ORG_TIME_ZONE: 'Europe/London',
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'total-customer-api',
        },
      },
      LoggingConfig: { LogGroup: { Ref: logicalId(portal.stack, portal.stack.api.handler.logGroup) } },
    });
  });

  it('run every function of ours on Node.js 22 and arm64, logging to a group kept for a month', () => {
    for (const fn of [portal.stack.api.handler, portal.stack.sweeper.handler, portal.stack.aggregator.handler]) {
      portal.template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Role: { 'Fn::GetAtt': [logicalId(portal.stack, fn.role), 'Arn'] },
        LoggingConfig: { LogGroup: { Ref: logicalId(portal.stack, fn.logGroup) } },
      });
      expect(portal.template.toJSON().Resources[logicalId(portal.stack, fn.logGroup)].Properties.RetentionInDays).toBe(
        30,
      );
    }
  });

  it('give our functions no managed policy: each role writes to its own log group only', () => {
    for (const fn of [portal.stack.api.handler, portal.stack.sweeper.handler, portal.stack.aggregator.handler]) {
      const role = portal.template.toJSON().Resources[logicalId(portal.stack, fn.role)];
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      portal.template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(portal.stack, fn.role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Effect: 'Allow',
              Resource: { 'Fn::GetAtt': [logicalId(portal.stack, fn.logGroup), 'Arn'] },
            },
          ]),
        },
      });
    }
  });

  it('let the API manage sign-in accounts in its own user pool only', () => {
    portal.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(portal.stack, portal.stack.api.handler.role) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: [
              'cognito-idp:AdminAddUserToGroup',
              'cognito-idp:AdminCreateUser',
              'cognito-idp:AdminDisableUser',
              'cognito-idp:AdminEnableUser',
            ],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [logicalId(portal.stack, portal.stack.auth.userPool), 'Arn'] },
          },
        ]),
      },
    });
  });

  it('run the sweeper every five minutes', () => {
    portal.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(portal.stack, portal.stack.sweeper.handler.lambda), 'Arn'] },
        }),
      ],
    });
  });

  it('keep API access logs for a month', () => {
    const accessLogs = portal.template.findResources('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30 },
    });
    expect(Object.keys(accessLogs).some((id) => id.startsWith('ApiAccessLogs'))).toBe(true);
  });
});
