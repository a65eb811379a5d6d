import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoEndpoint } from '#test/dynamo-endpoint.ts';
import { clientId, createTestApp, issuer, type TestApp } from '#test/harness.ts';
import { anHttpApiEvent } from '#test/lambda-events.ts';

type LambdaResult = { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean };

let t: TestApp;
let jwksServer: ReturnType<typeof serve>;
let handler: (event: APIGatewayProxyEventV2) => Promise<LambdaResult>;
const variables = [
  'TABLE_NAME',
  'DYNAMODB_ENDPOINT',
  'AWS_REGION',
  'AUTH_ISSUER',
  'AUTH_CLIENT_ID',
  'AUTH_JWKS_URL',
  'USER_POOL_ID',
];
const savedEnv = Object.fromEntries(variables.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  t = await createTestApp();
  // The issuer's keys over HTTP, as Cognito publishes them: the handler fetches them itself.
  jwksServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve({ fetch: t.identity.routes.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
  const { port } = jwksServer.address() as AddressInfo;
  Object.assign(process.env, {
    TABLE_NAME: t.db.tableName,
    DYNAMODB_ENDPOINT: dynamoEndpoint(),
    AWS_REGION: 'local',
    AUTH_ISSUER: issuer,
    AUTH_CLIENT_ID: clientId,
    AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
  });
  // No Cognito here: the accounts behind users are the table's own.
  delete process.env.USER_POOL_ID;
  // The configuration is parsed when its module loads: load the handler afresh, after the env.
  vi.resetModules();
  ({ handler } = (await import('../../../functions/handlers/api.ts')) as unknown as { handler: typeof handler });
});

afterAll(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
});

describe('the API Lambda, invoked with HTTP API v2 events', () => {
  it('answers GET /api/health without a token', async () => {
    const result = await handler(anHttpApiEvent());

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
    expect(result.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('answers GET /api/me with the caller, read from the configured table', async () => {
    const partner = t.org.users.northwindPartner;
    const token = await t.token(partner);

    const result = await handler(anHttpApiEvent({ path: '/api/me', headers: { authorization: `Bearer ${token}` } }));

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      id: partner.id,
      name: partner.name,
      email: partner.email,
      role: 'partner',
      partnerId: t.org.partners.northwind.id,
    });
    expect(result.headers['cache-control']).toBe('no-store');
  });

  it('answers GET /api/me without a token with a 401 problem', async () => {
    const result = await handler(anHttpApiEvent({ path: '/api/me' }));

    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body)).toMatchObject({ status: 401, type: '/problems/unauthorized', instance: '/api/me' });
  });

  it('refuses a token signed by a key the JWKS does not publish', async () => {
    const { createLocalIdentity } = await import('#local/identity.ts');
    const stranger = await createLocalIdentity({ db: t.db, issuer, clientId });
    const token = await stranger.tokenFor(t.org.users.leader.id);

    const result = await handler(anHttpApiEvent({ path: '/api/me', headers: { authorization: `Bearer ${token}` } }));

    expect(result.statusCode).toBe(401);
  });

  it('reads query strings and JSON bodies from the event', async () => {
    const token = await t.token(t.org.users.leader);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const created = await handler(
      anHttpApiEvent({ method: 'POST', path: '/api/teams', headers, body: JSON.stringify({ name: 'Lambda team' }) }),
    );
    const listed = await handler(anHttpApiEvent({ path: '/api/teams', query: 'limit=100', headers }));

    expect(created.statusCode).toBe(201);
    const team = JSON.parse(created.body) as { id: string };
    expect(created.headers.location).toBe(`/api/teams/${team.id}`);
    expect(listed.statusCode).toBe(200);
    expect((JSON.parse(listed.body) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(team.id);
  });
});
