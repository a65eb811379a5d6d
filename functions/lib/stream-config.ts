/**
 * The configuration of the functions that validate no request (the scorecard's aggregator),
 * read without zod: `config.ts` would bring zod and its OpenAPI extension into their bundle
 * (about 440 KiB, half of it, and a third of their cold start) only to check four variables.
 * The variables, defaults and checks are those of `config.ts`; a unit test holds the two
 * together. A missing or malformed variable fails the import, as there.
 */

export interface StreamConfig {
  readonly TABLE_NAME: string;
  readonly DYNAMODB_ENDPOINT: string | undefined;
  readonly AWS_REGION: string;
  readonly ORG_TIME_ZONE: string;
}

const isUrl = (value: string) => {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
};

export function parseStreamConfig(env: NodeJS.ProcessEnv): StreamConfig {
  const invalid: string[] = [];
  // As config.ts: absent takes the local default (none in a Lambda function), present must not be empty.
  const lambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const text = (name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value === undefined) {
      if (fallback === undefined) invalid.push(`${name} is missing`);
      return fallback ?? '';
    }
    if (value.length === 0) invalid.push(name);
    return value;
  };
  const endpoint = env.DYNAMODB_ENDPOINT;
  if (endpoint !== undefined && !isUrl(endpoint)) invalid.push('DYNAMODB_ENDPOINT');
  const parsed: StreamConfig = {
    TABLE_NAME: text('TABLE_NAME', lambda ? undefined : 'total-customer'),
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: text('AWS_REGION', lambda ? undefined : 'eu-west-1'),
    ORG_TIME_ZONE: text('ORG_TIME_ZONE', 'Europe/London'),
  };
  if (invalid.length) throw new Error(`Invalid configuration: ${invalid.join(', ')}`);
  return parsed;
}

export const streamConfig: StreamConfig = parseStreamConfig(process.env);
