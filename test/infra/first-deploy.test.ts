import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicRouteLimits } from '../../infra/aws/api.ts';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

/**
 * Issue 18, read from the template: what a first deploy into a fresh account needs, and what
 * lets someone watch it. Two synths: the defaults, and every optional setting at once.
 */
let portal: SynthesizedPortal;
let full: SynthesizedPortal;
const webAclArn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/portal/0a1b2c3d-4e5f';
beforeAll(() => {
  portal = synthesizePortal();
  full = synthesizePortal({
    stackPrefix: 'Staging',
    alarmEmail: 'oncall@example.com',
    mailFrom: 'portal@mail.example.com',
    webAclArn,
    deletionProtection: true,
  });
});

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
const resources = (of: SynthesizedPortal, type: string) =>
  Object.entries(of.template.findResources(type) as Record<string, Resource>);
const id = (of: SynthesizedPortal, construct: { readonly node: { readonly defaultChild?: unknown } }) =>
  logicalId(of.stack, construct);
const arnOf = (of: SynthesizedPortal, construct: { readonly node: { readonly defaultChild?: unknown } }) => ({
  'Fn::GetAtt': [id(of, construct), 'Arn'],
});

/** Our functions (Powertools service name), not CDK's own (the bucket deployment). */
function portalFunctions(of: SynthesizedPortal): [string, Resource][] {
  return resources(of, 'AWS::Lambda::Function').filter(
    ([, fn]) =>
      (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
        ?.POWERTOOLS_SERVICE_NAME !== undefined,
  );
}

describe('a first deploy that can fail cleanly', () => {
  it('retains the table and the user pool on delete and replacement, but not on a failed first create', () => {
    for (const of of [portal, full]) {
      for (const type of ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool']) {
        of.template.hasResource(type, { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
      }
    }
  });

  it('turns deletion protection on only with the setting', () => {
    portal.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    portal.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
    full.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    full.template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  it('caps the queue consumer through its event source, not by reserving concurrency', () => {
    portal.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(portal, portal.stack.webhooks.queue),
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('takes a stack-name prefix, which also keeps the hosted UI domain and the mail configuration set apart', () => {
    expect(full.stack.stackName).toBe('StagingTotalCustomer');
    full.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['stagingtotalcustomer-', { Ref: 'AWS::AccountId' }]] },
    });
    full.template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'StagingTotalCustomer-mail' });
  });
});

describe('alarms that reach someone', () => {
  it('ask for the AlarmEmail parameter, which has no default, when no address is set', () => {
    const parameter = portal.template.toJSON().Parameters.AlarmEmail;
    expect(parameter).toEqual(expect.objectContaining({ Type: 'String', AllowedPattern: expect.any(String) }));
    expect(parameter.Default).toBeUndefined();
    portal.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: { Ref: 'AlarmEmail' },
      TopicArn: { Ref: id(portal, portal.stack.alarms.topic) },
    });
  });

  it('mail the alarmEmail setting instead, and then ask for nothing', () => {
    expect(full.template.toJSON().Parameters?.AlarmEmail).toBeUndefined();
    full.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('all fire on M of N datapoints, and tell the topic when they fire and when they are OK again', () => {
    const topic = [{ Ref: id(full, full.stack.alarms.topic) }];
    const alarms = resources(full, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(20);
    for (const [name, alarm] of alarms) {
      const { DatapointsToAlarm, EvaluationPeriods } = alarm.Properties as Record<string, number>;
      expect(DatapointsToAlarm, name).toBeGreaterThanOrEqual(2);
      expect(EvaluationPeriods, name).toBeGreaterThan(DatapointsToAlarm as number);
      expect(alarm.Properties.AlarmActions, name).toEqual(topic);
      expect(alarm.Properties.OKActions, name).toEqual(topic);
    }
  });

  const alarmOn = (of: SynthesizedPortal, namespace: string, metricName: string, dimensions?: unknown) =>
    of.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: namespace,
      MetricName: metricName,
      ...(dimensions ? { Dimensions: dimensions } : {}),
    });

  it("watch both stream consumers' iterator age and the webhook queue's oldest message", () => {
    for (const fn of [portal.stack.aggregator.handler, portal.stack.notifier.handler]) {
      alarmOn(portal, 'AWS/Lambda', 'IteratorAge', [{ Name: 'FunctionName', Value: { Ref: id(portal, fn.lambda) } }]);
    }
    alarmOn(portal, 'AWS/SQS', 'ApproximateAgeOfOldestMessage', [
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [id(portal, portal.stack.webhooks.queue), 'QueueName'] } },
    ]);
  });

  it("watch every dead-letter queue's depth: every queue but the webhook delivery queue is one", () => {
    for (const of of [portal, full]) {
      const queues = resources(of, 'AWS::SQS::Queue')
        .map(([name]) => name)
        .filter((name) => name !== id(of, of.stack.webhooks.queue));
      expect(queues.length).toBeGreaterThanOrEqual(5);
      for (const queue of queues) {
        alarmOn(of, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } },
        ]);
      }
    }
  });

  it('watch DynamoDB throttling and system errors on the table', () => {
    const table = [{ Name: 'TableName', Value: { Ref: id(portal, portal.stack.table.table) } }];
    alarmOn(portal, 'AWS/DynamoDB', 'ReadThrottleEvents', table);
    alarmOn(portal, 'AWS/DynamoDB', 'WriteThrottleEvents', table);
    portal.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'SystemErrors' }) }),
        }),
      ]),
    });
  });

  it("watch each function's errors and throttles, the mail feedback function's too", () => {
    for (const of of [portal, full]) {
      for (const [fn] of portalFunctions(of)) {
        for (const metric of ['Errors', 'Throttles']) {
          alarmOn(of, 'AWS/Lambda', metric, [{ Name: 'FunctionName', Value: { Ref: fn } }]);
        }
      }
    }
    expect(portalFunctions(full).length).toBe(portalFunctions(portal).length + 1);
  });

  it("watch SES's bounce and complaint rates when the portal sends e-mail", () => {
    alarmOn(full, 'AWS/SES', 'Reputation.BounceRate');
    alarmOn(full, 'AWS/SES', 'Reputation.ComplaintRate');
    expect(JSON.stringify(portal.template.findResources('AWS::CloudWatch::Alarm'))).not.toContain('Reputation.');
  });

  it('are all on one dashboard, linked from the outputs', () => {
    const dashboards = resources(full, 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.[1].Properties.DashboardBody);
    for (const [alarm] of resources(full, 'AWS::CloudWatch::Alarm')) {
      expect(body, alarm).toContain(`"${alarm}"`);
    }
    expect(Object.keys(full.template.findOutputs('*'))).toEqual(
      expect.arrayContaining([
        'DashboardUrl',
        'AlarmTopicArn',
        'WebhookDeadLetterQueueUrl',
        'SweeperDeadLetterQueueUrl',
      ]),
    );
  });
});

