import type { Db } from '#data/client.ts';
import { getSettings } from '#data/settings-repository.ts';
import type { CustomerCreation, LifecycleStage } from '#domain/customers/schemas.ts';
import type { CustomerView } from '#domain/customers/views.ts';
import type { User } from '#domain/directory/schemas.ts';
import type { ContributingFactor } from '#domain/issues/schemas.ts';
import { issueDueDates, type Severity } from '#domain/issues/targets.ts';
import type { OrganisationSettings } from '#domain/settings/schemas.ts';
import { contextAs } from '#services/context.ts';
import { customers } from '#services/customers.ts';
import { issues, sweepIssueTargets } from '#services/issues.ts';
import { demoHistoryWeeks, type SeedCalendar } from './seed-calendar.ts';

const minute = 60 * 1000;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * The demo's external customers: every lifecycle stage, each reached by the moves a real one
 * would make (days apart), three lapsed, two of them with open issues, two won back.
 */
const demoCustomers: {
  name: string;
  domain: string;
  segment: string;
  job: string;
  /** Days ago it was entered, and the stage it was entered at. */
  since: number;
  start: Exclude<LifecycleStage, 'won_back'>;
  /** Later moves: [days ago, stage, note?]. */
  moves: [number, LifecycleStage, string?][];
}[] = [
  {
    name: 'Quayside Ports',
    domain: 'quayside.example',
    segment: 'enterprise',
    job: 'Berth ships without phone calls.',
    since: 20,
    start: 'prospect',
    moves: [],
  },
  {
    name: 'Redwood Clinics',
    domain: 'redwood-clinics.example',
    segment: 'mid-market',
    job: 'Book patients across twelve clinics.',
    since: 45,
    start: 'prospect',
    moves: [[30, 'first_purchase']],
  },
  {
    name: 'Silverline Travel',
    domain: 'silverline.example',
    segment: 'mid-market',
    job: 'Rebook stranded travellers in minutes.',
    since: 60,
    start: 'first_purchase',
    moves: [[25, 'repeat']],
  },
  {
    name: 'Tidewater Utilities',
    domain: 'tidewater.example',
    segment: 'public sector',
    job: 'Tell residents about outages before they call.',
    since: 70,
    start: 'first_purchase',
    moves: [
      [50, 'repeat'],
      [15, 'loyal'],
    ],
  },
  {
    name: 'Umber Architects',
    domain: 'umber.example',
    segment: 'small business',
    job: 'Share drawings with clients safely.',
    since: 80,
    start: 'repeat',
    moves: [
      [60, 'loyal'],
      [10, 'advocate', 'Spoke for us at the regional user group.'],
    ],
  },
  {
    name: 'Vantage Retail',
    domain: 'vantage-retail.example',
    segment: 'enterprise',
    job: 'Keep stock counts right across forty stores.',
    since: 75,
    start: 'repeat',
    moves: [[9, 'lapsed', 'Did not renew after the order-sync failures.']],
  },
  {
    name: 'Willow Care Homes',
    domain: 'willow-care.example',
    segment: 'mid-market',
    job: 'Roster carers around residents’ needs.',
    since: 70,
    start: 'loyal',
    moves: [[4, 'lapsed', 'Paused the contract: the rota outage hit their night shifts.']],
  },
  {
    name: 'Xenon Robotics',
    domain: 'xenon-robotics.example',
    segment: 'mid-market',
    job: 'Track parts from supplier to line.',
    since: 80,
    start: 'first_purchase',
    moves: [
      [55, 'repeat'],
      [33, 'lapsed', 'Moved to an in-house tool.'],
    ],
  },
  {
    name: 'Yarrow Publishing',
    domain: 'yarrow.example',
    segment: 'small business',
    job: 'Pay authors royalties on time.',
    since: 78,
    start: 'repeat',
    moves: [
      [40, 'lapsed', 'Left after two late royalty runs.'],
      [21, 'won_back', 'Fixed the royalty export, refunded a quarter and gave them a named contact.'],
      [5, 'repeat'],
    ],
  },
  {
    name: 'Zephyr Telecom',
    domain: 'zephyr-telecom.example',
    segment: 'enterprise',
    job: 'Answer business customers’ tickets in one place.',
    since: 82,
    start: 'loyal',
    moves: [
      [36, 'lapsed', 'Budget cut after their merger.'],
      [12, 'won_back', 'New budget holder; we ran a workshop on their merged support desk.'],
    ],
  },
  {
    name: 'Aurora Dental',
    domain: 'aurora-dental.example',
    segment: 'small business',
    job: 'Remind patients of check-ups.',
    since: 50,
    start: 'first_purchase',
    moves: [[20, 'repeat']],
  },
  {
    name: 'Beacon Freight',
    domain: 'beacon-freight.example',
    segment: 'enterprise',
    job: 'Cut invoice disputes with shippers.',
    since: 85,
    start: 'repeat',
    moves: [[45, 'loyal']],
  },
];

