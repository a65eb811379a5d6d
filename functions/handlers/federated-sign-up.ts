import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { createDb, type Db } from '#data/client.ts';
import { cognitoIdentityAccounts, type IdentityAccounts } from '#data/identity-accounts.ts';
import { FederatedSignInRefused, type FederationPolicy, federatedIdentityOf } from '#domain/identity/federation.ts';
import { config } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import { linkFederatedSignIn } from '#services/federation.ts';

/**
 * Cognito's pre-sign-up trigger, deployed with the `federation` setting. A first sign-in at the
 * company's identity provider is linked to the directory user of its verified e-mail address,
 * or refused: thrown, the message is what the hosted UI shows. Leaders adding users
 * (`PreSignUp_AdminCreateUser`) pass through untouched.
 */
export function createFederatedSignUpHandler(
  db: Db,
  policy: FederationPolicy,
  accountsOf: (userPoolId: string) => Required<Pick<IdentityAccounts, 'link'>>,
) {
  return async (event: PreSignUpTriggerEvent): Promise<PreSignUpTriggerEvent> => {
    if (event.triggerSource !== 'PreSignUp_ExternalProvider') return event;
    try {
      const identity = federatedIdentityOf(event.userName, event.request.userAttributes, policy);
      const user = await linkFederatedSignIn({ db, accounts: accountsOf(event.userPoolId) }, identity);
      logger.info('Federated sign-in linked', { userId: user.id, provider: identity.providerName });
    } catch (error) {
      // A refusal's message names the e-mail address, which the log must not hold.
      if (error instanceof FederatedSignInRefused)
        logger.warn('Federated sign-in refused', { userName: event.userName });
      else logger.error('Federated sign-in failed', { userName: event.userName, error });
      throw error;
    }
    return event;
  };
}

const db = createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
const policy: FederationPolicy = {
  providerName: config.FEDERATION_PROVIDER_NAME ?? '',
  emailDomains: config.FEDERATION_EMAIL_DOMAINS.split(',')
    .map((domain) => domain.trim().toLowerCase())
    .filter((domain) => domain !== ''),
};
// One client for the process; the pool comes with each event, since the pool's own id cannot
// be in the environment of a function the pool depends on.
const accounts = new Map<string, Required<IdentityAccounts>>();

export const handler = createFederatedSignUpHandler(db, policy, (userPoolId) => {
  const found =
    accounts.get(userPoolId) ?? cognitoIdentityAccounts(userPoolId, undefined, { region: config.AWS_REGION });
  accounts.set(userPoolId, found);
  return found;
});
