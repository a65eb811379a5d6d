import { createDb } from '#data/client.ts';
import { userRepository } from '#data/directory-repository.ts';
import { cognitoIdentityAccounts } from '#data/identity-accounts.ts';
import { userIdByEmail } from '#data/user-email.ts';
import type { User } from '#domain/directory/schemas.ts';
import { users } from '#services/directory.ts';

export interface FirstLeaderOptions {
  readonly userPoolId: string;
  readonly tableName: string;
  /** The stack's region, for every client: never the shell's default, which may be another. */
  readonly region: string;
  readonly email: string;
  readonly name: string;
}

export type FirstLeaderOutcome =
  | { readonly outcome: 'created'; readonly user: User }
  | { readonly outcome: 'leader-already'; readonly user: User }
  | { readonly outcome: 'other-role'; readonly user: User };

/**
 * The first leader of a deployed portal (`npm run create-leader`): the Cognito account (Cognito
 * e-mails a temporary password), its `leader` group and the user keyed by its `sub`, through the
 * use case the admin screen calls. Safe to run again after any partial failure: a user already in
 * the directory is left as it is, and an account a failed run left behind is taken over (and put
 * in its group) instead of refused or created twice.
 */
export async function createFirstLeader(options: FirstLeaderOptions): Promise<FirstLeaderOutcome> {
  const db = createDb({ tableName: options.tableName, region: options.region });
  const existingId = await userIdByEmail(db, options.email);
  const existing = existingId ? await userRepository.get(db, existingId) : undefined;
  if (existing) return { outcome: existing.role === 'leader' ? 'leader-already' : 'other-role', user: existing };
  const user = await users.create(
    {
      db,
      now: () => new Date(),
      accounts: cognitoIdentityAccounts(options.userPoolId, undefined, { region: options.region, adoptExisting: true }),
      // The bootstrap acts as a leader nobody is; its event names `bootstrap` as the actor.
      caller: { userId: 'bootstrap', role: 'leader', name: 'Bootstrap', email: 'bootstrap@invalid' },
    },
    { name: options.name, email: options.email, role: 'leader' },
  );
  return { outcome: 'created', user };
}