/** The demo customers still buying, whom the weekly issues are about (with the referred ones). */
const activeDemoCustomers = [
  'Redwood Clinics',
  'Silverline Travel',
  'Tidewater Utilities',
  'Umber Architects',
  'Aurora Dental',
  'Beacon Freight',
  'Yarrow Publishing',
  'Zephyr Telecom',
];

const firstNames = ['Dana', 'Ravi', 'Ines', 'Tomás', 'Grace', 'Kenji', 'Lena', 'Marcus'];
const lastNames = ['Whitfield', 'Iyer', 'Moreau', 'Alves', 'Osei', 'Tanaka', 'Berg', 'Hughes'];

function stakeholders(index: number, domain: string): NonNullable<CustomerCreation['stakeholders']> {
  const person = (offset: number) => {
    const first = firstNames[(index + offset) % firstNames.length] as string;
    const last = lastNames[(index * 3 + offset) % lastNames.length] as string;
    return {
      name: `${first} ${last}`,
      email: `${first.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '')}@${domain}`,
    };
  };
  return [
    { ...person(0), role: 'decision_maker', title: 'Chief Operating Officer' },
    { ...person(1), role: index % 2 ? 'champion' : 'ally', title: 'Head of Operations' },
    { ...person(2), role: 'ally', title: 'IT Lead' },
    ...(index % 3 === 0 ? [{ ...person(3), role: 'bag_of_wind' as const, title: 'Procurement Adviser' }] : []),
  ];
}

/**
 * What went wrong, per severity: a title and the impact. The lengths (7 and 13) share no factor
 * with the three-a-week rhythm that picks them, so no text repeats within a severity's twelve weeks.
 */
