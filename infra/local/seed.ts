import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '#data/client.ts';
import { seedKeys } from '#data/keys.ts';
import type { User } from '#domain/directory/schemas.ts';
import type { HandoffKind } from '#domain/handoffs/checklists.ts';
import type { HandoffStatus } from '#domain/handoffs/workflow.ts';
import { addWorkingHours } from '#domain/handoffs/working-hours.ts';
import type { Caller } from '#domain/identity/roles.ts';
import type { ReferralStatus } from '#domain/referrals/workflow.ts';
import { config } from '#lib/config.ts';
import { contextAs, type ServiceContext } from '#services/context.ts';
import { partners, teams, users } from '#services/directory.ts';
import { checklists, handoffs } from '#services/handoffs.ts';
import { referrals } from '#services/referrals.ts';
import { sweep } from '#services/sweeper.ts';
import { type SeedCalendar, seedCalendar } from './seed-calendar.ts';
import { seedCustomersAndIssues } from './seed-customers.ts';

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
 * The demo organisation's directory alone: its teams, partner organisations and people, by the
 * names the sign-in page shows. `seedDemo` lays the history on top; a test that needs only the
 * people (the local identity provider's) seeds just this.
 */
export async function seedDemoDirectory(db: Db, now: () => Date = () => new Date()): Promise<Map<string, User>> {
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
  return created;
}

/**
 * Seeds the demo organisation once: on a table that has the marker, it does nothing. Later
 * capabilities add their records here, through the same services the API uses.
 */
export async function seedDemo(db: Db, now: () => Date = () => new Date()): Promise<boolean> {
  if (await isSeeded(db)) return false;
  const created = await seedDemoDirectory(db, now);
  // One instant for the whole seed: every record is placed against the same calendar.
  const calendar = seedCalendar(now(), config.ORG_TIME_ZONE);
  const customers = await seedReferrals(db, created, calendar);
  await seedHandoffs(db, created, customers, calendar);
  await seedCustomersAndIssues(db, created, calendar);
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
  ['Quartz Mobility', 'quartz-mobility.example', 'Keep a fleet of shared scooters charged and placed.'],
  ['Rosewood Estates', 'rosewood-estates.example', 'Answer tenants’ repair requests within a day.'],
  ['Saffron Kitchens', 'saffron-kitchens.example', 'Order stock for nine restaurants from one list.'],
  ['Thistle Pharmacy', 'thistle-pharmacy.example', 'Remind patients when prescriptions are ready.'],
  ['Upland Outdoor', 'upland-outdoor.example', 'Run click-and-collect from every store.'],
  ['Vireo Software', 'vireo-software.example', 'Give resellers their own support queue.'],
  ['Wexford Mills', 'wexford-mills.example', 'Plan production around raw-material deliveries.'],
  ['Yellowfin Marine', 'yellowfin-marine.example', 'Book boat services online, with reminders.'],
] as const;

/**
 * The earlier period's referrals (demoEarlierWeeks): fewer, from fewer referrers, and answered
 * less often with a yes than in the history after it, so that the partners' referrals and
 * acceptance move. None is won: the customers the demo knows came later.
 */
const earlierProspects: readonly (readonly [string, string, string, string, ReferralStatus[]])[] = [
  ['Alder Street Bakery', 'alder-street.example', 'Take wholesale orders online.', 'Nora Lindqvist', ['declined']],
  ['Birchwood Legal', 'birchwood-legal.example', 'Track matters and deadlines.', 'Alex Rivera', ['accepted']],
  ['Cedar Point Marinas', 'cedar-point.example', 'Book berths online.', 'Nora Lindqvist', ['declined']],
  ['Dunmore Textiles', 'dunmore.example', 'Plan dye-house batches.', 'Cara Jensen', ['accepted', 'qualified', 'lost']],
  ['Elmfield Schools', 'elmfield.example', 'Tell parents about closures.', 'Nora Lindqvist', ['accepted']],
  ['Foxglove Florists', 'foxglove.example', 'Deliver same-day across town.', 'Alex Rivera', ['declined']],
  ['Gorse Hill Farms', 'gorse-hill.example', 'Sell boxes to subscribers.', 'Nora Lindqvist', ['declined']],
];

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
 * Twelve weeks of referrals from every partner organisation and the advocate, in every status,
 * triaged by Sales, some answered late, some still waiting (the sweeper marks those overdue),
 * and one conflict for staff to rule on.
 */
async function seedReferrals(db: Db, people: Map<string, User>, calendar: SeedCalendar): Promise<DemoCustomer[]> {
  const { now } = calendar;
  const person = (name: string) => {
    const user = people.get(name);
    if (!user) throw new Error(`No demo user ${name}`);
    return user;
  };
  const as = (user: User, at: Date) => contextAs(db, user, at);
  const referrers = ['Nora Lindqvist', 'Ben Carter', 'Cara Jensen', 'Alex Rivera'].map(person);
  const triage = [person('Sam Okafor'), person('Olivia Brandt')];
  const customers: DemoCustomer[] = [];
  const placed = (index: number, weeksBack: number) => calendar.inWeek(weeksBack, 2 + (index % 3) * 9 + (index % 4));
  const planned = [
    // The earlier period first, oldest first (see demoEarlierWeeks).
    ...earlierProspects.map(([name, domain, job, who, path], position) => ({
      name,
      domain,
      job,
      referrer: person(who),
      path,
      index: prospects.length + position,
      submittedAt: placed(position, calendar.earlierWeekOf(position, earlierProspects.length)),
    })),
    // Two or three a week, early in the working week, over every whole week of the history.
    ...prospects.map(([name, domain, job], index) => ({
      name,
      domain,
      job,
      referrer: referrers[index % referrers.length] as User,
      path: paths[index % paths.length] ?? [],
      index,
      submittedAt: placed(index, calendar.weekOf(index, prospects.length)),
    })),
  ];
  for (const { name, domain, job, referrer, path, index, submittedAt } of planned) {
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
      // What would happen after now has not happened yet: the referral waits where it is.
      if (at > now) break;
      const staff = triage[index % triage.length] as User;
      const moved = await referrals.transition(as(staff, at), referral.id, version, {
        to,
        ...(to === 'declined' ? { reason: 'Too small for us today; try again next year.' } : {}),
        ...(to === 'lost' ? { reason: 'They chose to build it themselves.' } : {}),
        ...(to === 'accepted' ? { noteToReferrer: 'Thank you: we have booked a discovery call.' } : {}),
      });
      version = moved.version;
      if (moved.customerId) customers.push({ id: moved.customerId, name, since: at });
      at = new Date(at.getTime() + 3 * 24 * hour);
    }
  }
  // A second partner registering an open prospect: a conflict for staff to rule on.
  const open = prospects[0];
  try {
    await referrals.submit(as(person('Ben Carter'), calendar.ago(2)), {
      company: { name: `${open[0]} Inc.` },
      contact: { name: 'Avery Stone', email: `avery@${open[1]}` },
      jobToBeDone: open[2],
      fit: { resources: 3, functional: 3, technical: 3, cultural: 3 },
      stakeholders: [],
    });
  } catch (error) {
    if (!(error instanceof Error) || (error.name !== 'Error' && !('status' in error))) throw error;
  }
  return customers;
}

