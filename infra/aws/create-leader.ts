import { parseArgs } from 'node:util';
import { createDb } from '#data/client.ts';
import { userRepository } from '#data/directory-repository.ts';
import { cognitoIdentityAccounts } from '#data/identity-accounts.ts';
import { userIdByEmail } from '#data/user-email.ts';
import { users } from '#services/directory.ts';

/**
 * Creates the first leader of a deployed portal: the Cognito account (Cognito e-mails a
 * temporary password), its `leader` group and the user record keyed by its `sub`, through the
 * same use case the admin screen calls. Uses the AWS credentials of the shell (or `--profile`),
 * and `--region` for every client. Safe to run again: a leader already in the directory is left
 * as it is, and a Cognito account left by a run that failed before writing the user is taken
 * over rather than refused.
 *
 *   npm run create-leader -- --user-pool-id eu-west-2_abc --table-name TotalCustomer-… \
 *     --region eu-west-2 --email ada@example.com --name "Ada Lovelace"
 */
const { values } = parseArgs({
  options: {
    'user-pool-id': { type: 'string' },
    'table-name': { type: 'string' },
    region: { type: 'string', default: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION },
    profile: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
  },
});

const missing = ['user-pool-id', 'table-name', 'region', 'email', 'name'].filter(
  (option) => !values[option as keyof typeof values],
);
if (missing.length > 0) {
  console.error(`Missing: ${missing.map((option) => `--${option}`).join(', ')} (see docs/deploy.md).`);
  process.exit(2);
}

// The SDK's default credential chain reads the profile from the environment.
if (values.profile) process.env.AWS_PROFILE = values.profile;
const region = String(values.region);
const db = createDb({ tableName: String(values['table-name']), region });
try {
  const existingId = await userIdByEmail(db, String(values.email));
  const existing = existingId ? await userRepository.get(db, existingId) : undefined;
  if (existing) {
    console.log(
      existing.role === 'leader'
        ? `${existing.email} is a leader already (${existing.id}): nothing to do.`
        : `${existing.email} is a ${existing.role} already (${existing.id}): change the role from the portal.`,
    );
    process.exit(existing.role === 'leader' ? 0 : 1);
  }
  const leader = await users.create(
    {
      db,
      now: () => new Date(),
      accounts: cognitoIdentityAccounts(String(values['user-pool-id']), undefined, { region, adoptExisting: true }),
      // The bootstrap acts as a leader nobody is; its event names `bootstrap` as the actor.
      caller: { userId: 'bootstrap', role: 'leader', name: 'Bootstrap', email: 'bootstrap@invalid' },
    },
    { name: String(values.name), email: String(values.email), role: 'leader' },
  );
  console.log(`Leader ${leader.id} created: Cognito has e-mailed ${leader.email} a temporary password.`);
} catch (error) {
  console.error(`Could not create the leader: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
