import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { settingsFromContext } from '../../infra/aws/settings.ts';
import { cdkJsonContext } from './synthesize.ts';

const settings = (context: Record<string, unknown>) => settingsFromContext(new App({ context }).node);

describe('deployment settings', () => {
  it("default to the organisation's time zone and Cognito Plus, as cdk.json says", () => {
    expect(settings(cdkJsonContext())).toEqual({
      orgTimeZone: 'Europe/London',
      cognitoFeaturePlan: 'plus',
      authDomainPrefix: undefined,
      customDomain: undefined,
      alarmEmail: undefined,
      reservedConcurrency: false,
      deletionProtection: false,
    });
  });

  it('take a custom domain only with its certificate', () => {
    expect(() => settings({ domainName: 'portal.example.com' })).toThrow(/set both or neither/);
    expect(
      settings({ domainName: 'portal.example.com', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' }),
    ).toMatchObject({ customDomain: { domainName: 'portal.example.com' } });
  });

  it('refuse a web ACL that CloudFront cannot use, a malformed stack prefix and a flag that is not a boolean', () => {
    // A regional web ACL: CloudFront takes only global ones, which live in us-east-1.
    expect(() => settings({ webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/portal/a1b2' })).toThrow(
      /webAclArn/,
    );
    expect(settings({ webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/portal/a1b2-c3' }).webAclArn).toBe(
      'arn:aws:wafv2:us-east-1:123456789012:global/webacl/portal/a1b2-c3',
    );
    expect(() => settings({ stackPrefix: 'staging_1' })).toThrow(/stackPrefix/);
    expect(() => settings({ reservedConcurrency: 'yes' })).toThrow(/reservedConcurrency/);
    expect(settings({ reservedConcurrency: 'true', deletionProtection: true })).toMatchObject({
      reservedConcurrency: true,
      deletionProtection: true,
    });
    expect(() => settings({ alarmEmail: 'ops' })).toThrow(/alarmEmail/);
  });

  it('refuse an unknown feature plan and a malformed domain prefix', () => {
    expect(() => settings({ cognitoFeaturePlan: 'lite' })).toThrow(/cognitoFeaturePlan/);
    expect(() => settings({ authDomainPrefix: 'Total_Customer' })).toThrow(/authDomainPrefix/);
    expect(settings({ authDomainPrefix: 'acme-portal' }).authDomainPrefix).toBe('acme-portal');
  });

  it('take an OIDC provider with its issuer, client and secret name, verified by `email_verified` unless told otherwise', () => {
    const oidc = {
      federation: 'oidc',
      federationName: 'Okta',
      oidcIssuerUrl: 'https://acme.okta.com',
      oidcClientId: '0oa1',
      oidcClientSecretName: 'total-customer/okta',
    };
    expect(settings(oidc).federation).toEqual({
      type: 'oidc',
      name: 'Okta',
      issuerUrl: 'https://acme.okta.com',
      clientId: '0oa1',
      clientSecretName: 'total-customer/okta',
      emailAttribute: 'email',
      emailVerifiedAttribute: 'email_verified',
      emailDomains: [],
    });
    expect(() => settings({ ...oidc, oidcClientSecretName: undefined })).toThrow(/oidcClientSecretName/);
    expect(() => settings({ ...oidc, oidcIssuerUrl: 'http://acme.okta.com' })).toThrow(/oidcIssuerUrl/);
    expect(() => settings({ ...oidc, federationName: 'Acme IdP' })).toThrow(/federationName/);
  });

  it('take a SAML provider with one source of metadata and some way to know an address is verified', () => {
    const saml = { federation: 'saml', federationName: 'EntraID', samlMetadataUrl: 'https://login.example.com/m.xml' };
    expect(() => settings(saml)).toThrow(/federationEmailDomains/);
    expect(settings({ ...saml, federationEmailDomains: 'Example.com, example.co.uk' }).federation).toEqual({
      type: 'saml',
      name: 'EntraID',
      metadata: { url: 'https://login.example.com/m.xml' },
      emailAttribute: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      emailVerifiedAttribute: undefined,
      emailDomains: ['example.com', 'example.co.uk'],
    });
    expect(() => settings({ ...saml, samlMetadataFile: 'idp.xml', federationEmailDomains: 'example.com' })).toThrow(
      /one of "samlMetadataUrl" and "samlMetadataFile"/,
    );
    expect(() => settings({ ...saml, federationEmailDomains: 'not a domain' })).toThrow(/federationEmailDomains/);
  });

  it('refuse federation settings without a provider type, rather than deploying without it', () => {
    expect(() => settings({ federationName: 'Okta' })).toThrow(/need "federation"/);
    expect(() => settings({ federation: 'ldap', federationName: 'Okta' })).toThrow(/federation/);
    expect(settings({}).federation).toBeUndefined();
  });
});