/** A customer a won referral created, and since when it exists. */
interface DemoCustomer {
  readonly id: string;
  readonly name: string;
  readonly since: Date;
}

/**
 * The titles a team's inbox shows, a few per team so that it reads like a month of real work:
 * `{customer}` is the customer's name; a handoff about no customer yet takes `prospect`, with
 * `{prospect}` the name of a company still being won (one of the referred prospects). The kind, checklist and what goes missing stay the team's own.
 */
const handoffTitles: Record<(typeof demoTeams)[number], readonly { summary: string; prospect: string }[]> = {
  Sales: [
    { summary: 'Expansion lead at {customer}', prospect: 'Expansion lead from a trade-show contact at {prospect}' },
    {
      summary: 'Renewal at risk: {customer} asks for a discount',
      prospect: 'Pricing question from {prospect}, an inbound enquiry',
    },
    {
      summary: '{customer} wants a second site live',
      prospect: 'Multi-site enquiry from {prospect}, passed on by support',
    },
  ],
  Onboarding: [
    { summary: 'Kickoff for {customer}', prospect: 'Kickoff for {prospect}’s pilot, signed at the summit' },
    { summary: 'Data migration for {customer}', prospect: 'Data migration for {prospect}’s pilot' },
    { summary: 'Admin training for {customer}’s new team', prospect: 'Admin training for {prospect}’s trial account' },
    { summary: 'Single sign-on set-up for {customer}', prospect: 'Single sign-on set-up for {prospect}’s pilot' },
  ],
  Support: [
    {
      summary: 'Invoice export failing for {customer}',
      prospect: 'Invoice export question from a trial user at {prospect}',
    },
    {
      summary: '{customer} cannot reach the API from their network',
      prospect: 'API access problem during {prospect}’s proof of concept',
    },
    {
      summary: 'Slow reports after {customer}’s data import',
      prospect: 'Slow reports in {prospect}’s trial workspace',
    },
  ],
  Product: [
    { summary: 'Bulk import request from {customer}', prospect: 'Bulk import request from {prospect}’s evaluation' },
    {
      summary: '{customer} asks for approval rules by amount',
      prospect: 'Approval-rules request raised in a demo for {prospect}',
    },
    {
      summary: 'Offline mode for {customer}’s field teams',
      prospect: 'Offline-mode question from {prospect}’s field teams',
    },
  ],
  Finance: [
    { summary: 'Payment terms for {customer}’s renewal', prospect: 'Payment terms for {prospect}’s first order' },
    {
      summary: 'Credit note for {customer}’s duplicate invoice',
      prospect: 'Credit note for {prospect}’s cancelled pilot',
    },
    { summary: 'Change of billing entity for {customer}', prospect: 'Billing entity for {prospect}, newly signed' },
  ],
};