describe('e-mail for real users', () => {
  it('has Cognito send through SES, as the mailFrom identity, in the configuration set', () => {
    full.template.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        From: 'Total Customer <portal@mail.example.com>',
        ConfigurationSet: { Ref: id(full, full.stack.mail?.configurationSet as never) },
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([':identity/mail.example.com'])] },
      },
    });
    portal.template.hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: Match.absent() });
  });

  it('suppresses bounces and complaints, and sends them to the function that marks the user', () => {
    const mail = full.stack.mail;
    expect(mail).toBeDefined();
    if (!mail) return;
    full.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    full.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: id(full, mail.feedbackTopic) } },
      },
    });
    full.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: arnOf(full, mail.feedback.lambda),
      TopicArn: { Ref: id(full, mail.feedbackTopic) },
      RedrivePolicy: { deadLetterTargetArn: arnOf(full, mail.feedbackDeadLetterQueue) },
    });
    full.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer e-mail bounces and complaints',
      Environment: { Variables: Match.objectLike({ TABLE_NAME: { Ref: id(full, full.stack.table.table) } }) },
    });
  });
});

describe('the edge', () => {
  it('attaches the web ACL named by webAclArn, and none without it', () => {
    full.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: webAclArn }),
    });
    portal.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: Match.absent() }),
    });
  });

  it('sends the origin secret to the API, which is told where to read it, not what it is', () => {
    const secret = id(portal, portal.stack.api.originSecret);
    const distribution = JSON.stringify(portal.template.findResources('AWS::CloudFront::Distribution'));
    expect(distribution).toContain('"HeaderName":"X-Origin-Verify"');
    expect(distribution).toContain(`{"Ref":"${secret}"}`);
    expect(distribution).toContain('resolve:secretsmanager:');
    portal.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer API (Hono)',
      Environment: { Variables: Match.objectLike({ ORIGIN_SECRET_ARN: { Ref: secret } }) },
    });
  });

  it('limits the two routes without sign-in below the stage', () => {
    portal.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: {
        'GET /api/health': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'POST /api/unsubscribe': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      },
    });
    expect(Object.values(publicRouteLimits).map((limit) => limit.routeKey)).toEqual([
      'GET /api/health',
      'POST /api/unsubscribe',
    ]);
  });
});

