import { fileURLToPath } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type SynthesizedPortal, synthesizePortal } from './synthesize.ts';

const oidcSettings = {
  federation: 'oidc',
  federationName: 'EntraID',
  oidcIssuerUrl: 'https://login.microsoftonline.com/00000000-0000-4000-8000-000000000000/v2.0',
  oidcClientId: '11111111-2222-4333-8444-555555555555',
  oidcClientSecretName: 'total-customer/oidc-client-secret',
  federationEmailVerifiedAttribute: 'xms_edov',
};
const samlSettings = {
  federation: 'saml',
  federationName: 'Okta',
  samlMetadataFile: fileURLToPath(new URL('./fixtures/saml-metadata.xml', import.meta.url)),
  federationEmailDomains: 'example.com, example.co.uk',
};

// One synthesis per provider (esbuild bundles every function, cdk-nag runs as a validation
// plugin and throws on an unacknowledged finding). The budget is for two busy cores: it catches
// a hang, it measures nothing. Without federation: auth.test.ts.
const synthBudget = 600_000;
let oidc: SynthesizedPortal;
let saml: SynthesizedPortal;

const nagFindings = (portal: SynthesizedPortal) =>
  [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack.validateScope(portal.app).violations.map((violation) => violation.ruleName),
  );

const providerRef = (portal: SynthesizedPortal) => ({
  Ref: logicalId(portal.stack, portal.stack.auth.identityProvider as never),
});

const triggerOf = (portal: SynthesizedPortal) => {
  const trigger = portal.stack.federatedSignUp?.handler.lambda;
  if (!trigger) throw new Error('no federated sign-up trigger');
  return { 'Fn::GetAtt': [logicalId(portal.stack, trigger), 'Arn'] };
};

describe('with an OIDC identity provider', () => {
  beforeAll(() => {
    oidc = synthesizePortal(oidcSettings);
  }, synthBudget);

  it('registers the provider with its issuer and client, the secret as a Secrets Manager reference', () => {
    oidc.template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'EntraID',
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: oidcSettings.oidcClientId,
        client_secret: '{{resolve:secretsmanager:total-customer/oidc-client-secret:SecretString:::}}',
        oidc_issuer: oidcSettings.oidcIssuerUrl,
        authorize_scopes: 'openid email profile',
        attributes_request_method: 'GET',
      },
    });
  });

  it('maps the e-mail, its verification and the name, and nothing that could carry a role or team', () => {
    const [provider] = Object.values(oidc.template.findResources('AWS::Cognito::UserPoolIdentityProvider'));
    expect(provider?.Properties.AttributeMapping).toEqual({ email: 'email', email_verified: 'xms_edov', name: 'name' });
  });

  it('lists the provider on the web client beside the password sign-in, after the provider exists', () => {
    oidc.template.hasResource('AWS::Cognito::UserPoolClient', {
      // By reference: the provider's Ref is its name, and CloudFormation creates it first.
      Properties: Match.objectLike({ SupportedIdentityProviders: ['COGNITO', providerRef(oidc)] }),
      DependsOn: Match.arrayWith([logicalId(oidc.stack, oidc.stack.auth.identityProvider as never)]),
    });
  });

  it('links first sign-ins through the pre-sign-up trigger, which may read the table and link in this pool only', () => {
    oidc.template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreSignUp: triggerOf(oidc) },
    });
    oidc.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ FEDERATION_PROVIDER_NAME: 'EntraID', FEDERATION_EMAIL_DOMAINS: '' }),
      },
    });
    oidc.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminLinkProviderForUser'],
            Resource: { 'Fn::GetAtt': [logicalId(oidc.stack, oidc.stack.auth.userPool), 'Arn'] },
          },
        ],
      },
    });
    oidc.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: triggerOf(oidc),
    });
  });

  it('never holds a client secret in clear', () => {
    const template = JSON.stringify(oidc.template.toJSON());
    expect(template).not.toMatch(/"client_secret":"(?!\{\{resolve:secretsmanager:)/);
  });

  it('outputs the redirect URI to register at the provider', () => {
    oidc.template.hasOutput('FederationRedirectUrl', {
      Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/oauth2/idpresponse$')])] }),
    });
  });

  it('leaves no cdk-nag finding (AwsSolutions, Serverless) unacknowledged', () => {
    expect(nagFindings(oidc)).toEqual([]);
  });

  it('alarms on the trigger’s errors like every other function', () => {
    oidc.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [
        {
          Name: 'FunctionName',
          Value: { Ref: logicalId(oidc.stack, oidc.stack.federatedSignUp?.handler.lambda as never) },
        },
      ],
    });
  });
});

describe('with a SAML identity provider', () => {
  beforeAll(() => {
    saml = synthesizePortal(samlSettings);
  }, synthBudget);

  it('registers the provider from its metadata, mapping the e-mail claim, with sign-out at the IdP', () => {
    saml.template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Okta',
      ProviderType: 'SAML',
      ProviderDetails: Match.objectLike({
        MetadataFile: Match.stringLikeRegexp('entityID="https://idp.example.com/saml"'),
        IDPSignout: true,
      }),
      AttributeMapping: {
        email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
        name: 'http://schemas.microsoft.com/identity/claims/displayname',
      },
    });
  });

  it('lists the provider on the web client and trusts the IdP for its own domains', () => {
    saml.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      SupportedIdentityProviders: ['COGNITO', providerRef(saml)],
    });
    saml.template.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { PreSignUp: triggerOf(saml) } });
    saml.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          FEDERATION_PROVIDER_NAME: 'Okta',
          FEDERATION_EMAIL_DOMAINS: 'example.com,example.co.uk',
        }),
      },
    });
  });

  it('leaves no cdk-nag finding (AwsSolutions, Serverless) unacknowledged', () => {
    expect(nagFindings(saml)).toEqual([]);
  });

  it('outputs the assertion consumer service URL and the entity id to register at the provider', () => {
    saml.template.hasOutput('FederationRedirectUrl', {
      Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/saml2/idpresponse$')])] }),
    });
    saml.template.hasOutput('SamlEntityId', {
      Value: {
        'Fn::Join': ['', ['urn:amazon:cognito:sp:', { Ref: logicalId(saml.stack, saml.stack.auth.userPool) }]],
      },
    });
  });
});
