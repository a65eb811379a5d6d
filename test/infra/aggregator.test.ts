import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
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

const aggregator = () => portal.stack.aggregator;
const tableId = () => logicalId(portal.stack, portal.stack.table.table);
const queueArn = () => ({ 'Fn::GetAtt': [logicalId(portal.stack, aggregator().deadLetterQueue), 'Arn'] });

/** The statements of the aggregator role's policy. */
function aggregatorStatements(): Statement[] {
  const policies = portal.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalId(portal.stack, aggregator().handler.role) }] },
  });
  const documents = Object.values(policies).map(
    (policy) => (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument,
  );
  expect(documents).toHaveLength(1);
  return documents.flatMap((document) => document.Statement);
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

/** The rule ids acknowledged on a construct itself. */
function acknowledgedOn(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>));
}

describe('the aggregator function', () => {
  it('runs the aggregator handler on Node.js 22 and arm64, in the organisation time zone, with the table', () => {
    portal.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer scorecard aggregator',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Role: { 'Fn::GetAtt': [logicalId(portal.stack, aggregator().handler.role), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logicalId(portal.stack, aggregator().handler.logGroup) } },
      Environment: {
        Variables: Match.objectLike({
          ORG_TIME_ZONE: 'Europe/London',
          TABLE_NAME: { Ref: tableId() },
          POWERTOOLS_SERVICE_NAME: 'total-customer-aggregator',
        }),
      },
    });
  });

  it('follows the orgTimeZone setting', () => {
    const other = synthesizePortal({ orgTimeZone: 'America/New_York' });
    other.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer scorecard aggregator',
      Environment: { Variables: Match.objectLike({ ORG_TIME_ZONE: 'America/New_York' }) },
    });
  });
});

describe("the aggregator's event source", () => {
  it('reads the table stream from the trim horizon in batches of up to 100, within a second', () => {
    // The notifier reads the same stream through a mapping of its own (test/infra/notifier.test.ts).
    expect(
      Object.keys(
        portal.template.findResources('AWS::Lambda::EventSourceMapping', {
          Properties: { FunctionName: { Ref: logicalId(portal.stack, aggregator().handler.lambda) } },
        }),
      ),
    ).toHaveLength(1);
    portal.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [tableId(), 'StreamArn'] },
      FunctionName: { Ref: logicalId(portal.stack, aggregator().handler.lambda) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
    });
  });

  it('retries a failing batch in halves from the first failed record, then gives up on it into the queue', () => {
    portal.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 6 * 60 * 60,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: queueArn() } },
    });
  });
});

describe("the aggregator's dead-letter queue", () => {
  it('is encrypted and keeps messages 14 days', () => {
    portal.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 60 * 60,
    });
  });

  it('refuses any request not over TLS', () => {
    portal.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(portal.stack, aggregator().deadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:*',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: queueArn(),
          }),
        ]),
      },
    });
  });

  it('alarms as soon as a message is on it, and tells the alarm topic', () => {
    portal.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(portal.stack, aggregator().deadLetterQueue), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      DatapointsToAlarm: 2,
      EvaluationPeriods: 3,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalId(portal.stack, portal.stack.alarms.topic) }],
      OKActions: [{ Ref: logicalId(portal.stack, portal.stack.alarms.topic) }],
    });
  });

  it('acknowledges SQS3 and the redrive rule only because it is itself the dead-letter queue', () => {
    expect(acknowledgedOn(aggregator().deadLetterQueue)).toEqual([
      expect.stringMatching(/AwsSolutions-SQS3$/),
      expect.stringMatching(/Serverless-SQSRedrivePolicy$/),
    ]);
  });
});

describe("the aggregator's permissions", () => {
  it('read the stream by its ARN only: DescribeStream, GetRecords, GetShardIterator', () => {
    const onStream = aggregatorStatements().filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [tableId(), 'StreamArn'] }),
    );
    expect(onStream).toEqual([
      {
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [tableId(), 'StreamArn'] },
      },
    ]);
  });

  it('have no wildcard beyond dynamodb:ListStreams and X-Ray, whose actions take no resource ARN', () => {
    const wildcards = aggregatorStatements().filter((statement) => JSON.stringify(statement.Resource).includes('*'));
    // One statement: the policy minimiser merges the stream's and X-Ray's.
    expect(wildcards).toEqual([
      {
        Action: ['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        Effect: 'Allow',
        Resource: '*',
      },
    ]);
    expect(acknowledgedOn(aggregator().handler.role)).toEqual([
      expect.stringMatching(/AwsSolutions-IAM5\[Resource::\*\]$/),
    ]);
    for (const statement of aggregatorStatements()) {
      for (const action of actionsOf(statement)) expect(action).not.toContain('*');
    }
  });

  it('send to the dead-letter queue only, and touch no other queue, table or service', () => {
    const statements = aggregatorStatements();
    const sqsStatements = statements.filter((statement) => actionsOf(statement).some((a) => a.startsWith('sqs:')));
    expect(sqsStatements).toEqual([
      {
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Effect: 'Allow',
        Resource: queueArn(),
      },
    ]);
    const services = new Set(statements.flatMap(actionsOf).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'sqs', 'xray']);
    expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:Scan');
  });

  it('write aggregates and dedup markers into the table, like any readWrite function', () => {
    const onTable = aggregatorStatements().find(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': [tableId(), 'Arn'] }),
    );
    expect(onTable && actionsOf(onTable)).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']),
    );
  });
});
