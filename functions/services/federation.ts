import type { Db } from '#data/client.ts';
import { userRepository } from '#data/directory-repository.ts';
import type { IdentityAccounts } from '#data/identity-accounts.ts';
import { userIdByEmail } from '#data/user-email.ts';
import type { User } from '#domain/directory/schemas.ts';
import { type FederatedIdentity, FederatedSignInRefused } from '#domain/identity/federation.ts';

/**
 * The directory user a federated identity is: the active user with its verified e-mail address.
 * The directory decides who may come in and with which role; the IdP only proves the address.
 */
export async function directoryUserFor(db: Db, identity: FederatedIdentity): Promise<User> {
  const id = await userIdByEmail(db, identity.email);
  const user = id ? await userRepository.get(db, id) : undefined;
  if (!user) {
    throw new FederatedSignInRefused(
      `No Total Customer user has the e-mail address ${identity.email}: ask a leader to add you, then sign in again.`,
    );
  }
  if (!user.active) {
    throw new FederatedSignInRefused('Your Total Customer user is deactivated: ask a leader if you need it back.');
  }
  return user;
}

/**
 * A first sign-in at the company's IdP: links it to the sign-in account of the directory user it
 * matches, so that Cognito signs the person in as that account (its `sub` is the user's id, its
 * group the user's role) and never creates a second, unknown user. Later sign-ins skip this:
 * Cognito follows the link, and the API checks the directory on every request.
 */
export async function linkFederatedSignIn(
  ctx: { readonly db: Db; readonly accounts: Required<Pick<IdentityAccounts, 'link'>> },
  identity: FederatedIdentity,
): Promise<User> {
  const user = await directoryUserFor(ctx.db, identity);
  await ctx.accounts.link(user, { providerName: identity.providerName, subject: identity.subject });
  return user;
}
