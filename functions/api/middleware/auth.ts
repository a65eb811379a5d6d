import { createMiddleware } from 'hono/factory';
import { type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import { UnauthorizedError } from '#domain/errors.ts';
import { roleFromGroups } from '#domain/identity/roles.ts';
import { signIn } from '#services/sign-in.ts';
import type { AppEnv } from '../env.ts';

export interface AuthOptions {
  /** The issuer tokens must name: the Cognito user pool, or the local identity provider. */
  readonly issuer: string;
  /** The app client tokens must be issued to (an access token's `client_id`). */
  readonly clientId: string;
  /** Where the issuer's public keys come from. */
  readonly keys: JWTVerifyGetKey;
}

const unauthorized = (detail: string, cause?: unknown) => new UnauthorizedError(detail, { cause });

/**
 * Bearer tokens as Cognito issues them: an RS256-signed access token (`token_use: access`) for
 * our app client, with the role as a Cognito group. Signature, issuer, expiry and not-before
 * are checked by jose; the client id and token use here (an ID token is refused). The token
 * names the user; the user's directory record decides the rest (services/sign-in.ts).
 */
export function authenticate(options: AuthOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('Authorization');
    // The scheme is case-insensitive (RFC 9110); the token is three base64url segments.
    const match = header ? /^bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/i.exec(header) : null;
    if (!match?.[1]) throw unauthorized('Send a bearer token in the Authorization header.');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(match[1], options.keys, {
        issuer: options.issuer,
        algorithms: ['RS256'],
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw unauthorized('The token is not valid.', error);
      throw error;
    }
    if (payload.token_use !== 'access') throw unauthorized('Send an access token, not an ID token.');
    if (payload.client_id !== options.clientId) throw unauthorized('The token was issued to another client.');
    const role = roleFromGroups(payload['cognito:groups']);
    if (!role) throw unauthorized('The token grants no portal role.');
    c.set('caller', await signIn(c.var.db, String(payload.sub), role));
    await next();
  });
}
