import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { createApp } from '#api/app.ts';
import { createDb, type Db } from '#data/client.ts';
import type { ImportFiles } from '#data/import-files.ts';
import type { Partner, Team, User } from '#domain/directory/schemas.ts';
import type { Caller, Role } from '#domain/identity/roles.ts';
import { ensureTable } from '#local/bootstrap.ts';
import { createLocalIdentity, type LocalIdentity } from '#local/identity.ts';
import type { ServiceContext } from '#services/context.ts';
import { partners, teams, users } from '#services/directory.ts';
import { dynamoEndpoint } from './dynamo-endpoint.ts';

export const issuer = 'http://localhost:3000/auth';
export const clientId = 'total-customer-test';

/** The tables this test file made: `drop-tables.ts` deletes them when the file is done. */
export const tablesMade: string[] = [];

/**
 * A fresh table in the suite's DynamoDB Local: test files never see each other's data. A file
 * that polls no stream and writes tens of thousands of items asks for `streams: false`: the
 * stream records would stay in its worker's emulator and slow every file after it.
 */
export async function createTestTable(options: { streams?: boolean } = {}): Promise<Db> {
  const endpoint = dynamoEndpoint();
  const tableName = `test-${ulid()}`;
  tablesMade.push(tableName);
  const raw = new DynamoDBClient({
    region: 'local',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, tableName, options);
  raw.destroy();
  return createDb({ tableName, region: 'local', endpoint });
}

const system: Caller = { userId: 'system', role: 'leader', name: 'System', email: 'system@example.test' };

/** A small organisation: two teams, two partner organisations, a user of every kind. */
export interface Organisation {
  readonly teams: { sales: Team; support: Team };
  readonly partners: { northwind: Partner; bluewave: Partner };
  readonly users: {
    leader: User;
    salesStaff: User;
    supportStaff: User;
    northwindPartner: User;
    northwindColleague: User;
    bluewavePartner: User;
    advocate: User;
    otherAdvocate: User;
  };
}

export async function seedOrganisation(db: Db, now: () => Date = () => new Date()): Promise<Organisation> {
  const ctx: ServiceContext = { db, caller: system, now };
  const sales = await teams.create(ctx, { name: 'Sales' });
  const support = await teams.create(ctx, { name: 'Support' });
  const northwind = await partners.create(ctx, { name: 'Northwind' });
  const bluewave = await partners.create(ctx, { name: 'Bluewave' });
  const user = (name: string, role: Role, membership: { teamId?: string; partnerId?: string } = {}) =>
    users.create(ctx, { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`, role, ...membership });
  return {
    teams: { sales, support },
    partners: { northwind, bluewave },
    users: {
      leader: await user('Lee Leader', 'leader'),
      salesStaff: await user('Sally Sales', 'staff', { teamId: sales.id }),
      supportStaff: await user('Sue Support', 'staff', { teamId: support.id }),
      northwindPartner: await user('Nina Northwind', 'partner', { partnerId: northwind.id }),
      northwindColleague: await user('Ned Northwind', 'partner', { partnerId: northwind.id }),
      bluewavePartner: await user('Bob Bluewave', 'partner', { partnerId: bluewave.id }),
      advocate: await user('Ada Advocate', 'advocate'),
      otherAdvocate: await user('Otto Advocate', 'advocate'),
    },
  };
}

export interface TestApp {
  readonly db: Db;
  readonly identity: LocalIdentity;
  readonly org: Organisation;
  readonly app: ReturnType<typeof createApp>;
  /** A signed access token for a user, with optional claim overrides. */
  token(user: User, overrides?: Record<string, unknown>): Promise<string>;
  /** A request through the app as the given user (or none): JSON in, Response out. */
  request(
    method: string,
    path: string,
    options?: { as?: User; body?: unknown; headers?: Record<string, string>; rawBody?: string },
  ): Promise<Response>;
}

/** The API on a fresh table with a seeded organisation, driven with `app.request()`. */
export async function createTestApp(
  options: { now?: () => Date; webhooksAllowLoopback?: boolean; importFiles?: ImportFiles } = {},
): Promise<TestApp> {
  const db = await createTestTable();
  const identity = await createLocalIdentity({ db, issuer, clientId });
  const org = await seedOrganisation(db);
  const app = createApp({
    db,
    auth: { issuer, clientId, keys: identity.keys },
    ...(options.now ? { now: options.now } : {}),
    ...(options.webhooksAllowLoopback === undefined ? {} : { webhooksAllowLoopback: options.webhooksAllowLoopback }),
    ...(options.importFiles ? { importFiles: options.importFiles } : {}),
  });
  const tokens = new Map<string, string>();
  const token = async (user: User, overrides?: Record<string, unknown>) => {
    if (overrides) return identity.tokenFor(user.id, overrides);
    let cached = tokens.get(user.id);
    if (!cached) {
      cached = await identity.tokenFor(user.id);
      tokens.set(user.id, cached);
    }
    return cached;
  };
  return {
    db,
    identity,
    org,
    app,
    token,
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.as) headers.Authorization = `Bearer ${await token(requestOptions.as)}`;
      let body: string | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
        headers['Content-Type'] ??= 'application/json';
      }
      return app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
    },
  };
}
