import { resolve } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Config } from '#lib/config.ts';
import { functionBundling, handlerEntry, repoRoot } from './function-bundling.ts';
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
   * Reserved concurrency: at most this many run at once, and this many are always available.
   * It caps what one function can cost and what load it can put on the table, and keeps the
   * others from being starved by it. (The account's Lambda concurrency quota must leave 100
   * unreserved after the sum of these; a new account's quota of 10 needs raising first.)
   */
  readonly reservedConcurrency: number;
}

/**
 * Every deployed function, with every default in one place: Node.js 22 on arm64, an ESM bundle
 * built by the local esbuild (never Docker) with the options `bundle.ts` also uses, source maps,
 * its own log group with a retention, and a role that may write to that log group and nothing
 * else until something is granted.
 */
export class PortalFunction extends Construct {
  readonly lambda: NodejsFunction;
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

    this.lambda = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: handlerEntry(props.handler),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency,
      projectRoot: repoRoot,
      depsLockFilePath: resolve(repoRoot, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: functionBundling.target,
        minify: functionBundling.minify,
        sourceMap: functionBundling.sourcemap,
        sourcesContent: functionBundling.sourcesContent,
        mainFields: [...functionBundling.mainFields],
        externalModules: [...functionBundling.external],
        banner: functionBundling.banner,
        esbuildArgs: Object.fromEntries(
          Object.entries(functionBundling.alias).map(([name, path]) => [`--alias:${name}`, path]),
        ),
      },
    });

    Validations.of(this.lambda).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose: package.json engines, the local server and the esbuild target (function-bundling.ts) are all Node 22, and Node.js 22 is maintained until April 2027. Moving to nodejs24.x is one change here and one there.',
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
