import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ulid } from 'ulid';
import { ConflictError } from '#domain/errors.ts';
import { FederatedSignInRefused } from '#domain/identity/federation.ts';
import type { Role } from '#domain/identity/roles.ts';
import { send } from './send.ts';

/**
 * The sign-in accounts behind directory users. Creating a user creates the account first and
 * keys the user by the account's subject, so a token's `sub` finds its user with one read.
 */
export interface IdentityAccounts {
  /** Creates the account (Cognito e-mails the invitation); returns its subject. */
  create(user: { email: string; name: string; role: Role }): Promise<string>;
  /** Deactivated users cannot sign in at all, not only not use the API. */
  setEnabled(user: { id: string; email: string }, enabled: boolean): Promise<void>;
  /** Deletes an account whose user was never written (an import that failed midway). */
  remove(user: { id: string; email: string }): Promise<void>;
  /**
   * The subject of the account of this e-mail address, if there is one: an import job that
   * died between creating an account and writing its user finds it again instead of failing.
   */
  subjectOf?(email: string): Promise<string | undefined>;
  /**
   * Makes a sign-in at the company's identity provider sign in as this user's account
   * (the federated-sign-up trigger); refuses an account that is missing or disabled.
   */
  link?(user: { id: string; email: string }, identity: { providerName: string; subject: string }): Promise<void>;
}

/** The local stack: the local identity provider signs for any directory user; ids are ULIDs. */
export const localIdentityAccounts: IdentityAccounts = {
  create: async () => ulid(),
  setEnabled: async () => {},
  remove: async () => {},
};

/** The deployed stack: users are accounts in the Cognito user pool, their role a group. */
export function cognitoIdentityAccounts(
  userPoolId: string,
  client?: CognitoIdentityProviderClient,
  options: {
    /** The pool's region, for a client made here (a script's `--region`); by default the environment's. */
    readonly region?: string;
    /**
     * Take over an account that exists already instead of refusing it: `npm run create-leader`
     * run again after a failure between creating the account and writing the user.
     */
    readonly adoptExisting?: boolean;
  } = {},
): Required<IdentityAccounts> {
  // Loaded on first use, commands included: only leaders managing users need Cognito, so no
  // other request's cold start parses or evaluates its client.
  type Sdk = typeof import('@aws-sdk/client-cognito-identity-provider');
  let loaded: Promise<{ sdk: Sdk; idp: CognitoIdentityProviderClient }> | undefined;
  const cognito = () => {
    loaded ??= import('@aws-sdk/client-cognito-identity-provider').then((sdk) => ({
      sdk,
      idp: client ?? new sdk.CognitoIdentityProviderClient(options.region ? { region: options.region } : {}),
    }));
    return loaded;
  };
  return {
    async create(user) {
      const { sdk, idp } = await cognito();
      const existing = options.adoptExisting
        ? await send(() =>
            idp.send(new sdk.AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.email })),
          ).catch((error: unknown) => {
            if (error instanceof Error && error.name === 'UserNotFoundException') return undefined;
            throw error;
          })
        : undefined;
      const created = existing
        ? { User: { Attributes: existing.UserAttributes } }
        : await send(() =>
            idp
              .send(
                new sdk.AdminCreateUserCommand({
                  UserPoolId: userPoolId,
                  Username: user.email,
                  UserAttributes: [
                    { Name: 'email', Value: user.email },
                    { Name: 'email_verified', Value: 'true' },
                    { Name: 'name', Value: user.name },
                  ],
                  DesiredDeliveryMediums: ['EMAIL'],
                }),
              )
              .catch((error: unknown) => {
                if (error instanceof Error && error.name === 'UsernameExistsException') {
                  throw new ConflictError('A sign-in account with that e-mail address exists already.', {
                    cause: error,
                  });
                }
                throw error;
              }),
          );
      const subject = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
      if (!subject) throw new Error('Cognito created an account without a subject.');
      await send(() =>
        idp.send(
          new sdk.AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: user.role }),
        ),
      );
      return subject;
    },
    async setEnabled(user, enabled) {
      const { sdk, idp } = await cognito();
      const input = { UserPoolId: userPoolId, Username: user.email };
      await send(() =>
        idp.send(enabled ? new sdk.AdminEnableUserCommand(input) : new sdk.AdminDisableUserCommand(input)),
      );
    },
    async remove(user) {
      const { sdk, idp } = await cognito();
      await send(() => idp.send(new sdk.AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: user.email })));
    },
    async link(user, identity) {
      const { sdk, idp } = await cognito();
      const account = await send(() =>
        idp.send(new sdk.AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.email })),
      ).catch((error: unknown) => {
        if (error instanceof Error && error.name === 'UserNotFoundException') return undefined;
        throw error;
      });
      // The user's id is its account's subject: an account of that address but another subject
      // belongs to nobody in the directory, and is not linked to.
      const subject = account?.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
      if (!account?.Username || subject !== user.id) {
        throw new FederatedSignInRefused('Your Total Customer user has no sign-in account yet: ask a leader.');
      }
      if (account.Enabled === false) {
        throw new FederatedSignInRefused('Your Total Customer sign-in is disabled: ask a leader if you need it back.');
      }
      await send(() =>
        idp.send(
          new sdk.AdminLinkProviderForUserCommand({
            UserPoolId: userPoolId,
            // By its user name, not its e-mail alias: the link's destination must be the name.
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: account.Username },
            SourceUser: {
              ProviderName: identity.providerName,
              ProviderAttributeName: 'Cognito_Subject',
              ProviderAttributeValue: identity.subject,
            },
          }),
        ),
      );
    },
    async subjectOf(email) {
      const { sdk, idp } = await cognito();
      try {
        const found = await idp.send(new sdk.AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
        return found.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
      } catch (error) {
        if (error instanceof Error && error.name === 'UserNotFoundException') return undefined;
        throw error;
      }
    },
  };
}
