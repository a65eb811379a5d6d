import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, propertiesOf, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

// CloudFront's managed policies, by id.
const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const allViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let portal: SynthesizedPortal;
beforeAll(() => {
  portal = synthesizePortal();
});

interface CacheBehavior {
  PathPattern?: string;
  [key: string]: unknown;
}

function distributionConfig(): { CacheBehaviors: CacheBehavior[]; DefaultCacheBehavior: CacheBehavior } & Record<
  string,
  unknown
> {
  return propertiesOf<{ DistributionConfig: ReturnType<typeof distributionConfig> }>(
    portal.template,
    'AWS::CloudFront::Distribution',
  ).DistributionConfig;
}

describe('the site bucket', () => {
  it('is private, encrypted, SSL-only and logs access', () => {
    const site = logicalId(portal.stack, portal.stack.web.bucket);
    portal.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(portal.stack, portal.stack.web.logBucket) } },
    });
    portal.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: site },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
          }),
        ]),
      },
    });
  });
});

describe('the distribution', () => {
  it('serves the bucket through origin access control, index.html at the root, HTTPS only', () => {
    const config = distributionConfig();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Origins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          DomainName: { 'Fn::GetAtt': [logicalId(portal.stack, portal.stack.web.bucket), 'RegionalDomainName'] },
          OriginAccessControlId: expect.anything(),
        }),
      ]),
    );
    expect(config.Logging).toEqual(expect.objectContaining({ Prefix: 'cloudfront/' }));
  });

  it('has no error responses, which would turn API 404s into index.html', () => {
    expect(distributionConfig().CustomErrorResponses).toBeUndefined();
  });

  it('rewrites client-side routes to index.html on the default behaviour only', () => {
    const config = distributionConfig();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^WebSpaRewrite/), 'FunctionARN'] },
      },
    ]);
    for (const behavior of config.CacheBehaviors) {
      expect(behavior.FunctionAssociations).toBeUndefined();
    }

    const code = propertiesOf<{ FunctionCode: string }>(portal.template, 'AWS::CloudFront::Function').FunctionCode;
    const handler = new Function(`${code}; return handler;`)() as (event: { request: { uri: string } }) => {
      uri: string;
    };
    const rewrite = (uri: string) => handler({ request: { uri } }).uri;
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/referrals/01J9ZK3')).toBe('/index.html');
    expect(rewrite('/scorecard')).toBe('/index.html');
    expect(rewrite('/app-KP57XYQ2.js')).toBe('/app-KP57XYQ2.js');
    expect(rewrite('/config.json')).toBe('/config.json');
  });

  it('forwards /api/* to the HTTP API, uncached, every method, every header but Host', () => {
    const api = distributionConfig().CacheBehaviors.find((behavior) => behavior.PathPattern === '/api/*');
    expect(api).toEqual(
      expect.objectContaining({
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: cachingDisabled,
        OriginRequestPolicyId: allViewerExceptHostHeader,
        ViewerProtocolPolicy: 'https-only',
        ResponseHeadersPolicyId: { Ref: logicalId(portal.stack, portal.stack.web.responseHeaders) },
      }),
    );
    const origins = distributionConfig().Origins as { Id: string; DomainName: unknown; CustomOriginConfig?: unknown }[];
    const apiOrigin = origins.find((origin) => origin.Id === api?.TargetOriginId);
    expect(apiOrigin).toEqual(
      expect.objectContaining({
        DomainName: {
          'Fn::Select': [
            2,
            {
              'Fn::Split': ['/', { 'Fn::GetAtt': [logicalId(portal.stack, portal.stack.api.httpApi), 'ApiEndpoint'] }],
            },
          ],
        },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      }),
    );
  });

  it('serves /api/openapi.json from the site bucket, ahead of /api/*: the web build’s file, not the API', () => {
    const config = distributionConfig();
    const patterns = config.CacheBehaviors.map((behavior) => behavior.PathPattern);
    const document = config.CacheBehaviors.find((behavior) => behavior.PathPattern === '/api/openapi.json');

    expect(patterns.indexOf('/api/openapi.json')).toBeGreaterThanOrEqual(0);
    expect(patterns.indexOf('/api/openapi.json')).toBeLessThan(patterns.indexOf('/api/*'));
    expect(document).toEqual(
      expect.objectContaining({
        // The same origin as the app's files: one bucket, one origin access control.
        TargetOriginId: config.DefaultCacheBehavior.TargetOriginId,
        AllowedMethods: ['GET', 'HEAD'],
        ViewerProtocolPolicy: 'https-only',
      }),
    );
    // The client-side route rewrite is the default behaviour's alone.
    expect(document?.FunctionAssociations).toBeUndefined();
    expect((config.Origins as unknown[]).length).toBe(2);
  });

  it('adds the security headers to every response', () => {
    portal.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy:
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https://*.amazoncognito.com; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' https://*.amazoncognito.com",
            Override: true,
          },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63_072_000,
            IncludeSubdomains: true,
            Preload: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
    const config = distributionConfig();
    const policy = { Ref: logicalId(portal.stack, portal.stack.web.responseHeaders) };
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policy);
    for (const behavior of config.CacheBehaviors) {
      expect(behavior.ResponseHeadersPolicyId).toEqual(policy);
    }
  });
});

