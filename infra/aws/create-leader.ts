import { parseArgs } from 'node:util';
import { createFirstLeader } from './first-leader.ts';

/**
 * Creates the first leader of a deployed portal (first-leader.ts). Uses the AWS credentials of
 * the shell (or `--profile`), and `--region` for every client. Safe to run again after a failure.
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
try {
  const { outcome, user } = await createFirstLeader({
    userPoolId: String(values['user-pool-id']),
    tableName: String(values['table-name']),
    region: String(values.region),
    email: String(values.email),
    name: String(values.name),
  });
  if (outcome === 'created') {
    console.log(`Leader ${user.id} created: Cognito has e-mailed ${user.email} a temporary password.`);
  } else if (outcome === 'leader-already') {
    console.log(`${user.email} is a leader already (${user.id}): nothing to do.`);
  } else {
    console.log(`${user.email} is a ${user.role} already (${user.id}): change the role from the portal.`);
    process.exit(1);
  }
} catch (error) {
  console.error(`Could not create the leader: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
