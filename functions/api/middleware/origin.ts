import { timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { ForbiddenError } from '#domain/errors.ts';
import type { AppEnv } from '../env.ts';

/** The header CloudFront adds to every request it forwards to the API (infra/aws/api.ts). */
export const originSecretHeader = 'X-Origin-Verify';

/**
 * Refuses a request that did not come through CloudFront: deployed, CloudFront adds the origin
 * secret to every request it forwards, and the API's own execute-api address, which anyone
 * can find, would otherwise get past the WAF and CloudFront's limits. Compared in constant
 * time, so that the answer's timing says nothing about how much of a guess was right.
 */
export function requireOriginSecret(secret: string) {
  const expected = Buffer.from(secret, 'utf8');
  return createMiddleware<AppEnv>(async (c, next) => {
    const given = Buffer.from(c.req.header(originSecretHeader) ?? '', 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ForbiddenError('Reach the API through the portal’s own address.');
    }
    await next();
  });
}
