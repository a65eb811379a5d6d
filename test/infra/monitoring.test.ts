import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

let portal: SynthesizedPortal;
beforeAll(() => {
  portal = synthesizePortal({ alarmEmail: 'oncall@example.com' });
});

describe('the alarms', () => {
  it('fire on any error or throttle of each function, and tell the alarm topic', () => {
    const topic = { Ref: logicalId(portal.stack, portal.stack.alarms.topic) };
    for (const fn of [portal.stack.api.handler, portal.stack.sweeper.handler, portal.stack.aggregator.handler]) {
      for (const metric of ['Errors', 'Throttles']) {
        portal.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(portal.stack, fn.lambda) } }],
          Statistic: 'Sum',
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [topic],
        });
      }
    }
  });

  it('fire on any 5xx from the API', () => {
    portal.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(portal.stack, portal.stack.api.httpApi) } }],
      Threshold: 1,
      AlarmActions: [{ Ref: logicalId(portal.stack, portal.stack.alarms.topic) }],
    });
  });

  it('mail the address given in context', () => {
    portal.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: logicalId(portal.stack, portal.stack.alarms.topic) },
    });
  });
});

describe('the outputs', () => {
  it('give the site and API URLs, the user pool and client ids and the table name', () => {
    const outputs = portal.template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['SiteUrl', 'ApiUrl', 'UserPoolId', 'UserPoolClientId', 'HostedUiUrl', 'TableName']),
    );
    portal.template.hasOutput('TableName', { Value: { Ref: logicalId(portal.stack, portal.stack.table.table) } });
    portal.template.hasOutput('UserPoolClientId', {
      Value: { Ref: logicalId(portal.stack, portal.stack.auth.client) },
    });
    portal.template.hasOutput('ApiUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith(['https://', '/api/'])] },
    });
  });
});
