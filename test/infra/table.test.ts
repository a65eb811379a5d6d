import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '#data/table-definition.ts';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

let portal: SynthesizedPortal;
beforeAll(() => {
  portal = synthesizePortal();
});

describe('the table', () => {
  it('has the key schema of the one table definition', () => {
    portal.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
  });

  it('has every index of the definition, all attributes projected', () => {
    const indexes = tableDefinition.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    expect(indexes.map((index) => index.IndexName)).toEqual(['byCollection', 'byParty', 'byOwner', 'byDueDate']);
    portal.template.hasResourceProperties('AWS::DynamoDB::Table', { GlobalSecondaryIndexes: indexes });
  });

  it('is on demand, streams new and old images, and has PITR, TTL and encryption', () => {
    portal.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // On with the deletionProtection setting: a first create that fails must be able to roll back.
      DeletionProtectionEnabled: false,
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('is retained when the stack is deleted or the table replaced, not when the first create fails', () => {
    portal.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('table access', () => {
  it('gives each function the table name and item access to the table and its named indexes', () => {
    const table = logicalId(portal.stack, portal.stack.table.table);
    for (const fn of [portal.stack.api.handler, portal.stack.sweeper.handler, portal.stack.aggregator.handler]) {
      portal.template.hasResourceProperties('AWS::Lambda::Function', {
        Role: { 'Fn::GetAtt': [logicalId(portal.stack, fn.role), 'Arn'] },
        Environment: { Variables: Match.objectLike({ TABLE_NAME: { Ref: table } }) },
      });
      portal.template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(portal.stack, fn.role) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith([
                'dynamodb:GetItem',
                'dynamodb:PutItem',
                'dynamodb:Query',
                'dynamodb:UpdateItem',
              ]),
              Resource: { 'Fn::GetAtt': [table, 'Arn'] },
            }),
            Match.objectLike({
              Action: 'dynamodb:Query',
              // Sorted: the policy minimiser orders resources.
              Resource: tableDefinition.indexes
                .map((index) => index.name)
                .sort()
                .map((name) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, `/index/${name}`]] })),
            }),
          ]),
        },
      });
    }
  });

  it('grants no Scan and no wildcard index access to anyone', () => {
    const policies = JSON.stringify(portal.template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('dynamodb:Query');
    expect(policies).not.toContain('dynamodb:Scan');
    expect(policies).not.toContain('dynamodb:*');
    expect(policies).not.toContain('/index/*');
  });
});
