import { handle } from 'hono/aws-lambda';
import { createRemoteJWKSet } from 'jose';
import { createApp } from '#api/app.ts';
import { createDb } from '#data/client.ts';
import { cognitoIdentityAccounts } from '#data/identity-accounts.ts';
import { s3ImportFiles } from '#data/import-files.ts';
import { secretReader, unsubscribeSecretOf } from '#data/secrets.ts';
import { config } from '#lib/config.ts';

// Read during the function's initialisation (top-level await), once per execution environment:
// the values never sit in the function's configuration.
const secrets = secretReader({ region: config.AWS_REGION });
const [unsubscribeSecret, originSecret] = await Promise.all([
  unsubscribeSecretOf(secrets, config),
  secrets.read(config.ORIGIN_SECRET_ARN),
]);

// Built once per cold start; jose caches the user pool's keys between invocations.
const app = createApp({
  db: createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }),
  auth: {
    issuer: config.AUTH_ISSUER,
    clientId: config.AUTH_CLIENT_ID,
    keys: createRemoteJWKSet(new URL(config.AUTH_JWKS_URL ?? `${config.AUTH_ISSUER}/.well-known/jwks.json`)),
  },
  ...(config.USER_POOL_ID ? { accounts: cognitoIdentityAccounts(config.USER_POOL_ID) } : {}),
  ...(config.IMPORT_BUCKET ? { importFiles: s3ImportFiles(config.IMPORT_BUCKET) } : {}),
  unsubscribeSecret,
  originSecret,
});

export const handler = handle(app);
