import type { Node } from 'constructs';
import * as z from 'zod';

// The shapes of the settings are declared here and imported by the constructs that use them,
// never the other way: settings.ts is read by every construct, so it imports none of them.
export type CognitoFeaturePlan = 'plus' | 'essentials';

export interface CustomDomain {
  readonly domainName: string;
  /** An ACM certificate for `domainName`, in us-east-1 (CloudFront's region). */
  readonly certificateArn: string;
}

/** What one deployment may choose, read from cdk.json's context or `cdk deploy -c key=value`. */
export interface PortalSettings {
  /** `orgTimeZone`: the time zone weeks and SLA deadlines are counted in. */
  readonly orgTimeZone: string;
  /** `authDomainPrefix`: the hosted UI's prefix; by default derived from the account id. */
  readonly authDomainPrefix?: string;
  /** `cognitoFeaturePlan`: `plus` (threat protection, the default) or `essentials`. */
  readonly cognitoFeaturePlan: CognitoFeaturePlan;
  /** `domainName` and `certificateArn` (us-east-1), both or neither. */
  readonly customDomain?: CustomDomain;
  /**
   * `alarmEmail`: subscribed to the alarm topic. Without it the template asks for the
   * `AlarmEmail` parameter, which has no default: no deploy leaves the alarms unread.
   */
  readonly alarmEmail?: string;
  /**
   * `reservedConcurrency`: `true` reserves each function's concurrency (the API 50, the
   * stream consumers 10 each, the scheduled jobs 1 each). Off by default: Lambda keeps 100
   * executions unreserved, and a new account's quota is often 10 (docs/deploy.md).
   */
  readonly reservedConcurrency: boolean;
  /**
   * `deletionProtection`: `true` turns on deletion protection for the table and the user pool.
   * Off by default so that a failed first deploy can roll back (docs/deploy.md).
   */
  readonly deletionProtection: boolean;
  /** `webAclArn`: an existing WAF web ACL (scope CLOUDFRONT, in us-east-1) for the distribution. */
  readonly webAclArn?: string;
  /** `stackPrefix`: put before the stack's name (`<prefix>TotalCustomer`), so two copies fit in one account. */
  readonly stackPrefix?: string;
  /** `mailFrom`: the address notification e-mail is sent from (SES); without it, none is sent. */
  readonly mailFrom?: string;
  /** `mailIdentity`: the verified SES identity `mailFrom` sends as; by default its domain. */
  readonly mailIdentity?: string;
  /**
   * `federation` (`oidc` or `saml`) and the settings named after it: staff sign in with the
   * company's identity provider, matched to their directory user by verified e-mail.
   */
  readonly federation?: FederationSettings;
}

/** The company's identity provider, as docs/deploy.md's "Signing in with the company's identity provider" sets it. */
export type FederationSettings = OidcFederation | SamlFederation;

interface FederationCommon {
  /** `federationName`: the provider's name in Cognito, on the hosted UI's button. */
  readonly name: string;
  /** `federationEmailAttribute`: the IdP's claim or SAML attribute holding the e-mail address. */
  readonly emailAttribute: string;
  /** `federationEmailVerifiedAttribute`: the IdP's claim saying the address is verified (`true`). */
  readonly emailVerifiedAttribute?: string;
  /**
   * `federationEmailDomains` (comma-separated): domains the company's IdP is the authority for;
   * an address there counts as verified without the claim (SAML assertions carry none).
   */
  readonly emailDomains: readonly string[];
}

export interface OidcFederation extends FederationCommon {
  readonly type: 'oidc';
  /** `oidcIssuerUrl`: the issuer, whose `/.well-known/openid-configuration` Cognito reads. */
  readonly issuerUrl: string;
  /** `oidcClientId`: the app's client id at the IdP. */
  readonly clientId: string;
  /** `oidcClientSecretName`: the Secrets Manager secret (name or ARN) holding the client secret as plain text. */
  readonly clientSecretName: string;
}

export interface SamlFederation extends FederationCommon {
  readonly type: 'saml';
  /** `samlMetadataUrl`, or `samlMetadataFile` (read at synth): the IdP's SAML metadata, one of the two. */
  readonly metadata: { readonly url: string } | { readonly file: string };
}

function optionalString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Reads and checks the settings, failing the synth on a malformed one rather than deploying it. */
export function settingsFromContext(node: Node): PortalSettings {
  const plan = optionalString(node, 'cognitoFeaturePlan') ?? 'plus';
  if (plan !== 'plus' && plan !== 'essentials') {
    throw new Error(`Context "cognitoFeaturePlan" must be "plus" or "essentials", got "${plan}"`);
  }
  const prefix = optionalString(node, 'authDomainPrefix');
  if (prefix !== undefined && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
    throw new Error(`Context "authDomainPrefix" must be lower-case letters, digits and hyphens, got "${prefix}"`);
  }
  const domainName = optionalString(node, 'domainName');
  const certificateArn = optionalString(node, 'certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('Context "domainName" and "certificateArn" go together: set both or neither');
  }
  return {
    orgTimeZone: optionalString(node, 'orgTimeZone') ?? 'Europe/London',
    authDomainPrefix: prefix,
    cognitoFeaturePlan: plan,
    customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
    alarmEmail: emailOf(node, 'alarmEmail'),
    mailFrom: emailOf(node, 'mailFrom'),
    mailIdentity: optionalString(node, 'mailIdentity'),
    reservedConcurrency: reservedConcurrencyOf(node),
    deletionProtection: booleanOf(node, 'deletionProtection'),
    webAclArn: webAclArnOf(node),
    stackPrefix: stackPrefixOf(node),
    federation: federationOf(node),
  };
}

