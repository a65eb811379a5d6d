import { parseArgs } from 'node:util';
import { createDb } from '#data/client.ts';
import { cognitoIdentityAccounts } from '#data/identity-accounts.ts';
import { users } from '#services/directory.ts';

/**
 * Creates the first leader of a deployed portal: the Cognito account (Cognito e-mails a
 * temporary password), its `leader` group and the user record keyed by its `sub`, through the
 * same use case the admin screen calls. Uses the AWS credentials of the shell.
 *
 *   npm run create-leader -- --user-pool-id eu-west-1_abc --table-name TotalCustomer-… \
 *     --email ada@example.com --name "Ada Lovelace"
 */
const { values } = parseArgs({
  options: {
    'user-pool-id': { type: 'string' },
    'table-name': { type: 'string' },
    region: { type: 'string', default: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION },
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

const db = createDb({ tableName: String(values['table-name']), region: String(values.region) });
try {
  const leader = await users.create(
    {
      db,
      now: () => new Date(),
      accounts: cognitoIdentityAccounts(String(values['user-pool-id'])),
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
