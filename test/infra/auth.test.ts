import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, propertiesOf, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

let portal: SynthesizedPortal;
beforeAll(() => {
  portal = synthesizePortal();
});

describe('the user pool', () => {
  it('lets only administrators create users, who sign in with their email', () => {
    portal.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    });
  });

  it('has a strong password policy, TOTP MFA required of everyone and enforced threat protection', () => {
    portal.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      // On with the deletionProtection setting, once the first deploy has succeeded.
      DeletionProtection: 'INACTIVE',
    });
  });

  it('carries the team and partner custom attributes', () => {
    portal.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'team_id', AttributeDataType: 'String' }),
        Match.objectLike({ Name: 'partner_id', AttributeDataType: 'String' }),
      ]),
    });
  });

  it('is retained when the stack is deleted or the pool replaced, not when the first create fails', () => {
    portal.template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('has the four role groups', () => {
    const groups = Object.values(portal.template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => (group.Properties as { GroupName: string }).GroupName,
    );
    expect(groups.sort()).toEqual(['advocate', 'leader', 'partner', 'staff']);
  });
});

describe('the web client', () => {
  it('is a public client using the authorization code flow back to the site', () => {
    const siteUrl = {
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [logicalId(portal.stack, portal.stack.web.distribution), 'DomainName'] }, '/'],
      ],
    };
    portal.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [siteUrl],
      LogoutURLs: [siteUrl],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('cannot write the team or partner attributes: only administrators move users', () => {
    const writable = propertiesOf<{ WriteAttributes: string[] }>(
      portal.template,
      'AWS::Cognito::UserPoolClient',
    ).WriteAttributes;
    expect(writable).not.toContain('custom:team_id');
    expect(writable).not.toContain('custom:partner_id');
  });

  it('signs in with passwords only without the federation setting: no identity provider, no trigger', () => {
    portal.template.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 0);
    portal.template.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: Match.absent() });
    expect(portal.stack.federatedSignUp).toBeUndefined();
    expect(Object.keys(portal.template.findOutputs('FederationRedirectUrl'))).toEqual([]);
  });

  it('signs in on a hosted UI domain derived from the stack name and the account', () => {
    portal.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['totalcustomer-', { Ref: 'AWS::AccountId' }]] },
    });
  });
});

describe('on the Essentials plan', () => {
  let essentials: SynthesizedPortal;
  beforeAll(() => {
    // Synthesising at all shows the missing threat protection is acknowledged, not ignored.
    essentials = synthesizePortal({ cognitoFeaturePlan: 'essentials' });
  });

  it('runs without threat protection', () => {
    essentials.template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
  });
});