describe('the functions', () => {
  it('all trace actively with X-Ray', () => {
    for (const [name, fn] of portalFunctions(full)) {
      expect(fn.Properties.TracingConfig, name).toEqual({ Mode: 'Active' });
    }
  });

  it('hold no secret value in their configuration, only where to read it', () => {
    for (const [name, fn] of resources(full, 'AWS::Lambda::Function')) {
      const environment = JSON.stringify(fn.Properties.Environment ?? {});
      expect(environment, name).not.toContain('resolve:secretsmanager');
      expect(environment, name).not.toContain('UNSUBSCRIBE_SECRET"');
    }
    const secret = id(full, full.stack.notifier.unsubscribeSecret);
    for (const fn of [full.stack.api.handler, full.stack.notifier.handler]) {
      full.template.hasResourceProperties('AWS::Lambda::Function', {
        Role: arnOf(full, fn.role),
        Environment: { Variables: Match.objectLike({ UNSUBSCRIBE_SECRET_ARN: { Ref: secret } }) },
      });
      // The policy minimiser may merge it with the API's grant on the origin secret.
      const grants = resources(full, 'AWS::IAM::Policy')
        .filter(
          ([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: id(full, fn.role) }]),
        )
        .flatMap(
          ([, policy]) =>
            (policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
        )
        .filter((statement) =>
          [statement.Resource].flat().some((resource) => JSON.stringify(resource) === JSON.stringify({ Ref: secret })),
        );
      expect(grants.map((statement) => [statement.Action].flat().sort())).toEqual([
        ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      ]);
    }
  });
});

describe('the scheduled jobs', () => {
  it('retry on both legs and leave a run given up on on their dead-letter queue', () => {
    const jobs = [
      { fn: portal.stack.sweeper.handler, queue: portal.stack.sweeper.deadLetterQueue, attempts: [2, 1], age: 300 },
      { fn: portal.stack.webhooks.pump, queue: portal.stack.webhooks.pumpDeadLetterQueue, attempts: [1, 0], age: 60 },
    ];
    for (const job of jobs) {
      const [delivery, run] = job.attempts;
      portal.template.hasResourceProperties('AWS::Events::Rule', {
        Targets: [
          Match.objectLike({
            Arn: arnOf(portal, job.fn.lambda),
            RetryPolicy: { MaximumRetryAttempts: delivery, MaximumEventAgeInSeconds: job.age },
            DeadLetterConfig: { Arn: arnOf(portal, job.queue) },
          }),
        ],
      });
      portal.template.hasResourceProperties('AWS::Lambda::Function', {
        Role: arnOf(portal, job.fn.role),
        DeadLetterConfig: { TargetArn: arnOf(portal, job.queue) },
      });
      portal.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: id(portal, job.fn.lambda) },
        MaximumRetryAttempts: run,
        MaximumEventAgeInSeconds: job.age,
      });
      // EventBridge may put the event it gave up on onto the queue.
      portal.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id(portal, job.queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
          ]),
        },
      });
    }
  });
});