const impacts: Record<Severity, readonly { title: string; impact: string }[]> = {
  sev1: [
    {
      title: 'Portal down during month-end close',
      impact:
        'The portal was down for all their users during month-end close; finance could not post a single journal.',
    },
    {
      title: 'Card payments failing after release',
      impact: 'Card payments failed for every order after Tuesday’s release; their web shop showed a generic error.',
    },
    {
      title: 'Rota service stopped publishing shifts',
      impact: 'The rota service stopped publishing shifts overnight; the early shift arrived without assignments.',
    },
    {
      title: 'Data export leaked into the wrong tenant',
      impact: 'A scheduled export landed in another customer’s storage bucket; we revoked access within the hour.',
    },
    {
      title: 'Sign-in broken for single sign-on users',
      impact: 'Every user signing in through their identity provider got a loop back to the login page.',
    },
    {
      title: 'Booking engine double-books rooms',
      impact:
        'The booking engine confirmed the same rooms twice for three evenings; guests were turned away at the desk.',
    },
    {
      title: 'Patient reminders sent to wrong numbers',
      impact: 'Appointment reminders went to the previous patient’s phone number after a contact import.',
    },
  ],
  sev2: [
    {
      title: 'ERP order sync failing',
      impact: 'Order sync to their ERP fails; orders are being re-keyed by hand by two people.',
    },
    {
      title: 'Invoices sent twice',
      impact: 'Invoices for the month were sent twice to their clients; some paid both.',
    },
    {
      title: 'Royalty statements show wrong totals',
      impact: 'Royalty statements showed the wrong totals for authors with more than one imprint.',
    },
    {
      title: 'Tracking links dead in shipping e-mails',
      impact: 'The tracking links in shipping confirmations lead to a 404; their support line is flooded.',
    },
    {
      title: 'Meter readings not importing',
      impact: 'Smart-meter readings stopped importing on Friday; bills for the weekend cannot be produced.',
    },
    {
      title: 'Approval workflow skips the second signer',
      impact: 'Purchase orders above the limit are approved with one signature instead of two.',
    },
    {
      title: 'Mobile app crashes on upload',
      impact: 'The mobile app crashes when their inspectors upload photos from site.',
    },
    {
      title: 'Timesheets lost on submit',
      impact: 'Timesheets submitted after 18:00 disappear; staff are re-entering a week of hours.',
    },
    {
      title: 'Tax rates wrong for Irish orders',
      impact: 'Orders shipped to Ireland were charged the UK VAT rate since the rate table update.',
    },
    {
      title: 'Call recordings missing',
      impact: 'Call recordings from their contact centre are missing for two days; compliance has asked why.',
    },
    {
      title: 'Stock levels out of sync',
      impact: 'Stock levels in the shop lag the warehouse by hours; they sold out-of-stock items all morning.',
    },
    {
      title: 'Contract renewals not generating',
      impact: 'Renewal documents were not generated for contracts ending this month.',
    },
    {
      title: 'Route planner ignores road closures',
      impact: 'The route planner sends drivers through a closed bridge; deliveries are running two hours late.',
    },
  ],
  sev3: [
    {
      title: 'Weekly report a day late',
      impact: 'The weekly report arrives a day late, after their Monday management meeting.',
    },
    { title: 'Search slow for large accounts', impact: 'Search takes half a minute for their largest accounts.' },
    {
      title: 'Password reset fails for two users',
      impact: 'Two of their users cannot reset their passwords; the reset e-mail never arrives.',
    },
    {
      title: 'Calendar sync drops recurring meetings',
      impact: 'Recurring meetings vanish from the synced calendar after the first occurrence.',
    },
    {
      title: 'CSV export cuts off accents',
      impact: 'Names with accents come out garbled in the CSV export they send to payroll.',
    },
    {
      title: 'Dashboard filters reset on reload',
      impact: 'Saved dashboard filters reset whenever the page is reloaded.',
    },
    {
      title: 'Notifications arrive twice',
      impact: 'Their managers get every approval request twice, once by e-mail and once again an hour later.',
    },
    {
      title: 'Print layout breaks on A4',
      impact: 'Delivery notes print across two pages on A4 paper since the template change.',
    },
    {
      title: 'Audit log missing user names',
      impact: 'The audit log shows ids instead of user names for changes made through the API.',
    },
    {
      title: 'Bulk edit limited to 50 rows',
      impact: 'Bulk edit stops at 50 rows; they split a 600-row price change into twelve batches.',
    },
    {
      title: 'Time zone wrong on shared reports',
      impact: 'Reports shared with their Singapore office show London times.',
    },
    {
      title: 'Attachments over 10 MB refused',
      impact: 'Drawings over 10 MB are refused, though their plan allows 50 MB.',
    },
    {
      title: 'Reminder e-mails land in spam',
      impact: 'Payment reminders land in their clients’ spam folders since the sender change.',
    },
  ],
  sev4: [
    { title: 'Typo in the invoice footer', impact: 'A typo in the invoice footer: “Thank you for you business”.' },
    {
      title: 'Export columns in the wrong order',
      impact: 'Export columns come out in a different order from the screen.',
    },
    { title: 'Blurry logo on wall screens', impact: 'The dashboard logo is blurry on their wall screens.' },
    { title: 'Dark mode hides chart labels', impact: 'In dark mode the chart labels are dark grey on black.' },
    {
      title: 'Help link points to old docs',
      impact: 'The help link in the settings page opens last year’s documentation.',
    },
    {
      title: 'Date picker starts weeks on Sunday',
      impact: 'The date picker starts weeks on Sunday for their European users.',
    },
    { title: 'Tooltip covers the save button', impact: 'A tooltip covers the save button on narrow laptop screens.' },
  ],
};