/**
 * What each team is typically handed, of which kind, what it asks senders for (its checklist
 * for that kind, each item with the answer the demo gives), and what it typically finds
 * missing (one of those items, or words of its own where it keeps no list).
 */
const handoffWork: Record<
  (typeof demoTeams)[number],
  {
    kind: HandoffKind;
    checklist?: Readonly<Record<string, string>>;
    promised: string;
    needs: string;
    missing: string;
    note: string;
  }
> = {
  Sales: {
    kind: 'other',
    promised: 'A call about extra seats next week.',
    needs: 'The account history and who the champion is.',
    missing: 'Who the champion is',
    note: 'Added the champion: Sam Lee, head of operations.',
  },
  Onboarding: {
    kind: 'kickoff',
    checklist: {
      'The signed order form': 'Signed on the 1st; in the shared drive.',
      'The admin contact': 'Priya Shah, IT lead.',
      'The number of seats': 'Forty, possibly more after the pilot.',
    },
    promised: 'A live workspace and a kickoff call within five working days.',
    needs: 'The signed order form, the admin contact and the number of seats.',
    missing: 'The number of seats',
    note: 'Forty seats, confirmed by their admin.',
  },
  Support: {
    kind: 'escalation',
    checklist: {
      'What the customer was told': 'That we look at it today and call back tomorrow.',
      'Steps to reproduce': 'Export any invoice from last month as PDF.',
      'Their environment': 'Chrome on Windows, the EU tenant.',
    },
    promised: 'An answer by the end of the week.',
    needs: 'The ticket history and the customer’s environment.',
    missing: 'Steps to reproduce',
    note: 'Steps to reproduce are in the ticket now.',
  },
  Product: {
    kind: 'other',
    promised: 'A yes or no, with a rough timeline, this month.',
    needs: 'The use case, the volumes and their deadline.',
    missing: 'Expected volumes',
    note: 'About 20,000 records a month.',
  },
  Finance: {
    kind: 'invoice_query',
    checklist: {
      'The invoice number': 'INV-2291.',
      'The approved quote': 'Quote Q-118, approved by the CFO.',
      'The purchase order number': 'Their PO comes with the renewal.',
    },
    promised: 'Net-60 terms on the renewal.',
    needs: 'The approved quote and the purchase order number.',
    missing: 'The purchase order number',
    note: 'PO 4471-B attached.',
  },
};

