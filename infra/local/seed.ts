import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '#data/client.ts';
import { seedKeys } from '#data/keys.ts';
import type { User } from '#domain/directory/schemas.ts';
import type { Caller } from '#domain/identity/roles.ts';
import type { ReferralStatus } from '#domain/referrals/workflow.ts';
import { contextAs, type ServiceContext } from '#services/context.ts';
import { partners, teams, users } from '#services/directory.ts';
import { referrals } from '#services/referrals.ts';

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
  const created = new Map<string, User>();
  for (const user of demoUsers) {
    const record = await users.create(ctx, {
      name: user.name,
      email: user.email,
      role: user.role,
      ...(user.role === 'staff' ? { teamId: teamIds.get(user.team) } : {}),
      ...(user.role === 'partner' ? { partnerId: partnerIds.get(user.partner) } : {}),
    });
    created.set(user.name, record);
  }
  await seedReferrals(db, created, now());
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...seedKeys.marker(), entity: 'seed', seededAt: now().toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return true;
}

const prospects = [
  ['Acme Logistics', 'acme-logistics.example', 'Track every shipment for their own customers in one place.'],
  ['Brightline Health', 'brightline.example', 'Onboard new clinics in days, not months.'],
  ['Cobalt Energy', 'cobalt-energy.example', 'Give field engineers one view of each site.'],
  ['Driftwood Hotels', 'driftwood.example', 'Settle guest complaints before checkout.'],
  ['Evergreen Foods', 'evergreen-foods.example', 'Forecast demand across forty stores.'],
  ['Fjord Analytics', 'fjord.example', 'Replace spreadsheets in quarterly planning.'],
  ['Granite Insurance', 'granite-ins.example', 'Answer broker questions the same day.'],
  ['Harbor Freight Co', 'harborfreight.example', 'Cut invoice disputes with carriers.'],
  ['Ionic Labs', 'ioniclabs.example', 'Share test results with partners securely.'],
  ['Juniper Schools', 'juniper-schools.example', 'Keep parents informed without extra staff.'],
  ['Kestrel Aviation', 'kestrel-air.example', 'Schedule maintenance around the timetable.'],
  ['Lumen Retail', 'lumen-retail.example', 'Win back lapsed loyalty members.'],
  ['Meridian Bank', 'meridian-bank.example', 'Onboard business clients without paper.'],
  ['Nimbus Media', 'nimbus-media.example', 'Report campaign results to clients weekly.'],
  ['Orchard Farms', 'orchard-farms.example', 'Trace produce from field to shelf.'],
  ['Pinnacle Legal', 'pinnacle-legal.example', 'Give clients a status page for every matter.'],
] as const;

/** The path each seeded referral takes, by how far it got. */
const paths: ReferralStatus[][] = [
  [],
  ['accepted'],
  ['accepted', 'qualified'],
  ['accepted', 'qualified', 'won'],
  ['accepted', 'qualified', 'lost'],
  ['declined'],
];

const hour = 60 * 60 * 1000;

/**
 * A few weeks of referrals from every partner organisation and the advocate, in every status,
 * triaged by Sales, some answered late, some still waiting (the sweeper marks those overdue),
 * and one conflict for staff to rule on.
 */
async function seedReferrals(db: Db, people: Map<string, User>, now: Date): Promise<void> {
  const person = (name: string) => {
    const user = people.get(name);
    if (!user) throw new Error(`No demo user ${name}`);
    return user;
  };
  const as = (user: User, at: Date) => contextAs(db, user, at);
  const referrers = ['Nora Lindqvist', 'Ben Carter', 'Cara Jensen', 'Alex Rivera'].map(person);
  const triage = [person('Sam Okafor'), person('Olivia Brandt')];
  let index = 0;
  for (const [name, domain, job] of prospects) {
    const referrer = referrers[index % referrers.length] as User;
    const path = paths[index % paths.length] ?? [];
    const submittedAt = new Date(now.getTime() - (34 - index * 2) * 24 * hour);
    const contactName = ['Jordan Blake', 'Priya Shah', 'Mateo Rossi', 'Hannah Kim'][index % 4] ?? 'Jordan Blake';
    const referral = await referrals.submit(as(referrer, submittedAt), {
      company: { name, domain },
      contact: { name: contactName, email: `${contactName.split(' ')[0]?.toLowerCase()}@${domain}` },
      jobToBeDone: job,
      fit: {
        resources: 2 + (index % 4),
        functional: 3 + (index % 3),
        technical: 1 + (index % 5),
        cultural: 2 + (index % 4),
      },
      stakeholders: [
        { name: 'Dana Whitfield', role: 'decision_maker' },
        { name: 'Sam Lee', role: index % 2 ? 'ally' : 'champion' },
        { name: 'Robin Hart', role: 'bag_of_wind' },
      ],
      notes: 'Introduced at a customer event.',
    });
    let version = referral.version;
    // Every third answer comes after the two days the referrer was promised.
    let at = new Date(submittedAt.getTime() + (index % 3 === 0 ? 60 : 20) * hour);
    for (const to of path) {
      const staff = triage[index % triage.length] as User;
      const moved = await referrals.transition(as(staff, at), referral.id, version, {
        to,
        ...(to === 'declined' ? { reason: 'Too small for us today; try again next year.' } : {}),
        ...(to === 'lost' ? { reason: 'They chose to build it themselves.' } : {}),
        ...(to === 'accepted' ? { noteToReferrer: 'Thank you: we have booked a discovery call.' } : {}),
      });
      version = moved.version;
      at = new Date(at.getTime() + 3 * 24 * hour);
    }
    index++;
  }
  // A second partner registering an open prospect: a conflict for staff to rule on.
  const open = prospects[0];
  try {
    await referrals.submit(as(person('Ben Carter'), new Date(now.getTime() - 2 * 24 * hour)), {
      company: { name: `${open[0]} Inc.` },
      contact: { name: 'Avery Stone', email: `avery@${open[1]}` },
      jobToBeDone: open[2],
      fit: { resources: 3, functional: 3, technical: 3, cultural: 3 },
      stakeholders: [],
    });
  } catch (error) {
    if (!(error instanceof Error) || (error.name !== 'Error' && !('status' in error))) throw error;
  }
}