const told = [
  'Their operations lead knows; next update within the hour.',
  'We emailed their account team with a workaround.',
  'Nothing yet: we are confirming the scope first.',
  'Posted on the status page and called their decision maker.',
  'Their IT lead is on a shared call with our engineers.',
  'Sent a written summary to their head of operations; they asked for daily updates.',
  'Told their champion by chat; they are telling their own users.',
];

const followUps = [
  'Release checklist now includes an ERP sync test.',
  'Added a duplicate check to the billing run.',
  'Alerting on the rota publisher, paged to the on-call engineer.',
  'Runbook updated; support can apply the workaround without engineering.',
  'Capacity review booked for the reporting cluster.',
  'Agreed a joint escalation path with the partner.',
  'A test for the import mapping runs before every release now.',
  'The rate table has an owner and a second pair of eyes on every change.',
  'Moved the job to a queue with retries; failures now page the team.',
  'Added a contract test with their identity provider to the pipeline.',
  'Wrote to every affected customer with what changed and why.',
];

/** What the owner tells the customers once they own the issue. */
const ownerUpdates = [
  'Told them who owns it now and when they will hear from us next.',
  'Called their operations lead: named the owner and agreed an update at 15:00.',
  'E-mailed the affected users a workaround and the owner’s direct line.',
  'Joined their stand-up to explain what we know so far.',
  'Updated the status page with the owner and the next update time.',
];

const factorSets: ContributingFactor[][] = [
  ['process'],
  ['tooling', 'process'],
  ['communication'],
  ['capacity'],
  ['product'],
  ['partner', 'communication'],
];

const channels = ['email', 'phone', 'meeting', 'chat', 'status_page'] as const;

type Step = { readonly at: Date; readonly run: () => Promise<unknown> };

/** Who does what in the seed, when "now" is, and the steps of the issues' lives, in the making. */
interface Scene {
  readonly db: Db;
  readonly calendar: SeedCalendar;
  readonly person: (name: string) => User;
  readonly leader: User;
  readonly staff: readonly User[];
  readonly settings: OrganisationSettings;
  /** The demo's customers by name: their ids, and when each came to be. */
  readonly ids: Map<string, string>;
  readonly createdAt: Map<string, Date>;
  readonly steps: Step[];
}

/** One issue's life, as the seed lays it out. */
interface IssuePlan {
  readonly customer: string;
  readonly severity: Severity;
  readonly reportedAt: Date;
  readonly reporter: User;
  readonly owner?: { user: User; after: number };
  readonly handover?: { to: User; after: number };
  readonly mitigateAfter?: number;
  readonly resolveAfter?: number;
  readonly variant: number;
}

/**
 * Customers in every lifecycle stage and twelve weeks of customer-impacting issues of every
 * severity: most owned and resolved in time, some owned or resolved late, some still open (two
 * of them on lapsed customers, for the win-back list). Everything goes through the services
 * with time-shifted contexts; the breaches are marked by the sweeper, run at the moments it
 * would have run, so every event has the time it would have had.
 */
