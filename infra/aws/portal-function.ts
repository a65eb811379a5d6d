import { AssetHashType, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import type { Config } from '#lib/config.ts';
import { functionBuildOptions, functionBundling, handlerEntry, repoRoot } from './function-bundling.ts';
import { reservedConcurrencyOf } from './settings.ts';
import type { Table, TableAccess } from './table.ts';

export interface PortalFunctionProps {
  /** The handler module's name under functions/handlers (`api` → functions/handlers/api.ts). */
  readonly handler: string;
  readonly description: string;
  /** Powertools' service name, on every log line. */
  readonly serviceName: string;
  /** @default 1024 MB: Lambda gives CPU in proportion to memory, and cold starts are CPU-bound. */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Reserved concurrency, applied only when the `reservedConcurrency` setting is on: at most
   * this many run at once, and this many are always available. It caps what one function can
   * cost and the load it puts on the table. Off by default, because Lambda refuses a
   * reservation that leaves fewer than 100 executions unreserved, and a new account's quota is
   * often 10: the first deploy would fail (docs/deploy.md says how to check the quota).
   */
  readonly reservedConcurrency: number;
  /**
   * For functions invoked asynchronously (the schedules): Lambda's own retries of a failed
   * invocation, and the queue an invocation given up on lands in.
   */
  readonly asyncFailure?: {
    readonly retryAttempts: number;
    readonly maxEventAge: Duration;
    readonly deadLetterQueue: sqs.IQueue;
  };
}

/**
 * Every deployed function, with every default in one place: Node.js 22 on arm64, an ESM bundle
 * built by the local esbuild (never Docker) with the options `bundle.ts` also uses, source maps,
 * its own log group with a retention, and a role that may write to that log group and nothing
 * else until something is granted.
 *
 * A plain `lambda.Function` rather than `NodejsFunction`: the latter runs esbuild with
 * `--outfile`, one file, so it cannot split the rarely used dependencies into lazy chunks
 * (function-bundling.ts); here esbuild writes the function's folder itself.
 */
export class PortalFunction extends Construct {
  readonly lambda: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PortalFunctionProps) {
    super(scope, id);

    // Logs expire after a month and go with the stack: they hold request metadata, not records.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role rather than the AWSLambdaBasicExecutionRole managed policy, which may
    // create and write to any log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.lambda = new lambda.Function(this, 'Function', {
      description: props.description,
      code: functionCode(props.handler),
      handler: `${functionBundling.entryNames}.handler`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      ...(reservedConcurrencyOf(this.node) ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      // Active tracing: each invocation's trace id (in every Powertools log line as
      // xray_trace_id) leads to its segments and the AWS SDK calls under them.
      tracing: lambda.Tracing.ACTIVE,
      ...(props.asyncFailure
        ? {
            retryAttempts: props.asyncFailure.retryAttempts,
            maxEventAge: props.asyncFailure.maxEventAge,
            deadLetterQueue: props.asyncFailure.deadLetterQueue,
          }
        : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        ...props.environment,
      },
    });

    const nodeVersionReason =
      'Node.js 22 on purpose: package.json engines, the local server and the esbuild target (function-bundling.ts) are all Node 22, and Node.js 22 is maintained until April 2027. Moving to nodejs24.x is one change here and one there.';
    Validations.of(this.lambda).acknowledge({ id: 'AwsSolutions-L1', reason: nodeVersionReason });
    Validations.of(this.lambda).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: nodeVersionReason });
    if (props.asyncFailure) {
      Validations.of(this.lambda).acknowledge({
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason:
          'An asynchronous invocation given up on goes to the function dead-letter queue (DeadLetterConfig), which alarms; an on-failure destination as well would deliver every failure twice.',
      });
    } else {
      Validations.of(this.lambda).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously (API Gateway, a Cognito trigger) or by an event source mapping (stream, queue), never asynchronously: a function dead-letter queue would never receive anything. The event sources have their own on-failure queues.',
      });
    }
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'xray:PutTraceSegments and xray:PutTelemetryRecords, as active tracing grants them, take no resource ARN; a stream consumer also has dynamodb:ListStreams, which takes none either (DescribeStream, GetRecords and GetShardIterator are granted on the stream ARN alone).',
    });
  }

  /**
   * Grants this function the table access it needs and tells it the table's name, in one call,
   * so that a function can never know a table it may not use, nor use one it does not know.
   */
  bindTable(table: Table, access: TableAccess): void {
    table.grantData(this.role, access);
    const variable: keyof Config = 'TABLE_NAME';
    this.lambda.addEnvironment(variable, table.table.tableName);
  }
}

/**
 * A function's code: esbuild run at synth, on this machine, with the options of
 * function-bundling.ts, into the asset's folder (index.mjs and its chunks). Hashed by what it
 * built, as `NodejsFunction` does, so an unchanged bundle is not uploaded again.
 */
function functionCode(handler: string): lambda.Code {
  return lambda.Code.fromAsset(repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type, never used: local bundling either succeeds or throws.
      image: lambda.Runtime.NODEJS_22_X.bundlingImage,
      // Never run either, but part of the key CDK caches a bundle by: without the handler in
      // it, every function of the app would get the first one's bundle.
      command: ['bundle', handler],
      local: {
        tryBundle(outputDir) {
          // buildSync throws on an error, so Docker is never tried.
          buildSync(functionBuildOptions(handlerEntry(handler), outputDir));
          return true;
        },
      },
    },
  });
}
