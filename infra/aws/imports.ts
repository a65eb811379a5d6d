import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import type { Auth } from './auth.ts';
import { PortalFunction } from './portal-function.ts';
import { asyncFailureOf, JobDeadLetterQueue, type JobRetryPolicy, scheduleJob } from './scheduled-job.ts';
import type { Table } from './table.ts';

export interface ImportsProps {
  readonly table: Table;
  readonly auth: Auth;
  /** The portal's address: the only origin that may PUT a file to the bucket. */
  readonly siteUrl: string;
  readonly orgTimeZone: string;
  /** The API function, which creates jobs and presigns their uploads. */
  readonly api: PortalFunction;
}

/**
 * Import jobs' files and their worker. The browser PUTs a file to a presigned URL of a private,
 * encrypted bucket whose objects expire after 7 days; the "object created" event runs the
 * worker (functions/handlers/import-worker.ts), and a schedule resumes a job whose run ran out
 * of time or died. The API only creates jobs and presigns: a file's size never reaches it.
 */
export class Imports extends Construct {
  readonly bucket: s3.Bucket;
  readonly worker: PortalFunction;
  /** What the worker's schedule or an upload's event could not run, after retries. */
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ImportsProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The files are a company's customer list: kept only while a job may still need them.
      lifecycleRules: [{ expiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      cors: [
        {
          allowedOrigins: [props.siteUrl.replace(/\/+$/, '')],
          allowedMethods: [s3.HttpMethods.PUT],
          allowedHeaders: ['Content-Type'],
          maxAge: 3600,
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds uploads for a week and is reached only by presigned PUTs the API signs for a leader and by the worker; CloudTrail records the API calls that matter.',
    });

    // A run given up on (the schedule's or an upload's) waits on a queue with an alarm; a lost
    // run costs little, as the next scheduled one resumes from the job's checkpoint.
    const every = Duration.minutes(5);
    const retry: JobRetryPolicy = { deliveryAttempts: 2, runAttempts: 1, maxAge: every };
    this.deadLetterQueue = new JobDeadLetterQueue(this, 'DeadLetterQueue', { job: 'import worker' }).queue;
    this.worker = new PortalFunction(this, 'Worker', {
      asyncFailure: asyncFailureOf(retry, this.deadLetterQueue),
      handler: 'import-worker',
      description: 'Total Customer import worker (import jobs)',
      serviceName: 'total-customer-import-worker',
      // 100,000 parsed rows and their validation sit in memory at once.
      memorySize: 2048,
      // The most a Lambda may run; a longer job stops at a checkpoint and the schedule goes on.
      timeout: Duration.minutes(15),
      // A few jobs at once: more would only share the table's write capacity with each other.
      reservedConcurrency: 3,
      environment: {
        IMPORT_BUCKET: this.bucket.bucketName,
        USER_POOL_ID: props.auth.userPool.userPoolId,
        ORG_TIME_ZONE: props.orgTimeZone,
        WEB_BASE_URL: props.siteUrl,
      } satisfies Partial<Record<keyof Config, string>>,
    });
    this.worker.bindTable(props.table, 'readWrite');
    const files = this.bucket.arnForObjects('imports/*');
    const filesFinding = `Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/imports/*`;
    this.worker.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [files] }));
    Validations.of(this.worker.role).acknowledge({
      id: `AwsSolutions-IAM5[${filesFinding}]`,
      reason: 'The worker reads any job’s file: one object per job, named by the job’s id, under imports/.',
    });
    // Users' sign-in accounts, as the API creates them one by one.
    props.auth.userPool.grant(
      this.worker.lambda,
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminUpdateUserAttributes',
    );
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED_PUT, new s3n.LambdaDestination(this.worker.lambda), {
      prefix: 'imports/',
      suffix: '.csv',
    });

    this.schedule = scheduleJob(this, 'Resume', {
      handler: this.worker,
      description: 'Resumes import jobs whose run stopped',
      every,
      retry,
      deadLetterQueue: this.deadLetterQueue,
    });

    // The API presigns PUTs (its role signs them) and checks nothing else of the bucket.
    props.api.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [files] }));
    Validations.of(props.api.role).acknowledge({
      id: `AwsSolutions-IAM5[${filesFinding}]`,
      reason:
        'The API presigns the PUT of any new job’s file: one object per job, named by the job’s id, under imports/.',
    });
    // S3's notification handler (a CDK singleton) runs with the basic execution policy, to write its logs.
    const notifications = Stack.of(this).node.tryFindChild(
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
    );
    if (notifications) {
      Validations.of(notifications).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'CDK’s own handler that configures the bucket’s notifications once, at deploy time; it only writes its logs.',
      });
    }
    props.api.lambda.addEnvironment('IMPORT_BUCKET', this.bucket.bucketName);
  }
}
