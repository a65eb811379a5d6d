import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { unsubscribeSecretIn } from '#lib/config.ts';

/**
 * Secrets read from Secrets Manager once per cold start and kept for the life of the execution
 * environment, so that their values never sit in a function's configuration (where anyone who
 * may read its settings sees them) and cost one call per environment, not one per request.
 * A failed read is not kept: the next call tries again.
 */
export interface SecretReader {
  /** The secret's string, read once; `undefined` when no ARN is configured (the local stack). */
  read(arn: string | undefined): Promise<string | undefined>;
}

export function secretReader(options: { region?: string; client?: SecretsManagerClient } = {}): SecretReader {
  let client = options.client;
  const cache = new Map<string, Promise<string>>();
  const fetch = async (arn: string): Promise<string> => {
    // Loaded on first read: a function (or the local stack) with no secret configured never
    // reads the client. Deployed, the api, the notifier and the import worker read theirs
    // during initialisation, so there it moves out of index.mjs, not out of the cold start.
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    client ??= new SecretsManagerClient(options.region ? { region: options.region } : {});
    const result = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!result.SecretString) throw new Error(`The secret ${arn} has no string value.`);
    return result.SecretString;
  };
  return {
    async read(arn) {
      if (!arn) return undefined;
      let value = cache.get(arn);
      if (!value) {
        value = fetch(arn);
        cache.set(arn, value);
        value.catch(() => cache.delete(arn));
      }
      return value;
    },
  };
}

/**
 * The unsubscribe-link secret: from Secrets Manager when deployed, the configured value locally.
 * The functions that sign or check links read it at cold start, so one deployed without it
 * fails there rather than at its first e-mail.
 */
export async function unsubscribeSecretOf(
  reader: SecretReader,
  config: { readonly UNSUBSCRIBE_SECRET_ARN?: string | undefined; readonly UNSUBSCRIBE_SECRET?: string | undefined },
): Promise<string> {
  return (await reader.read(config.UNSUBSCRIBE_SECRET_ARN)) ?? unsubscribeSecretIn(config);
}
