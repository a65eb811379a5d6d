import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

let portal: SynthesizedPortal;
beforeAll(() => {
  // cdk-nag runs here too: an unacknowledged finding fails the synthesis.
  portal = synthesizePortal();
});

const bucketId = () => logicalId(portal.stack, portal.stack.imports.bucket);

describe('import jobs in AWS', () => {
  it('keeps uploads in a private, encrypted bucket, TLS only, for 7 days', () => {
    portal.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' })]),
      },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['PUT'] })] },
    });
    const policies = portal.template.findResources('AWS::S3::BucketPolicy', {
      Properties: { Bucket: { Ref: bucketId() } },
    });
    const statements = Object.values(policies).flatMap(
      (policy) =>
        (policy.Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } }).PolicyDocument.Statement,
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('runs the worker on each uploaded file, and on a schedule that resumes stopped jobs', () => {
    portal.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Total Customer import worker (import jobs)',
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({ IMPORT_BUCKET: { Ref: bucketId() }, TABLE_NAME: Match.anyValue() }),
      },
    });
    portal.template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:Put'],
            Filter: {
              Key: {
                FilterRules: Match.arrayWith([
                  { Name: 'suffix', Value: '.csv' },
                  { Name: 'prefix', Value: 'imports/' },
                ]),
              },
            },
          }),
        ],
      },
    });
    portal.template.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Resumes import jobs whose run stopped',
      ScheduleExpression: 'rate(5 minutes)',
    });
  });

  it('tells the API the bucket, so that it can presign uploads, and gives it no read of the files', () => {
    portal.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('API'),
      Environment: { Variables: Match.objectLike({ IMPORT_BUCKET: { Ref: bucketId() } }) },
    });
    const apiRole = logicalId(portal.stack, portal.stack.api.handler.role);
    const policies = portal.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: apiRole }] } });
    const actions = Object.values(policies)
      .flatMap(
        (policy) =>
          (policy.Properties as { PolicyDocument: { Statement: { Action: string | string[] }[] } }).PolicyDocument
            .Statement,
      )
      .flatMap((statement) => [statement.Action].flat());
    expect(actions).toContain('s3:PutObject');
    expect(actions.filter((action) => action.startsWith('s3:Get'))).toEqual([]);
  });
});