/** Read where a construct needs it (PortalFunction) rather than threaded through every construct. */
export function reservedConcurrencyOf(node: Node): boolean {
  return booleanOf(node, 'reservedConcurrency');
}

function booleanOf(node: Node, key: string): boolean {
  const value: unknown = node.tryGetContext(key);
  // `-c key=true` arrives as a string, cdk.json's `true` as a boolean.
  if (value === undefined || value === null || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new Error(`Context "${key}" must be true or false, got ${JSON.stringify(value)}`);
}

function webAclArnOf(node: Node): string | undefined {
  const arn = optionalString(node, 'webAclArn');
  // CloudFront takes only a global web ACL (WAFv2, scope CLOUDFRONT), which lives in us-east-1.
  if (arn !== undefined && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(arn)) {
    throw new Error(
      `Context "webAclArn" must be the ARN of a WAFv2 web ACL of scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>), got "${arn}"`,
    );
  }
  return arn;
}

function stackPrefixOf(node: Node): string | undefined {
  const prefix = optionalString(node, 'stackPrefix');
  // The stack name also prefixes the hosted UI domain and the SES configuration set: letters,
  // digits and hyphens, starting with a letter, as CloudFormation stack names must.
  if (prefix !== undefined && !/^[A-Za-z][A-Za-z0-9-]{0,31}$/.test(prefix)) {
    throw new Error(`Context "stackPrefix" must be a letter then up to 31 letters, digits or hyphens, got "${prefix}"`);
  }
  return prefix;
}

export const emailPattern = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';

function emailOf(node: Node, key: string): string | undefined {
  const address = optionalString(node, key);
  if (address !== undefined && !new RegExp(emailPattern).test(address)) {
    throw new Error(`Context "${key}" must be an e-mail address, got "${address}"`);
  }
  return address;
}

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });
const domainList = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((domain) => domain.trim().toLowerCase())
      .filter((domain) => domain !== ''),
  )
  .pipe(z.array(z.string().regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be domain names')));
const federationCommon = {
  // Cognito's provider names may not start with an underscore or hold spaces; the trigger also
  // finds the name before the first underscore of the federated user's name.
  federationName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, 'must be 2 to 32 letters, digits or hyphens'),
  federationEmailAttribute: z.string().min(1).optional(),
  federationEmailVerifiedAttribute: z.string().min(1).optional(),
  federationEmailDomains: domainList.optional(),
};
const federationSchema = z.discriminatedUnion('federation', [
  z.object({
    federation: z.literal('oidc'),
    ...federationCommon,
    oidcIssuerUrl: httpsUrl,
    oidcClientId: z.string().min(1),
    oidcClientSecretName: z.string().regex(/^[\w/+=.@:-]{1,2048}$/, 'must be a Secrets Manager secret name or ARN'),
  }),
  z.object({
    federation: z.literal('saml'),
    ...federationCommon,
    samlMetadataUrl: httpsUrl.optional(),
    samlMetadataFile: z.string().min(1).optional(),
  }),
]);

const federationKeys = [
  'federation',
  'federationName',
  'federationEmailAttribute',
  'federationEmailVerifiedAttribute',
  'federationEmailDomains',
  'oidcIssuerUrl',
  'oidcClientId',
  'oidcClientSecretName',
  'samlMetadataUrl',
  'samlMetadataFile',
] as const;

function federationOf(node: Node): FederationSettings | undefined {
  const context = Object.fromEntries(
    federationKeys.map((key) => [key, optionalString(node, key)]).filter(([, value]) => value !== undefined),
  );
  if (context.federation === undefined) {
    const stray = Object.keys(context);
    // A provider half set up would otherwise deploy silently without it.
    if (stray.length > 0) throw new Error(`Context ${stray.join(', ')} need "federation": set it to "oidc" or "saml"`);
    return undefined;
  }
  const parsed = federationSchema.safeParse(context);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `"${issue.path.join('.') || 'federation'}" ${issue.message}`);
    throw new Error(`Federation settings: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  const common = {
    name: value.federationName,
    emailDomains: value.federationEmailDomains ?? [],
  };
  if (value.federation === 'oidc') {
    return {
      type: 'oidc',
      ...common,
      emailAttribute: value.federationEmailAttribute ?? 'email',
      // Google and Okta send it; Entra ID sends `xms_edov` when asked to (docs/deploy.md).
      emailVerifiedAttribute: value.federationEmailVerifiedAttribute ?? 'email_verified',
      issuerUrl: value.oidcIssuerUrl,
      clientId: value.oidcClientId,
      clientSecretName: value.oidcClientSecretName,
    };
  }
  if ((value.samlMetadataUrl === undefined) === (value.samlMetadataFile === undefined)) {
    throw new Error('Federation settings: set one of "samlMetadataUrl" and "samlMetadataFile"');
  }
  if (value.federationEmailVerifiedAttribute === undefined && common.emailDomains.length === 0) {
    // A SAML assertion says nothing of verification: without one of these nobody could sign in.
    throw new Error(
      'Federation settings: with SAML, set "federationEmailDomains" (the domains the IdP is the authority for) or "federationEmailVerifiedAttribute"',
    );
  }
  return {
    type: 'saml',
    ...common,
    emailAttribute:
      value.federationEmailAttribute ?? 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    emailVerifiedAttribute: value.federationEmailVerifiedAttribute,
    metadata: value.samlMetadataUrl ? { url: value.samlMetadataUrl } : { file: value.samlMetadataFile ?? '' },
  };
}
