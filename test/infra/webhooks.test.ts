import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

interface Statement {
  readonly Action: string | string[];
  readonly Effect: string;
  readonly Resource: unknown;
}

let portal: SynthesizedPortal;
beforeAll(() => {
  portal = synthesizePortal();
});

const webhooks = () => portal.stack.webhooks;
const id = (construct: { readonly node: { readonly defaultChild?: unknown } }) => logicalId(portal.stack, construct);
const arnOf = (construct: { readonly node: { readonly defaultChild?: unknown } }) => ({
  'Fn::GetAtt': [id(construct), 'Arn'],
});

function statementsOf(role: { readonly node: { readonly defaultChild?: unknown } }): Statement[] {
  const policies = portal.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: id(role) }] } });
  return Object.values(policies).flatMap(
    (policy) => (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
  );
}
const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('the webhook delivery queue', () => {
  it('is encrypted, TLS only, hides a message six times the consumer’s timeout, and parks it on the dead-letter queue after five receipts', () => {
    portal.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
      MessageRetentionPeriod: 24 * 60 * 60,
      RedrivePolicy: { deadLetterTargetArn: arnOf(webhooks().deadLetterQueue), maxReceiveCount: 5 },
    });
    for (const queue of [webhooks().queue, webhooks().deadLetterQueue]) {
      portal.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('has a dead-letter queue that keeps messages 14 days and alarms as soon as one is on it', () => {
    portal.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
    });
    portal.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(webhooks().deadLetterQueue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: id(portal.stack.alarms.topic) }],
    });
  });
});

describe('the dispatcher', () => {
  it('consumes the queue five messages at a time with partial batch responses', () => {
    portal.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(webhooks().queue),
      FunctionName: { Ref: id(webhooks().dispatcher.lambda) },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // Caps the receivers called at once without reserving concurrency.
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });

  it('runs the webhook-dispatcher handler on Node.js 22, arm64, with the table, within a minute', () => {
    portal.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer webhook dispatcher',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 60,
      Environment: { Variables: Match.objectLike({ TABLE_NAME: { Ref: id(portal.stack.table.table) } }) },
    });
  });

  it('may receive and delete from its queue only, and never Scan', () => {
    const statements = statementsOf(webhooks().dispatcher.role);
    const onQueues = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('sqs:')));
    expect(onQueues.map((statement) => statement.Resource)).toEqual([arnOf(webhooks().queue)]);
    expect(actionsOf(onQueues[0] as Statement)).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
    );
    expect(actionsOf(onQueues[0] as Statement)).not.toContain('sqs:SendMessage');
    expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:Scan');
  });

  it('has alarms on its errors and throttles', () => {
    for (const metric of ['Errors', 'Throttles']) {
      portal.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(webhooks().dispatcher.lambda) } }],
      });
    }
  });
});

describe('the pump', () => {
  it('runs every minute and knows the queue', () => {
    portal.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: arnOf(webhooks().pump.lambda),
          RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 60 },
          DeadLetterConfig: { Arn: arnOf(webhooks().pumpDeadLetterQueue) },
        }),
      ],
    });
    portal.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer webhook pump',
      Environment: { Variables: Match.objectLike({ WEBHOOK_QUEUE_URL: { Ref: id(webhooks().queue) } }) },
    });
  });

  it('may send to the delivery queue and its own dead-letter queue, and no other', () => {
    const statements = statementsOf(webhooks().pump.role);
    const onQueues = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('sqs:')));
    // And its own dead-letter queue, where Lambda leaves a run given up on.
    expect(onQueues).toEqual([
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf(webhooks().pumpDeadLetterQueue) },
      {
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Effect: 'Allow',
        Resource: arnOf(webhooks().queue),
      },
    ]);
    expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:Scan');
  });
});