export async function seedCustomersAndIssues(
  db: Db,
  people: ReadonlyMap<string, User>,
  calendar: SeedCalendar,
): Promise<void> {
  const person = (name: string) => {
    const user = people.get(name);
    if (!user) throw new Error(`No demo user ${name}`);
    return user;
  };
  const scene: Scene = {
    db,
    calendar,
    person,
    leader: person('Morgan Hale'),
    staff: ['Sam Okafor', 'Olivia Brandt', 'Sunil Mehta', 'Priya Nair', 'Felix Wagner'].map(person),
    settings: await getSettings(db),
    ids: new Map(),
    createdAt: new Map(),
    steps: [],
  };
  await seedDemoCustomers(scene);
  const referred = await moveReferredCustomers(scene);
  planWeeklyIssues(scene, referred);
  planEarlierIssues(scene);
  planWinBackGrievances(scene);
  await runWhatHappened(scene);
}

/** The demo customers, each created when it came to be and moved along its lifecycle history. */
async function seedDemoCustomers(scene: Scene): Promise<void> {
  const { db, calendar, leader, staff } = scene;
  let index = 0;
  for (const demo of demoCustomers) {
    const enteredBy = staff[index % staff.length] as User;
    let current = await customers.create(contextAs(db, enteredBy, calendar.ago(demo.since)), {
      name: demo.name,
      domain: demo.domain,
      segment: demo.segment,
      lifecycle: demo.start,
      fit: {
        resources: 2 + (index % 4),
        functional: 3 + (index % 3),
        technical: 1 + ((index * 2) % 5),
        cultural: 2 + ((index + 1) % 4),
      },
      jobToBeDone: demo.job,
      stakeholders: stakeholders(index, demo.domain),
    });
    for (const [daysAgo, to, note] of demo.moves) {
      const mover = to === 'won_back' ? leader : (staff[(index + 1) % staff.length] as User);
      current = await customers.moveLifecycle(
        contextAs(db, mover, calendar.ago(daysAgo, 2)),
        current.id,
        current.version,
        {
          to,
          ...(note ? { note } : {}),
        },
      );
    }
    scene.ids.set(demo.name, current.id);
    scene.createdAt.set(demo.name, calendar.ago(demo.since));
    index++;
  }
}

/** The customers won referrals created: some moved along, and their referrers see their issues. */
async function moveReferredCustomers(scene: Scene): Promise<CustomerView[]> {
  const { db, calendar, leader, staff } = scene;
  const { now, ago } = calendar;
  const referred = (await customers.list(contextAs(db, leader, now), {}, { limit: 100 })).items.filter(
    (customer) => customer.referredBy,
  );
  for (const [position, customer] of referred.entries()) {
    scene.ids.set(customer.name, customer.id);
    scene.createdAt.set(customer.name, new Date(customer.createdAt));
    // A week ago, or a day after it was won if that is later (and has happened).
    const repeatAt = new Date(Math.max(ago(7).getTime(), Date.parse(customer.createdAt) + day));
    if (position % 2 === 0 && repeatAt <= now) {
      await customers.moveLifecycle(contextAs(db, staff[0] as User, repeatAt), customer.id, customer.version, {
        to: 'repeat',
      });
    }
  }
  return referred;
}