describe('the site content', () => {
  /** `{ Ref: X }` → `<Ref X>`, `{ 'Fn::GetAtt': [X, Y] }` → `<X.Y>`: readable stand-ins for deploy-time values. */
  function placeholder(value: unknown): string {
    const token = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (token.Ref) return `<Ref ${token.Ref}>`;
    if (token['Fn::GetAtt']) return `<${token['Fn::GetAtt'].join('.')}>`;
    throw new Error(`Unexpected marker value ${JSON.stringify(value)}`);
  }

  it('deploys the built app and a config.json telling it where to sign in, then invalidates', () => {
    const properties = propertiesOf<{
      SourceObjectKeys: string[];
      SourceMarkers: Record<string, unknown>[];
      DistributionPaths: string[];
    }>(portal.template, 'Custom::CDKBucketDeployment');
    expect(properties.DistributionPaths).toEqual(['/*']);

    // Source.jsonData stages config.json with markers that the deployment replaces by the
    // deploy-time values listed in SourceMarkers.
    const assetDirs = properties.SourceObjectKeys.map((key) =>
      join(portal.app.outdir, `asset.${key.replace(/\.zip$/, '')}`),
    );
    const index = assetDirs.findIndex((dir) => existsSync(join(dir, 'config.json')));
    expect(index).toBeGreaterThanOrEqual(0);
    let text = readFileSync(join(assetDirs[index] ?? '', 'config.json'), 'utf8');
    for (const [marker, value] of Object.entries(properties.SourceMarkers[index] ?? {})) {
      text = text.replaceAll(marker, placeholder(value));
    }

    const id = (construct: Parameters<typeof logicalId>[1]) => logicalId(portal.stack, construct);
    expect(JSON.parse(text)).toEqual({
      auth: {
        mode: 'cognito',
        domain: `https://<Ref ${id(portal.stack.auth.domain)}>.auth.<Ref AWS::Region>.amazoncognito.com`,
        clientId: `<Ref ${id(portal.stack.auth.client)}>`,
        redirectUri: `https://<${id(portal.stack.web.distribution)}.DomainName>/`,
      },
    });
  });
});

// One more synthesis for both variations, to keep the suite quick.
describe('with a custom domain and no web build', () => {
  let custom: SynthesizedPortal;
  beforeAll(() => {
    custom = synthesizePortal(
      {
        domainName: 'portal.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
      },
      { webDistPath: join(tmpdir(), 'total-customer-no-such-build') },
    );
  });

  it('serves it with its certificate and TLS 1.2 at least, and signs users back in there', () => {
    custom.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['portal.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    });
    custom.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://portal.example.com/'],
    });
  });

  it('deploys a placeholder page instead of failing, and says so', () => {
    const keys = propertiesOf<{ SourceObjectKeys: string[] }>(
      custom.template,
      'Custom::CDKBucketDeployment',
    ).SourceObjectKeys;
    const pages = keys
      .map((key) => join(custom.app.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.html'))
      .filter((page) => existsSync(page));
    expect(pages).toHaveLength(1);
    expect(readFileSync(pages[0] ?? '', 'utf8')).toContain('npm run build:web');
    Annotations.fromStack(custom.stack).hasWarning(
      '/TotalCustomer/SiteContent',
      Match.stringLikeRegexp('deploying a placeholder page'),
    );
  });
});
