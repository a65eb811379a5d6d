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
    });
  });

  it('take a custom domain only with its certificate', () => {
    expect(() => settings({ domainName: 'portal.example.com' })).toThrow(/set both or neither/);
    expect(
      settings({ domainName: 'portal.example.com', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' }),
    ).toMatchObject({ customDomain: { domainName: 'portal.example.com' } });
  });

  it('refuse an unknown feature plan and a malformed domain prefix', () => {
    expect(() => settings({ cognitoFeaturePlan: 'lite' })).toThrow(/cognitoFeaturePlan/);
    expect(() => settings({ authDomainPrefix: 'Total_Customer' })).toThrow(/authDomainPrefix/);
    expect(settings({ authDomainPrefix: 'acme-portal' }).authDomainPrefix).toBe('acme-portal');
  });
});