/** One issue's life, as steps at the times they happen; the sweeper runs just after each target. */
function planIssue(scene: Scene, issue: IssuePlan): void {
  const { db, leader, staff, steps } = scene;
  const { now } = scene.calendar;
  const as = (user: User, at: Date) => contextAs(db, user, at);
  const ref = { id: '' };
  const customerId = scene.ids.get(issue.customer);
  if (!customerId) throw new Error(`No demo customer ${issue.customer}`);
  const at = (offset: number) => new Date(issue.reportedAt.getTime() + offset);
  const version = async (when: Date) => (await issues.get(as(leader, when), ref.id)).version;
  steps.push({
    at: issue.reportedAt,
    run: async () => {
      const reported = await issues.report(as(issue.reporter, issue.reportedAt), {
        customerIds: [customerId],
        severity: issue.severity,
        ...(impacts[issue.severity][issue.variant % impacts[issue.severity].length] as {
          title: string;
          impact: string;
        }),
        customerTold: told[issue.variant % told.length] as string,
      });
      ref.id = reported.id;
    },
  });
  const due = issueDueDates(issue.reportedAt.toISOString(), issue.severity, scene.settings.issueTargets);
  for (const dueAt of [due.ownDueAt, due.resolveDueAt]) {
    const tick = new Date(Date.parse(dueAt) + 5 * minute);
    if (tick < now) steps.push({ at: tick, run: () => sweepIssueTargets(db, tick) });
  }
  const { owner, handover } = issue;
  const staffMember = staff[issue.variant % staff.length] as User;
  if (owner) {
    const when = at(owner.after);
    steps.push({
      at: when,
      run: async () => issues.transition(as(owner.user, when), ref.id, await version(when), { to: 'owned' }),
    });
    const logAt = at(owner.after + 5 * minute);
    steps.push({
      at: logAt,
      run: () =>
        issues.communicate(as(owner.user, logAt), ref.id, {
          channel: channels[issue.variant % channels.length] ?? 'email',
          summary: ownerUpdates[issue.variant % ownerUpdates.length] as string,
        }),
    });
  }
  if (owner && handover) {
    const when = at(handover.after);
    steps.push({
      at: when,
      run: async () => issues.handOver(as(leader, when), ref.id, await version(when), handover.to.id),
    });
  }
  const worker = handover?.to ?? owner?.user ?? staffMember;
  if (issue.mitigateAfter !== undefined) {
    const when = at(issue.mitigateAfter);
    steps.push({
      at: when,
      run: async () => issues.transition(as(worker, when), ref.id, await version(when), { to: 'mitigated' }),
    });
  }
  if (issue.resolveAfter !== undefined) {
    const when = at(issue.resolveAfter);
    steps.push({
      at: when,
      run: async () => {
        await issues.transition(as(worker, when), ref.id, await version(when), {
          to: 'resolved',
          followUp: followUps[issue.variant % followUps.length] as string,
        });
        // The factors are agreed an hour later, or now if that hour has not passed yet.
        const later = new Date(Math.min(when.getTime() + hour, now.getTime()));
        await issues.update(as(worker, later), ref.id, await version(later), {
          factors: factorSets[issue.variant % factorSets.length] as ContributingFactor[],
        });
      },
    });
  }
}

/**
 * Three issues in every whole week of the history, one of them a sev2 and the others of every
 * other severity in turn: most owned and resolved within their targets, every fifth owned late,
 * every sixth resolved late, every eighth still open. One is a partner's, on a customer its
 * organisation brought.
 */
function planWeeklyIssues(scene: Scene, referred: readonly CustomerView[]): void {
  const { calendar, staff, settings, createdAt } = scene;
  const { now } = calendar;
  const active = [...activeDemoCustomers, ...referred.map((customer) => customer.name)];
  const partner = scene.person('Ben Carter');
  const partnersCustomer = referred.find((customer) => customer.referredBy?.partnerId === partner.partnerId)?.name;
  const weekly = 3;
  const count = demoHistoryWeeks * weekly;
  for (let i = 0; i < count; i++) {
    const slot = i % weekly;
    const severity = (['sev2', 'sev3', Math.floor(i / weekly) % 2 ? 'sev1' : 'sev4'] as const)[slot] as Severity;
    const target = settings.issueTargets[severity];
    const reportedAt = calendar.inWeek(calendar.weekOf(i, count), 1 + slot * 12 + (i % 4));
    const ownAfter = target.ownMinutes * minute * (i % 5 === 0 ? 2.5 : 0.5);
    const resolveAfter = target.resolveHours * hour * (i % 6 === 0 ? 1.6 : 0.6);
    const open = i % 8 === 7;
    const stage = Math.floor(i / 8) % 3; // how far an open one got: reported, owned, mitigated
    const byPartner = i === 9 && partnersCustomer !== undefined;
    const reporter = byPartner ? partner : (staff[i % 3 === 0 ? 2 : (i + 1) % staff.length] as User);
    // About a customer that existed by then.
    const existing = active.filter((name) => (createdAt.get(name) ?? now) < reportedAt);
    const about = existing[i % Math.max(existing.length, 1)] ?? (active[i % active.length] as string);
    planIssue(scene, {
      customer: byPartner ? (partnersCustomer as string) : about,
      severity,
      reportedAt,
      reporter,
      variant: i,
      ...(!open || stage >= 1 ? { owner: { user: staff[(i + 2) % staff.length] as User, after: ownAfter } } : {}),
      ...(i % 4 === 1 && !open
        ? { handover: { to: staff[(i + 3) % staff.length] as User, after: ownAfter + (resolveAfter - ownAfter) / 4 } }
        : {}),
      ...(!open || stage === 2 ? { mitigateAfter: ownAfter + (resolveAfter - ownAfter) / 2 } : {}),
      ...(!open ? { resolveAfter } : {}),
    });
  }
}

