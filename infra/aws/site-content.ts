import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, DefaultStackSynthesizer, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { AppConfig, CognitoAuthConfig } from '../../web/src/auth/app-config.ts';
import type { Auth } from './auth.ts';
import type { Web } from './web.ts';

export interface SiteContentProps {
  readonly web: Web;
  readonly auth: Auth;
  /** The built app (`npm run build:web` writes web/dist). */
  readonly distPath: string;
}

/**
 * Uploads the built app and its `config.json` to the site bucket and invalidates CloudFront.
 * Without a build (a fresh clone, the infra tests) it uploads a placeholder page rather than
 * failing the synth.
 */
export class SiteContent extends Construct {
  readonly deployment: s3deploy.BucketDeployment;
  /**
   * What the app fetches from `/config.json` at start-up (the web app's own contract): where to
   * sign in. Written at deploy time, since the client id and hosted UI exist only once deployed.
   */
  readonly config: AppConfig & { readonly auth: CognitoAuthConfig };

  constructor(scope: Construct, id: string, props: SiteContentProps) {
    super(scope, id);

    const built = existsSync(join(props.distPath, 'index.html'));
    if (!built) {
      Annotations.of(this).addWarningV2(
        'total-customer:web-not-built',
        `${props.distPath} has no index.html: deploying a placeholder page. Run \`npm run build:web\` first.`,
      );
    }

    this.config = {
      auth: {
        mode: 'cognito',
        domain: props.auth.hostedUiUrl,
        clientId: props.auth.client.userPoolClientId,
        redirectUri: props.web.siteUrl,
      },
    } satisfies AppConfig;

    // The deployment's own role and log group, as for our functions: no managed policy, and
    // logs that expire.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the web app to the site bucket',
    });
    logGroup.grantWrite(role);

    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [
        s3deploy.Source.asset(built ? props.distPath : placeholderDir()),
        s3deploy.Source.jsonData('config.json', this.config),
      ],
      destinationBucket: props.web.bucket,
      distribution: props.web.distribution,
      distributionPaths: ['/*'],
      // Revalidate with the ETag on every load: a stale index.html or config.json after a
      // deploy would point at bundles or a client that no longer exist.
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: 512,
      role,
      logGroup,
    });

    this.acknowledgeDeploymentFindings(role, props.web.bucket);
  }

  /**
   * BucketDeployment writes its own policy: the grants below are CDK's, scoped to the bootstrap
   * asset bucket (read) and the site bucket (read, write, prune), and the role is this
   * deployment's alone.
   */
  private acknowledgeDeploymentFindings(role: iam.Role, siteBucket: s3.Bucket): void {
    const stack = Stack.of(this);
    const siteBucketId = stack.getLogicalId(siteBucket.node.defaultChild as s3.CfnBucket);
    const assetBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
    const findings: Record<string, string> = {
      'Action::s3:GetBucket*': 'CDK grants read on the asset bucket and the site bucket with s3:GetBucket*.',
      'Action::s3:GetObject*': 'CDK grants read on the asset bucket and the site bucket with s3:GetObject*.',
      'Action::s3:List*': 'Listing the site bucket is how the deployment finds files to prune.',
      'Action::s3:Abort*': 'Aborting its own multipart uploads to the site bucket when a copy fails.',
      'Action::s3:DeleteObject*': 'Pruning files of the previous build from the site bucket.',
      [`Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*`]:
        'The zipped build is an object in the CDK bootstrap asset bucket, under a key known only at deploy time.',
      [`Resource::<${siteBucketId}.Arn>/*`]:
        'The deployment writes every object of the site bucket: it owns its content.',
      'Resource::*':
        'CloudFront invalidation (cloudfront:CreateInvalidation, GetInvalidation) as granted by BucketDeployment, after each upload.',
    };
    for (const [finding, reason] of Object.entries(findings)) {
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }

    // The handler is a singleton at the stack's root, not under this construct.
    for (const child of stack.node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        const runtime =
          "BucketDeployment's handler is CDK's own Python function; its runtime is chosen by aws-cdk-lib and moves with it.";
        Validations.of(child).acknowledge({ id: 'AwsSolutions-L1', reason: runtime });
        Validations.of(child).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: runtime });
        Validations.of(child).acknowledge({
          id: 'Serverless-LambdaTracing',
          reason:
            "BucketDeployment's handler is CDK's own function, run once per deploy by CloudFormation: a trace would show S3 copies, which its log group already records.",
        });
        Validations.of(child).acknowledge({
          id: 'Serverless-LambdaDLQ',
          reason:
            'Invoked synchronously by the CloudFormation custom resource provider, which fails the deploy on error: nothing is ever given up on asynchronously.',
        });
      }
    }
  }
}

/** A one-page stand-in for web/dist, written to a temporary directory. */
function placeholderDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'total-customer-web-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Total Customer</title>' +
      '<p>The web app was not built when this stack was deployed. Run <code>npm run build:web</code>, then deploy again.</p></html>',
  );
  return dir;
}
