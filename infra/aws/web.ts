import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type Api, originSecretHeader } from './api.ts';
import type { CustomDomain } from './settings.ts';

/** The site's Content-Security-Policy: no inline script, and Cognito's hosted UI the only other origin. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https://*.amazoncognito.com",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self' https://*.amazoncognito.com",
].join('; ');

/**
 * Client-side routes (`/referrals/42`) have no file in the bucket: a path whose last segment
 * has no extension gets the app shell. This runs on the default behaviour only, so an API 404
 * stays an API 404 — distribution-wide error responses would have turned it into index.html.
 */
const spaRewrite = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

export interface WebProps {
  /** @default the distribution's own `*.cloudfront.net` name */
  readonly customDomain?: CustomDomain | undefined;
  /** An existing WAFv2 web ACL (scope CLOUDFRONT, us-east-1) in front of everything. */
  readonly webAclArn?: string | undefined;
}

/**
 * Where the browser goes: a private bucket behind CloudFront (origin access control), the
 * security headers on every response, and — once `routeApi` is called — `/api/*` forwarded to
 * the HTTP API, so the app and its API share one origin.
 */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  /** The site bucket as CloudFront's origin: one origin, shared by every behaviour that reads it. */
  private readonly siteOrigin: cloudfront.IOrigin;
  /** The host name users type: the custom domain, or the distribution's own. */
  readonly domainName: string;
  /** `https://<domainName>/`: the sign-in redirect and the stack's SiteUrl output. */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: WebProps = {}) {
    super(scope, id);

    // S3 server access logs and CloudFront standard logs. CloudFront still writes its logs with
    // ACLs, hence object ownership "bucket owner preferred" rather than ACLs disabled.
    this.logBucket = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging its own access would log the log writes.',
    });

    // Only build output lives here (web/dist and config.json), redeployed on every deploy:
    // nothing to keep when the stack goes.
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    this.responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Total Customer security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    const rewrite = new cloudfront.Function(this, 'SpaRewrite', {
      comment: 'Serves index.html for client-side routes',
      code: cloudfront.FunctionCode.fromInline(spaRewrite),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const custom = props.customDomain;
    this.siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Total Customer',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: this.siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America and Europe: where the organisation works, at the lowest price class.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      ...(custom
        ? {
            domainNames: [custom.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', custom.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
    });

    if (!custom) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes; set the domainName and certificateArn context to enforce TLSv1.2_2021. HSTS and HTTPS-only behaviours apply either way.',
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: partners and staff sign in from wherever they work, and every request but the static shell needs a Cognito token.',
    });
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL unless the webAclArn setting names one (docs/deploy.md shows a minimal one with a rate-based rule): it costs a fixed monthly fee and must be created in us-east-1, outside this region-agnostic stack. The API is throttled per route and at the stage, and authenticated by the JWT authorizer.',
      });
    }

    this.domainName = custom?.domainName ?? this.distribution.distributionDomainName;
    this.siteUrl = `https://${this.domainName}/`;
  }

  /**
   * Sends `/api/*` to the HTTP API, uncached, with every viewer header but Host (API Gateway
   * routes on its own host name) and every method: one origin for the app and its API, no CORS.
   * `/api/openapi.json` comes first: the API's document is a file of the web build
   * (web/dist/api/openapi.json), read from the site bucket like the app's own files, so the
   * Lambda never builds it. CloudFront takes the first behaviour whose pattern matches.
   */
  routeApi(api: Api): void {
    this.distribution.addBehavior('/api/openapi.json', this.siteOrigin, {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.responseHeaders,
    });
    this.distribution.addBehavior(
      '/api/*',
      new HttpOrigin(api.originDomainName, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        // Resolved by CloudFormation at deploy (a dynamic reference): the API refuses a request
        // without it, so its execute-api address cannot be used to get past CloudFront and the WAF.
        customHeaders: { [originSecretHeader]: api.originSecret.secretValue.unsafeUnwrap() },
      }),
      {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.responseHeaders,
      },
    );
  }
}