/**
 * The earlier period (demoEarlierWeeks): fewer issues, and owned and resolved late more often
 * than in the history after it, about the customers the demo knew first.
 */
function planEarlierIssues(scene: Scene): void {
  const { calendar, staff, settings } = scene;
  const earliest = [...scene.createdAt.entries()].sort((a, b) => a[1].getTime() - b[1].getTime()).map(([name]) => name);
  const earlier = ['sev2', 'sev3', 'sev2', 'sev3', 'sev2', 'sev3'] as const;
  for (const [i, severity] of earlier.entries()) {
    const target = settings.issueTargets[severity];
    const ownAfter = target.ownMinutes * minute * (i % 2 === 0 ? 2.5 : 0.5);
    const resolveAfter = target.resolveHours * hour * (i % 3 === 2 ? 0.6 : 1.6);
    planIssue(scene, {
      customer: earliest[i % 3] as string,
      severity,
      reportedAt: calendar.inWeek(calendar.earlierWeekOf(i, earlier.length), 2 + (i % 3) * 12),
      reporter: staff[i % staff.length] as User,
      variant: i,
      owner: { user: staff[(i + 2) % staff.length] as User, after: ownAfter },
      mitigateAfter: ownAfter + (resolveAfter - ownAfter) / 2,
      resolveAfter,
    });
  }
}

/** What lapsed customers are still waiting on (the win-back list's grievances), and what was settled. */
function planWinBackGrievances(scene: Scene): void {
  const { staff } = scene;
  const { ago } = scene.calendar;
  planIssue(scene, {
    customer: 'Vantage Retail',
    severity: 'sev2',
    reportedAt: ago(12, 1),
    reporter: staff[1] as User,
    owner: { user: staff[2] as User, after: 40 * minute },
    mitigateAfter: 2 * day,
    variant: 0,
  });
  planIssue(scene, {
    customer: 'Vantage Retail',
    severity: 'sev3',
    reportedAt: ago(10),
    reporter: staff[3] as User,
    variant: 1,
  });
  planIssue(scene, {
    customer: 'Willow Care Homes',
    severity: 'sev1',
    reportedAt: ago(5, 3),
    reporter: staff[2] as User,
    variant: 2,
  });
  // Settled before they lapsed, and what won them back.
  planIssue(scene, {
    customer: 'Yarrow Publishing',
    severity: 'sev2',
    reportedAt: ago(44),
    reporter: staff[4] as User,
    owner: { user: staff[1] as User, after: 3 * hour },
    mitigateAfter: 20 * hour,
    resolveAfter: 23 * day,
    variant: 2,
  });
}

/** The planned steps in time order, those up to now: what would happen after now is still open. */
async function runWhatHappened(scene: Scene): Promise<void> {
  const { now } = scene.calendar;
  const happened = scene.steps.filter((step) => step.at <= now).sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const step of happened) await step.run();
  await sweepIssueTargets(scene.db, now);
}
