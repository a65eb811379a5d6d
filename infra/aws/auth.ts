import { readFileSync } from 'node:fs';
import { Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { CognitoFeaturePlan, FederationSettings } from './settings.ts';

/** The portal's roles, one Cognito group each. The app reads `cognito:groups`; API Gateway does not. */
export const portalGroups = [
  { name: 'leader', description: 'Sees everything; administers teams, partners and users.' },
  { name: 'staff', description: 'Works what their team sends, receives or owns.' },
  { name: 'advocate', description: 'Sees and refers their own customers.' },
  { name: 'partner', description: "Refers customers and sees only their organisation's referrals." },
] as const;

export interface AuthProps {
  /** The site's URL (`https://…/`): where the hosted UI sends users back after sign-in and sign-out. */
  readonly siteUrl: string;
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /**
   * `plus` turns on threat protection (compromised credentials, adaptive authentication) in
   * enforcing mode, at a higher price per monthly active user than `essentials`.
   */
  readonly featurePlan: CognitoFeaturePlan;
  /** Deletion protection on the pool (the `deletionProtection` setting). */
  readonly deletionProtection: boolean;
  /**
   * Cognito's e-mail (invitations, password resets) through SES from this address, counted in
   * this configuration set; without it, Cognito's own sender, limited to 50 e-mails a day.
   */
  readonly mail?: { readonly from: string; readonly identityArn: string; readonly configurationSetName: string };
  /** The company's identity provider, listed on the hosted UI beside the password sign-in. */
  readonly federation?: FederationSettings | undefined;
}

/**
 * Who may sign in: a user pool that only administrators add users to, the four role groups,
 * the team and partner attributes, and the public client the single-page app signs in with
 * (authorization code with PKCE through the hosted UI, no client secret).
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The issuer of the pool's tokens, which the API's JWT authorizer and the app both check. */
  readonly issuer: string;
  /** The hosted UI's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly hostedUiUrl: string;
  /** The company's identity provider, with the `federation` setting. */
  readonly identityProvider: cognito.UserPoolIdentityProviderOidc | cognito.UserPoolIdentityProviderSaml | undefined;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    const plus = props.featurePlan === 'plus';
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Leaders add users (docs/deploy.md): nobody signs themselves up to see referrals.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        team_id: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        partner_id: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Everyone, leaders first: they manage accounts and can export every record. A new user
      // enrols an authenticator app in the hosted UI at first sign-in, right after choosing a
      // password. TOTP only: SMS would need an SNS origination identity and costs per message.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: 'Your Total Customer account',
        emailBody: `You have been invited to Total Customer. Sign in at ${props.siteUrl} as {username} with the temporary password {####}, then choose your own.`,
      },
      featurePlan: plus ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(plus ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      ...(props.mail
        ? {
            email: cognito.UserPoolEmail.withSES({
              fromEmail: props.mail.from,
              fromName: 'Total Customer',
              configurationSetName: props.mail.configurationSetName,
              // The stack is region-agnostic: the identity is in the region it is deployed to.
              sesRegion: Stack.of(this).region,
            }),
          }
        : {}),
      deletionProtection: props.deletionProtection,
      // Users outlive the stack, like the table whose records carry their ids; a failed first
      // create deletes the new, empty pool so that the next attempt starts clean.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    if (props.mail) {
      // The identity may be the sender's domain, a parent domain or the address itself; the L2
      // knows only the first and the last.
      (this.userPool.node.defaultChild as cognito.CfnUserPool).addPropertyOverride(
        'EmailConfiguration.SourceArn',
        props.mail.identityArn,
      );
    }

    if (!plus) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'The Essentials plan was chosen in context (cognitoFeaturePlan) to avoid the Plus price per active user; threat protection is then off.',
      });
    }

    portalGroups.forEach((group, precedence) => {
      this.userPool.addGroup(`Group-${group.name}`, {
        groupName: group.name,
        description: group.description,
        precedence,
      });
    });

    this.identityProvider = props.federation ? this.addIdentityProvider(props.federation) : undefined;

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      // A single-page app cannot keep a secret: it is a public client, and PKCE protects the code.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [props.siteUrl],
        logoutUrls: [props.siteUrl],
      },
      // Passwords stay: partners and advocates are not in the company's directory, and the first
      // leader signs in before anyone is linked.
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
        ...(this.identityProvider
          ? [cognito.UserPoolClientIdentityProvider.custom(this.identityProvider.providerName)]
          : []),
      ],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // Users must not move themselves to another team or partner organisation: the custom
      // attributes are readable but only administrators (admin-update-user-attributes) write them.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    // The client names the provider by name only: without this, CloudFormation may create the
    // client first and fail on a provider that does not exist yet.
    if (this.identityProvider) this.client.node.addDependency(this.identityProvider);

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    const stack = Stack.of(this);
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.hostedUiUrl = this.domain.baseUrl();
  }

  /**
   * Only e-mail, its verification and the name are mapped: the role, team and organisation come
   * from the directory (the federated-sign-up trigger links the sign-in to the user it finds),
   * never from what the IdP says.
   */
  private addIdentityProvider(
    federation: FederationSettings,
  ): cognito.UserPoolIdentityProviderOidc | cognito.UserPoolIdentityProviderSaml {
    const attributeMapping: cognito.AttributeMapping = {
      email: cognito.ProviderAttribute.other(federation.emailAttribute),
      ...(federation.emailVerifiedAttribute
        ? { emailVerified: cognito.ProviderAttribute.other(federation.emailVerifiedAttribute) }
        : {}),
      ...(federation.type === 'oidc'
        ? { fullname: cognito.ProviderAttribute.other('name') }
        : { fullname: cognito.ProviderAttribute.other('http://schemas.microsoft.com/identity/claims/displayname') }),
    };
    if (federation.type === 'oidc') {
      return new cognito.UserPoolIdentityProviderOidc(this, 'CompanyIdp', {
        userPool: this.userPool,
        name: federation.name,
        issuerUrl: federation.issuerUrl,
        clientId: federation.clientId,
        // A dynamic reference that CloudFormation resolves at deploy: the template, the CDK
        // output and the stack's events never hold the secret itself.
        clientSecret: SecretValue.secretsManager(federation.clientSecretName).unsafeUnwrap(),
        scopes: ['openid', 'email', 'profile'],
        attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
        attributeMapping,
      });
    }
    return new cognito.UserPoolIdentityProviderSaml(this, 'CompanyIdp', {
      userPool: this.userPool,
      name: federation.name,
      metadata:
        'url' in federation.metadata
          ? cognito.UserPoolIdentityProviderSamlMetadata.url(federation.metadata.url)
          : cognito.UserPoolIdentityProviderSamlMetadata.file(readFileSync(federation.metadata.file, 'utf8')),
      // Signing out of the portal signs out of the IdP's session too, for a shared computer.
      idpSignout: true,
      attributeMapping,
    });
  }
}