/** One move of a seeded handoff, and when it happens. */
interface SeedStep {
  readonly to: HandoffStatus;
  /** Working hours after the previous step; `onTime` and `late` place an acknowledgement against its due time. */
  readonly after: number | 'onTime' | 'late';
}

interface Scenario {
  readonly steps: readonly SeedStep[];
  readonly rating?: number;
}

const acknowledge = (late = false): SeedStep => ({ to: 'acknowledged', after: late ? 'late' : 'onTime' });
const returnAndResubmit: SeedStep[] = [acknowledge(), { to: 'returned', after: 0.5 }, { to: 'sent', after: 3 }];
const scenario = {
  waiting: { steps: [] },
  acknowledged: { steps: [acknowledge()] },
  acknowledgedLate: { steps: [acknowledge(true)] },
  accepted: { steps: [acknowledge(), { to: 'accepted', after: 1 }] },
  returned: { steps: [acknowledge(), { to: 'returned', after: 0.5 }] },
  resubmitted: { steps: returnAndResubmit },
  completed: (rating: number, late = false): Scenario => ({
    steps: [acknowledge(late), { to: 'accepted', after: 1 }, { to: 'completed', after: 12 }],
    rating,
  }),
  completedAfterReturn: (rating: number): Scenario => ({
    steps: [...returnAndResubmit, acknowledge(), { to: 'accepted', after: 1 }, { to: 'completed', after: 10 }],
    rating,
  }),
} satisfies Record<string, Scenario | ((rating: number, late?: boolean) => Scenario)>;

/** Oldest first: the early weeks are done and rated; the recent ones are in every state. */
const handoffScenarios: Scenario[] = [
  ...Array.from({ length: 2 }, () => [
    scenario.completed(5),
    scenario.completed(4, true),
    scenario.completedAfterReturn(3),
    scenario.completed(4),
    scenario.completed(2, true),
    scenario.completedAfterReturn(4),
    scenario.accepted,
    scenario.completed(5),
    scenario.completedAfterReturn(2),
    scenario.completed(3, true),
  ]).flat(),
  ...Array.from({ length: 2 }, () => [
    scenario.completed(4),
    scenario.waiting,
    scenario.acknowledged,
    scenario.acknowledgedLate,
    scenario.accepted,
    scenario.returned,
    scenario.resubmitted,
    scenario.completed(5, true),
    scenario.completedAfterReturn(4),
    scenario.waiting,
  ]).flat(),
];

/**
 * The earlier period's handoffs (demoEarlierWeeks): all done long ago, but more often returned,
 * acknowledged late and rated lower than in the history after it, so that the internal
 * customers' figures move.
 */
const earlierHandoffScenarios: Scenario[] = [
  scenario.completedAfterReturn(2),
  scenario.completed(3, true),
  scenario.completedAfterReturn(3),
  scenario.completed(2, true),
  scenario.completedAfterReturn(2),
  scenario.completed(3, true),
  scenario.completedAfterReturn(3),
  scenario.completed(4, true),
  scenario.completedAfterReturn(2),
  scenario.completed(3, true),
];

/** Where most of the demo's handoffs go: the well-rated two first, then the poorly rated one. */
const busyLanes = [
  ['Sales', 'Onboarding'],
  ['Onboarding', 'Support'],
  ['Support', 'Product'],
] as const satisfies readonly (readonly [(typeof demoTeams)[number], (typeof demoTeams)[number]])[];

const ratingComments: Record<number, string> = {
  2: 'We had to chase what was missing, and the promise to the customer was tighter than we could keep.',
  3: 'Workable, but the needs only became clear after a return.',
  4: 'Clear and complete; the due date was a little tight.',
  5: 'Everything we needed, first time.',
};

/**
 * Twelve weeks of handoffs between every pair of demo teams, through the same service the API
 * uses, each step in its own time-shifted context: every status, some acknowledged late, some
 * never acknowledged (the sweeper marks those overdue on its first run), some returned and
 * resubmitted, every completed one rated by the team that received it. A few sent in the last
 * hours are still within their SLA.
 */
