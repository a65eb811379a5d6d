import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '#data/client.ts';
import { seedKeys } from '#data/keys.ts';
import type { Caller } from '#domain/identity/roles.ts';
import type { ServiceContext } from '#services/context.ts';
import { partners, teams, users } from '#services/directory.ts';

/** The demo organisation's people, by the names the login page shows. */
const demoTeams = ['Sales', 'Onboarding', 'Support', 'Product', 'Finance'] as const;
const demoPartners = ['Northwind Consulting', 'Bluewave Systems', 'Crestline Partners'] as const;

type DemoUser =
  | { name: string; email: string; role: 'leader' | 'advocate' }
  | { name: string; email: string; role: 'staff'; team: (typeof demoTeams)[number] }
  | { name: string; email: string; role: 'partner'; partner: (typeof demoPartners)[number] };

export const demoUsers: readonly DemoUser[] = [
  { name: 'Morgan Hale', email: 'morgan.hale@totalcustomer.example', role: 'leader' },
  { name: 'Sam Okafor', email: 'sam.okafor@totalcustomer.example', role: 'staff', team: 'Sales' },
  { name: 'Olivia Brandt', email: 'olivia.brandt@totalcustomer.example', role: 'staff', team: 'Onboarding' },
  { name: 'Sunil Mehta', email: 'sunil.mehta@totalcustomer.example', role: 'staff', team: 'Support' },
  { name: 'Priya Nair', email: 'priya.nair@totalcustomer.example', role: 'staff', team: 'Product' },
  { name: 'Felix Wagner', email: 'felix.wagner@totalcustomer.example', role: 'staff', team: 'Finance' },
  { name: 'Nora Lindqvist', email: 'nora@northwind.example', role: 'partner', partner: 'Northwind Consulting' },
  { name: 'Ben Carter', email: 'ben@bluewave.example', role: 'partner', partner: 'Bluewave Systems' },
  { name: 'Cara Jensen', email: 'cara@crestline.example', role: 'partner', partner: 'Crestline Partners' },
  { name: 'Alex Rivera', email: 'alex.rivera@customer.example', role: 'advocate' },
];

/** The seed acts as a leader no person is: its events name `system` as the actor. */
const system: Caller = { userId: 'system', role: 'leader', name: 'System', email: 'system@totalcustomer.example' };

export async function isSeeded(db: Db): Promise<boolean> {
  const marker = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: seedKeys.marker() }));
  return marker.Item !== undefined;
}

/**
 * Seeds the demo organisation once: on a table that has the marker, it does nothing. Later
 * capabilities add their records here, through the same services the API uses.
 */
export async function seedDemo(db: Db, now: () => Date = () => new Date()): Promise<boolean> {
  if (await isSeeded(db)) return false;
  const ctx: ServiceContext = { db, caller: system, now };
  const teamIds = new Map<string, string>();
  for (const name of demoTeams) teamIds.set(name, (await teams.create(ctx, { name })).id);
  const partnerIds = new Map<string, string>();
  for (const name of demoPartners) partnerIds.set(name, (await partners.create(ctx, { name })).id);
  for (const user of demoUsers) {
    await users.create(ctx, {
      name: user.name,
      email: user.email,
      role: user.role,
      ...(user.role === 'staff' ? { teamId: teamIds.get(user.team) } : {}),
      ...(user.role === 'partner' ? { partnerId: partnerIds.get(user.partner) } : {}),
    });
  }
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...seedKeys.marker(), entity: 'seed', seededAt: now().toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return true;
}
