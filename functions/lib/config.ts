import * as z from '#lib/zod.ts';

/**
 * Configuration, parsed once at cold start. A missing or malformed variable fails the import,
 * so a misconfigured Lambda never serves a request.
 */
const schema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Set locally (DynamoDB Local); unset in AWS, where the SDK finds the regional endpoint. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z.string().check(z.minLength(1)),
  /** The token issuer: the Cognito user pool's URL, or the local identity provider's. */
  AUTH_ISSUER: z._default(z.url(), 'http://localhost:3000/auth'),
  /** The app client id that access tokens must carry (Cognito's `client_id` claim). */
  AUTH_CLIENT_ID: z._default(z.string().check(z.minLength(1)), 'total-customer-local'),
  /** Where the issuer's public keys are; Cognito's default is derived from the issuer. */
  AUTH_JWKS_URL: z.optional(z.url()),
  /** The Cognito user pool whose accounts back directory users; unset locally. */
  USER_POOL_ID: z.optional(z.string().check(z.minLength(1))),
  ORG_TIME_ZONE: z._default(z.string().check(z.minLength(1)), 'Europe/London'),
  /** The web app's address, for links in e-mail (the CloudFront domain when deployed). */
  WEB_BASE_URL: z._default(z.url(), 'http://localhost:3000'),
  /** The verified SES identity e-mail is sent from; unset, the notifier sends none. */
  MAIL_FROM: z.optional(z.string().check(z.minLength(3))),
  /**
   * Signs unsubscribe links (HS256). Deployed, UNSUBSCRIBE_SECRET_ARN names it instead, and only
   * the functions that sign or check links have either (data/secrets.ts refuses to start without).
   */
  UNSUBSCRIBE_SECRET: z.optional(z.string().check(z.minLength(16))),
  /**
   * Deployed: the Secrets Manager secret holding the unsubscribe secret, read once at cold
   * start (functions/data/secrets.ts) instead of UNSUBSCRIBE_SECRET.
   */
  UNSUBSCRIBE_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  /**
   * Deployed: the secret CloudFront sends in X-Origin-Verify; set, the API refuses any request
   * without it (one that went to the execute-api address, past CloudFront and the WAF).
   */
  ORIGIN_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  /** The SES configuration set e-mail goes through (bounces and complaints are suppressed). */
  MAIL_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** The local stack's allowance of plain-http webhooks to 127.0.0.1 and localhost; never set when deployed. */
  WEBHOOKS_ALLOW_LOOPBACK: z._default(z.enum(['true', 'false']), 'false'),
  /** The queue the webhook pump hands due deliveries to (deployed only; the local stack sends in process). */
  WEBHOOK_QUEUE_URL: z.optional(z.url()),
  /** The private bucket import jobs' files are uploaded to (deployed only; the local stack keeps them under .data/). */
  IMPORT_BUCKET: z.optional(z.string().check(z.minLength(3))),
  /** The company's identity provider's name in Cognito (the `federationName` setting); unset, nobody is federated. */
  FEDERATION_PROVIDER_NAME: z.optional(z.string().check(z.minLength(1))),
  /** Comma-separated domains the company's IdP is the authority for (`federationEmailDomains`). */
  FEDERATION_EMAIL_DOMAINS: z._default(z.string(), ''),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
});

export type Config = z.infer<typeof schema>;

/**
 * What the local stack (and a test) runs with when it sets nothing. A Lambda function has no
 * defaults: a deployment that forgot its table or region must fail at cold start, not write to
 * a table called `total-customer` or sign links with a secret that is in the repository.
 */
export const localDefaults = {
  TABLE_NAME: 'total-customer',
  AWS_REGION: 'eu-west-1',
  UNSUBSCRIBE_SECRET: 'local-only-unsubscribe-secret',
} as const;

/** Whether this process is a Lambda function (the runtime always sets this variable). */
export const inLambda = (env: NodeJS.ProcessEnv) => Boolean(env.AWS_LAMBDA_FUNCTION_NAME);

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const lambda = inLambda(env);
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  const parsed = schema.safeParse(lambda ? given : { ...localDefaults, ...given });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) =>
      issue.path.length === 1 && env[String(issue.path[0])] === undefined
        ? `${issue.path.join('.')} is missing`
        : issue.path.join('.'),
    );
    const hint = lambda ? ' (a Lambda function gets no local defaults: set it in the function’s environment)' : '';
    throw new Error(`Invalid configuration: ${fields.join(', ')}${hint}`);
  }
  return parsed.data;
}

export const config: Config = parseConfig(process.env);

/**
 * The unsubscribe secret of a function that signs or checks links (the API, the notifier, the
 * import worker), asked for at cold start: a deployment without it fails there, not at the
 * first e-mail. Deployed, data/secrets.ts reads it from UNSUBSCRIBE_SECRET_ARN first.
 */
export function unsubscribeSecretIn(config: Pick<Config, 'UNSUBSCRIBE_SECRET'>): string {
  if (config.UNSUBSCRIBE_SECRET === undefined) {
    throw new Error(
      'Invalid configuration: UNSUBSCRIBE_SECRET is missing (deployed: UNSUBSCRIBE_SECRET_ARN); this function signs unsubscribe links.',
    );
  }
  return config.UNSUBSCRIBE_SECRET;
}