async function seedHandoffs(
  db: Db,
  people: Map<string, User>,
  customers: readonly DemoCustomer[],
  seed: SeedCalendar,
): Promise<void> {
  const { now, calendar } = seed;
  const staffOf = new Map<string, User>();
  for (const user of demoUsers) {
    const record = people.get(user.name);
    if (user.role === 'staff' && record) staffOf.set(user.team, record);
  }
  const member = (team: (typeof demoTeams)[number]) => {
    const user = staffOf.get(team);
    if (!user?.teamId) throw new Error(`No demo staff in ${team}`);
    return user;
  };
  // Each team's checklist first, written by its own staff, so that every handoff answers it.
  const itemIds = new Map<string, string>();
  for (const team of demoTeams) {
    const { kind, checklist } = handoffWork[team];
    if (!checklist) continue;
    const staff = member(team);
    const written = await checklists.replace(contextAs(db, staff, now), staff.teamId as string, 0, {
      ...{ kickoff: [], escalation: [], invoice_query: [], other: [] },
      [kind]: Object.keys(checklist).map((label) => ({ label })),
    });
    for (const item of written.kinds[kind]) itemIds.set(`${team}#${item.label}`, item.id);
  }
  const answersFor = (team: (typeof demoTeams)[number]) =>
    Object.fromEntries(
      Object.entries(handoffWork[team].checklist ?? {}).map(([label, answer]) => [
        itemIds.get(`${team}#${label}`),
        answer,
      ]),
    );
  const pairs = demoTeams.flatMap((from) => demoTeams.filter((to) => to !== from).map((to) => [from, to] as const));
  const latest = now.getTime() - 60 * 1000;
  // A step never lands in the future, nor before the one it follows.
  const placed = (wanted: Date, previous: Date, stepsLeft: number) =>
    new Date(Math.max(previous.getTime() + 1000, Math.min(wanted.getTime(), latest - stepsLeft * 60 * 1000)));

  // A title names its customer, so one team's inbox would read the same line again whenever the
  // history's early weeks, with only a few customers signed, sent it work about the same one.
  // Each handoff takes the first title not yet used, going through the customers signed by then
  // and the team's kinds of work in turn; a handoff about no customer takes a prospect's title.
  const usedTitles = new Set<string>();
  const subjectOf = (to: (typeof demoTeams)[number], index: number, at: Date) => {
    const titles = handoffTitles[to];
    const turn = <T>(list: readonly T[], offset: number) => list[(index + offset) % list.length] as T;
    const eligible = customers.filter((customer) => customer.since < at);
    const aboutCustomer = index % 5 !== 4;
    const candidates = aboutCustomer
      ? eligible.flatMap((_, offset) =>
          titles.map((__, kind) => ({
            customer: turn(eligible, offset),
            summary: turn(titles, kind).summary.replace('{customer}', turn(eligible, offset).name),
          })),
        )
      : [];
    const prospectTitles = prospects.flatMap((_, offset) =>
      titles.map((__, kind) => turn(titles, kind).prospect.replace('{prospect}', turn(prospects, offset)[0])),
    );
    const chosen = candidates.find((candidate) => !usedTitles.has(candidate.summary)) ?? {
      customer: undefined,
      summary: prospectTitles.find((title) => !usedTitles.has(title)) ?? (prospectTitles[0] as string),
    };
    usedTitles.add(chosen.summary);
    return chosen;
  };

  const send = async (
    index: number,
    pair: readonly [(typeof demoTeams)[number], (typeof demoTeams)[number]],
    at: Date,
  ) => {
    const [from, to] = pair;
    const work = handoffWork[to];
    const { customer, summary } = subjectOf(to, index, at);
    const receiving = member(to);
    return {
      receiving,
      handoff: await handoffs.send(contextAs(db, member(from), at), {
        toTeamId: receiving.teamId as string,
        kind: work.kind,
        answers: answersFor(to),
        ...(customer ? { customerId: customer.id } : {}),
        summary,
        promised: work.promised,
        needs: work.needs,
        ...(index % 3 === 0 ? { dueAt: new Date(at.getTime() + 7 * 24 * hour).toISOString() } : {}),
      }),
    };
  };

  // A checklist item when the team keeps one of that name, else the team's own words.
  const missingOf = (team: (typeof demoTeams)[number]) => {
    const item = itemIds.get(`${team}#${handoffWork[team].missing}`);
    return item ? { missingItems: [item] } : { missing: [handoffWork[team].missing] };
  };

  // Spread evenly, each of the twenty pairs would hold two handoffs in the twelve weeks, under the
  // scorecard's minimum sample, and the heat map would be all grey. Work runs down a few busy
  // lanes, as it does in a company: the rated handoffs go down three of them (the well-rated ones
  // shared by two, the poorly rated ones down the third), so that those cells are judged and
  // tell apart; the rest go one by one down the other pairs, which stay "too few to judge".
  const busy = busyLanes.map(([from, to]) => `${from}>${to}`);
  const quiet = pairs.filter(([from, to]) => !busy.includes(`${from}>${to}`));
  let wellRated = 0;
  let unrated = 0;
  const pairOf = (plan: Scenario): (typeof pairs)[number] => {
    if (plan.rating === undefined) return quiet[unrated++ % quiet.length] ?? (pairs[0] as (typeof pairs)[number]);
    if (plan.rating <= 3) return busyLanes[2];
    return busyLanes[wellRated++ % 2] ?? busyLanes[0];
  };

  const inWeek = (index: number, weeksBack: number) => seed.inWeek(weeksBack, 0.5 + (index % 5) + 8 * (index % 4));
  const planned = [
    // The earlier period first (see demoEarlierWeeks): oldest first, for the sweeps below.
    ...earlierHandoffScenarios.map((plan, position) => ({
      plan,
      index: handoffScenarios.length + 5 + position,
      pair: pairs[(position * 3 + 1) % pairs.length] ?? (pairs[0] as (typeof pairs)[number]),
      wanted: inWeek(position, seed.earlierWeekOf(position, earlierHandoffScenarios.length)),
    })),
    // Three or four a week over every whole week of the history, oldest first.
    ...handoffScenarios.map((plan, index) => ({
      plan,
      index,
      pair: pairOf(plan),
      wanted: inWeek(index, seed.weekOf(index, handoffScenarios.length)),
    })),
  ];
  for (const { plan, index, pair, wanted: sendWanted } of planned) {
    const [from, to] = pair;
    const sentAt = placed(sendWanted, new Date(0), plan.steps.length + 2);
    const { handoff, receiving } = await send(index, pair, sentAt);
    let current = handoff;
    let at = sentAt;
    for (const [position, step] of plan.steps.entries()) {
      const wanted =
        step.after === 'onTime'
          ? addWorkingHours(new Date(current.sentAt), 1, calendar)
          : step.after === 'late'
            ? addWorkingHours(new Date(current.ackDueAt), 3, calendar)
            : addWorkingHours(at, step.after, calendar);
      at = placed(wanted, at, plan.steps.length - position + 1);
      if (step.after === 'late') {
        // The sweeper ran while it waited, as it would have: marked overdue, then acknowledged.
        // The handoffs go oldest first, so whatever else it marks was waiting at that time too.
        await sweep(db, new Date(Date.parse(current.ackDueAt) + 60 * 1000));
        current = await handoffs.get(contextAs(db, receiving, at), current.id);
      }
      const actor = step.to === 'sent' ? member(from) : receiving;
      current = await handoffs.transition(contextAs(db, actor, at), current.id, current.version, {
        to: step.to,
        ...(step.to === 'returned' ? missingOf(to) : {}),
        ...(step.to === 'sent' ? { note: handoffWork[to].note } : {}),
      });
    }
    if (plan.rating !== undefined) {
      at = placed(addWorkingHours(at, 2, calendar), at, 1);
      const comment = ratingComments[plan.rating];
      await handoffs.rate(contextAs(db, receiving, at), current.id, {
        score: plan.rating,
        ...(comment ? { comment } : {}),
      });
    }
  }
  // Sent in the last two hours: within any SLA of four working hours or more.
  for (let fresh = 0, index = handoffScenarios.length; fresh < 5; fresh++, index++) {
    const pair = pairs[(fresh * 4 + 1) % pairs.length] ?? pairs[0];
    if (pair) await send(index, pair, new Date(now.getTime() - (2 - fresh * 0.3) * hour));
  }
}
