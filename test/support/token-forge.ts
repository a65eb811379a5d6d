import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey, SignJWT } from 'jose';
import { ulid } from 'ulid';
import type { User } from '#domain/directory/schemas.ts';

/**
 * Tokens a test controls down to every claim: the local identity provider always sets issuer,
 * expiry and issue time itself, so expired or foreign-issuer tokens are signed here, with a key
 * the app under test is told to trust.
 */
export interface TokenForge {
  /** The forge's public key, to hand to `createApp({ auth: { keys } })`. */
  readonly keys: JWTVerifyGetKey;
  /**
   * The claims of a valid Cognito-style access token for the user; an override of `undefined`
   * drops that claim.
   */
  claimsFor(user: User, overrides?: Record<string, unknown>): Record<string, unknown>;
  sign(claims: Record<string, unknown>): Promise<string>;
}

const keyId = 'forge-1';

export async function createTokenForge(options: { issuer: string; clientId: string }): Promise<TokenForge> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: keyId, alg: 'RS256', use: 'sig' }] });
  return {
    keys,
    claimsFor(user, overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        iss: options.issuer,
        sub: user.id,
        token_use: 'access',
        client_id: options.clientId,
        'cognito:groups': [user.role],
        username: user.email,
        iat: now,
        exp: now + 3600,
        jti: ulid(),
        ...overrides,
      };
      for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
      return claims;
    },
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: keyId, typ: 'JWT' }).sign(privateKey),
  };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The token with its payload changed and its signature kept: what a tamperer would send. */
export function tamper(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  return [header, base64url(change(claims)), signature].join('.');
}

/** An unsecured JWT (`alg: none`, empty signature) carrying the given claims. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}
