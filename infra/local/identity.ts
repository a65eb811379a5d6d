import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Hono } from 'hono';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import * as z from 'zod';
import type { Db } from '#data/client.ts';
import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';

/**
 * The local identity provider: it signs access tokens shaped like Cognito's for the demo
 * users, so the API's one auth middleware serves both homes. It lives only in infra/local and
 * is never part of a Lambda bundle.
 */
export interface LocalIdentity {
  readonly issuer: string;
  readonly clientId: string;
  readonly keys: JWTVerifyGetKey;
  /** `/auth/users`, `/auth/token` and the JWKS, to mount at `/auth`. */
  readonly routes: Hono;
  tokenFor(userId: string, overrides?: Record<string, unknown>): Promise<string>;
}

const keyId = 'local-1';
const tokenLifetimeSeconds = 8 * 60 * 60;

async function loadOrCreateKey(keyFile: string | undefined): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8'));
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const pair = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(pair), { mode: 0o600 });
  }
  return pair;
}

export async function createLocalIdentity(options: {
  readonly db: Db;
  readonly issuer: string;
  readonly clientId: string;
  /** Where the signing key is kept between starts; omitted, a fresh key per process. */
  readonly keyFile?: string | undefined;
}): Promise<LocalIdentity> {
  const { privateJwk, publicJwk } = await loadOrCreateKey(options.keyFile);
  const privateKey = await importJWK(privateJwk, 'RS256');
  const jwks = { keys: [{ ...publicJwk, kid: keyId, alg: 'RS256', use: 'sig' }] };

  async function tokenFor(userId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const user = await userRepository.get(options.db, userId);
    if (!user) throw new Error(`No user ${userId}`);
    return new SignJWT({
      token_use: 'access',
      client_id: options.clientId,
      scope: 'openid email profile',
      username: user.email,
      'cognito:groups': [user.role],
      ...(user.teamId ? { 'custom:team_id': user.teamId } : {}),
      ...(user.partnerId ? { 'custom:partner_id': user.partnerId } : {}),
      ...overrides,
    })
      .setProtectedHeader({ alg: 'RS256', kid: keyId, typ: 'JWT' })
      .setIssuer(options.issuer)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${tokenLifetimeSeconds}s`)
      .setJti(crypto.randomUUID())
      .sign(privateKey);
  }

  const routes = new Hono()
    .get('/.well-known/jwks.json', (c) => c.json(jwks))
    .get('/users', async (c) => {
      const [users, teams, partners] = await Promise.all([
        userRepository.list(options.db, { limit: 100, includeInactive: false }),
        teamRepository.list(options.db, { limit: 100, includeInactive: true }),
        partnerRepository.list(options.db, { limit: 100, includeInactive: true }),
      ]);
      const teamNames = new Map(teams.items.map((team) => [team.id, team.name]));
      const partnerNames = new Map(partners.items.map((partner) => [partner.id, partner.name]));
      return c.json({
        users: users.items.map((user) => ({
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          ...(user.teamId ? { teamId: user.teamId, teamName: teamNames.get(user.teamId) } : {}),
          ...(user.partnerId ? { partnerId: user.partnerId, partnerName: partnerNames.get(user.partnerId) } : {}),
        })),
      });
    })
    .post('/token', async (c) => {
      const body = z.object({ userId: z.string().min(1).max(64) }).safeParse(await c.req.json().catch(() => null));
      const problem = (status: 400 | 401, detail: string) =>
        c.json({ type: '/problems/unauthorized', title: 'Sign-in refused', status, detail }, status, {
          'Content-Type': 'application/problem+json',
        });
      if (!body.success) return problem(400, 'Send {"userId": "…"} naming a demo user.');
      const user = await userRepository.get(options.db, body.data.userId);
      // Deactivated users cannot sign in.
      if (!user?.active) return problem(401, 'No active user with that id.');
      return c.json({ token: await tokenFor(user.id) });
    });

  return {
    issuer: options.issuer,
    clientId: options.clientId,
    keys: createLocalJWKSet(jwks),
    routes,
    tokenFor,
  };
}
