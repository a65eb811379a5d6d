import { ForbiddenError } from '#domain/errors.ts';

/**
 * A sign-in at the company's identity provider that the portal will not link to anyone. Its
 * message is what the person sees (Cognito shows it on the hosted UI, and the web app after the
 * redirect), so it says what to do.
 */
export class FederatedSignInRefused extends ForbiddenError {}

/** What the deployment trusts of its identity provider (the `federation…` settings). */
export interface FederationPolicy {
  /** The provider's name in Cognito: federated users are named `<name>_<subject>`. */
  readonly providerName: string;
  /**
   * Domains the company's IdP is the authority for: an address there counts as verified
   * without an `email_verified` claim, which SAML assertions never carry.
   */
  readonly emailDomains: readonly string[];
}

/** The person the IdP vouches for, as Cognito hands it to the pre-sign-up trigger. */
export interface FederatedIdentity {
  readonly providerName: string;
  /** The IdP's subject (OIDC `sub`, SAML NameID): what Cognito links as `Cognito_Subject`. */
  readonly subject: string;
  /** Lower-cased, verified: the only key the directory is searched by. */
  readonly email: string;
}

/**
 * The identity behind a federated user's name and mapped attributes, or a refusal. The e-mail
 * address must be verified: matching on an address anyone could type into their IdP profile
 * would let them take over the directory user who owns it.
 */
export function federatedIdentityOf(
  userName: string,
  attributes: Readonly<Record<string, string | undefined>>,
  policy: FederationPolicy,
): FederatedIdentity {
  const prefix = `${policy.providerName}_`;
  // Cognito keeps the provider's name as configured, but its case is not documented to be kept.
  if (!userName.toLowerCase().startsWith(prefix.toLowerCase()) || userName.length === prefix.length) {
    throw new FederatedSignInRefused(`Sign-ins from this identity provider are not accepted here (${userName}).`);
  }
  const email = attributes.email?.trim().toLowerCase();
  if (!email) {
    throw new FederatedSignInRefused(
      `${policy.providerName} sent no e-mail address: ask your administrator to release it to Total Customer.`,
    );
  }
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const verified = attributes.email_verified?.toLowerCase() === 'true' || policy.emailDomains.includes(domain);
  if (!verified) {
    throw new FederatedSignInRefused(
      `${policy.providerName} has not verified the e-mail address ${email}, so it cannot be matched to a Total Customer user: ask your administrator.`,
    );
  }
  return { providerName: policy.providerName, subject: userName.slice(prefix.length), email };
}
