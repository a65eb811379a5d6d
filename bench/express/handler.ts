/**
 * The usual choice, for comparison only (never deployed): Express behind serverless-http,
 * zod for validation, the DynamoDB document client, jose for the bearer token. It does what
 * the api does for `POST /api/referrals` and `GET /api/referrals`: verify the token, load the
 * caller, validate the body, write the referral with its event and prospect locks in one
 * transaction, list a party's referrals newest first. The bench bundles it with the deployed
 * options and compares cold starts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import serverless from 'serverless-http';
import { ulid } from 'ulid';
import * as z from 'zod';
import { normaliseDomain, prospectKeys } from '#domain/referrals/prospect.ts';

const env = z
  .object({
    TABLE_NAME: z.string().min(1),
    AWS_REGION: z.string().min(1),
    AUTH_ISSUER: z.url(),
    AUTH_CLIENT_ID: z.string().min(1),
  })
  .parse(process.env);

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: env.AWS_REGION }), {
  marshallOptions: { removeUndefinedValues: true },
});
const keys = createRemoteJWKSet(new URL(`${env.AUTH_ISSUER}/.well-known/jwks.json`));

const text = (max: number) => z.string().trim().min(1).max(max);
const score = z.number().int().min(1).max(5);
const submission = z.strictObject({
  company: z.strictObject({ name: text(200), domain: z.string().trim().max(253).optional() }),
  contact: z.strictObject({ name: text(100), email: z.email(), phone: z.string().max(32).optional() }),
  jobToBeDone: text(1000),
  fit: z.strictObject({ resources: score, functional: score, technical: score, cultural: score }),
  stakeholders: z
    .array(z.strictObject({ name: text(100), role: z.enum(['decision_maker', 'ally', 'bag_of_wind', 'champion']) }))
    .max(20)
    .default([]),
  notes: text(2000).optional(),
});
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(25) });

interface Caller {
  id: string;
  role: string;
  partnerId?: string;
}

const asyncRoute =
  (route: (req: Request, res: Response) => Promise<unknown>) => (req: Request, res: Response, next: NextFunction) =>
    route(req, res).catch(next);

async function authenticate(req: Request): Promise<Caller> {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) throw Object.assign(new Error('Unauthorized'), { status: 401 });
  const { payload } = await jwtVerify(token, keys, { issuer: env.AUTH_ISSUER, algorithms: ['RS256'] });
  if (payload.token_use !== 'access' || payload.client_id !== env.AUTH_CLIENT_ID) {
    throw Object.assign(new Error('Unauthorized'), { status: 401 });
  }
  const user = await doc.send(
    new GetCommand({ TableName: env.TABLE_NAME, Key: { pk: `USER#${payload.sub}`, sk: 'USER' } }),
  );
  if (!user.Item?.active) throw Object.assign(new Error('Unauthorized'), { status: 401 });
  return { id: String(user.Item.id), role: String(user.Item.role), partnerId: user.Item.partnerId };
}

const app = express();
app.use(express.json({ limit: '64kb' }));

app.post(
  '/api/referrals',
  asyncRoute(async (req, res) => {
    const caller = await authenticate(req);
    const parsed = submission.safeParse(req.body);
    if (!parsed.success) return res.status(400).json({ errors: parsed.error.issues });
    const input = parsed.data;
    const settings = await doc.send(
      new GetCommand({ TableName: env.TABLE_NAME, Key: { pk: 'SETTINGS', sk: 'ORGANISATION' } }),
    );
    const days = {
      firstResponse: settings.Item?.referralFirstResponseDays ?? 2,
      protection: settings.Item?.referralProtectionDays ?? 90,
    };
    const now = new Date();
    const at = now.toISOString();
    const id = ulid(now.getTime());
    const domain = input.company.domain ? normaliseDomain(input.company.domain) : undefined;
    const referral = {
      id,
      status: 'submitted',
      version: 1,
      ...input,
      company: { name: input.company.name, ...(domain ? { domain } : {}) },
      referrerId: caller.id,
      referrerRole: caller.role,
      partnerId: caller.partnerId,
      prospectKeys: prospectKeys(input.company, input.contact.email),
      createdAt: at,
      updatedAt: at,
      firstResponseDueAt: new Date(now.getTime() + days.firstResponse * 86_400_000).toISOString(),
      protectedUntil: new Date(now.getTime() + days.protection * 86_400_000).toISOString(),
      overdue: false,
    };
    const party = caller.partnerId ? `PARTNER#${caller.partnerId}#REFERRALS` : `REFERRER#${caller.id}#REFERRALS`;
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: env.TABLE_NAME,
              Item: {
                pk: `REFERRAL#${id}`,
                sk: 'REFERRAL',
                gsi1pk: 'REFERRALS',
                gsi1sk: `${at}#${id}`,
                gsi2pk: party,
                gsi2sk: `${at}#${id}`,
                entity: 'referral',
                ...referral,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: env.TABLE_NAME,
              Item: {
                pk: `REFERRAL#${id}`,
                sk: `EVENT#${ulid()}`,
                entity: 'event',
                type: 'referral.submitted',
                actorId: caller.id,
                at,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...referral.prospectKeys.map((key) => ({
            Put: {
              TableName: env.TABLE_NAME,
              Item: {
                pk: `PROSPECT#${key}`,
                sk: 'LOCK',
                entity: 'prospect-lock',
                prospectKey: key,
                referralId: id,
                registeredAt: at,
                expiresAt: referral.protectedUntil,
              },
              ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
              ExpressionAttributeValues: { ':now': at },
            },
          })),
        ],
      }),
    );
    return res.status(201).location(`/api/referrals/${id}`).json(referral);
  }),
);

app.get(
  '/api/referrals',
  asyncRoute(async (req, res) => {
    const caller = await authenticate(req);
    const { limit } = listQuery.parse(req.query);
    const party = caller.partnerId ? `PARTNER#${caller.partnerId}#REFERRALS` : `REFERRER#${caller.id}#REFERRALS`;
    const page = await doc.send(
      new QueryCommand({
        TableName: env.TABLE_NAME,
        IndexName: 'byParty',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': party },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    res.json({ items: page.Items ?? [], cursor: page.LastEvaluatedKey ? JSON.stringify(page.LastEvaluatedKey) : null });
  }),
);

app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
  res.status(error.status ?? 500).json({ title: error.status ? error.message : 'Internal error' });
});

export const handler = serverless(app);
