import type { Db } from '#data/client.ts';
import { getCustomer, getCustomers } from '#data/customer-repository.ts';
import { listActiveUsers, teamRepository, userRepository } from '#data/directory-repository.ts';
import { getHandoff } from '#data/handoff-repository.ts';
import { getIssueDetail } from '#data/issue-repository.ts';
import {
  countUnread,
  getPreferences,
  listNotifications,
  listUnreadIds,
  markMailed,
  markRead,
  putNotification,
  putPreferences,
  turnEmailOff,
  wasMailed,
} from '#data/notification-repository.ts';
import type { Page } from '#data/pagination.ts';
import { getReferral } from '#data/referral-repository.ts';
import { getSettings } from '#data/settings-repository.ts';
import { callerOf, type User } from '#domain/directory/schemas.ts';
import { ValidationError } from '#domain/errors.ts';
import { handoffEvents } from '#domain/handoffs/events.ts';
import type { Handoff } from '#domain/handoffs/schemas.ts';
import { mayBeNotified } from '#domain/identity/visibility.ts';
import { issueEvents, issueNotices } from '#domain/issues/events.ts';
import type { Issue } from '#domain/issues/schemas.ts';
import { issueView } from '#domain/issues/views.ts';
import { renderNotificationMail } from '#domain/notifications/render.ts';
import type {
  NewNotification,
  Notification,
  NotificationKind,
  NotificationPreferences,
  NotificationPreferencesView,
} from '#domain/notifications/schemas.ts';
import { notificationKindsFor } from '#domain/notifications/schemas.ts';
import { readUnsubscribeToken, unsubscribeToken } from '#domain/notifications/unsubscribe.ts';
import { referralEvents } from '#domain/referrals/events.ts';
import type { Referral } from '#domain/referrals/schemas.ts';
import type { ListOptions, ServiceContext } from './context.ts';
import type { ReactionContext, StreamedEvent } from './reaction.ts';

/** One notification to one user, before it is written. */
interface Planned {
  readonly user: User;
  readonly kind: NotificationKind;
  readonly title: string;
  readonly about?: string | undefined;
  readonly body?: string | undefined;
}

/** The record an event is about, loaded once. */
type Subject =
  | { type: 'referral'; record: Referral; path: string }
  | { type: 'handoff'; record: Handoff; path: string }
  | { type: 'issue'; record: Issue; path: string };

async function loadSubject(db: Db, event: StreamedEvent): Promise<Subject | undefined> {
  switch (event.recordType) {
    case 'referral': {
      const record = await getReferral(db, event.recordId);
      return record ? { type: 'referral', record, path: `/referrals/${record.id}` } : undefined;
    }
    case 'handoff': {
      const record = await getHandoff(db, event.recordId);
      return record ? { type: 'handoff', record, path: `/handoffs/${record.id}` } : undefined;
    }
    case 'issue': {
      const record = (await getIssueDetail(db, event.recordId))?.issue;
      return record ? { type: 'issue', record, path: `/issues/${record.id}` } : undefined;
    }
    default:
      return undefined;
  }
}

async function activeUser(db: Db, id: unknown): Promise<User | undefined> {
  if (typeof id !== 'string' || id === '' || id === 'system') return undefined;
  const user = await userRepository.get(db, id);
  return user?.active ? user : undefined;
}

/** The active staff of a team. */
const teamMembers = (db: Db, teamId: string) => listActiveUsers(db, { teamId });

/** The active leaders: they hear of what nobody owns, so that someone takes it. */
export const leaders = (db: Db) => listActiveUsers(db, { role: 'leader' });

async function teamName(db: Db, teamId: string): Promise<string> {
  return (await teamRepository.get(db, teamId))?.name ?? 'another team';
}

/** Who is on call for issues, if a leader named someone and they can still own an issue. */
async function onCallForIssues(db: Db): Promise<User | undefined> {
  const user = await activeUser(db, (await getSettings(db)).onCall.issues);
  return user && (user.role === 'staff' || user.role === 'leader') ? user : undefined;
}

const severe = new Set(['sev1', 'sev2']);
const quoted = (text: string) => `“${text.replace(/\s+/g, ' ').trim()}”`;
const listed = (names: readonly string[]) => names.join(', ');

/**
 * One notification rule: the event types it reacts to (and, for some, a condition on the event
 * or the record), who hears, and what they are told. `words` are the record's names, loaded once
 * per event by its table; `about` is the line that names the record for each recipient.
 */
interface Rule<R, W> {
  readonly on: readonly string[];
  readonly when?: (event: StreamedEvent, record: R) => boolean;
  readonly hears: (db: Db, event: StreamedEvent, record: R) => Promise<(User | undefined)[]>;
  readonly kind: NotificationKind;
  readonly title: (words: W, user: User, event: StreamedEvent) => string;
  readonly body?: (event: StreamedEvent) => string | undefined;
}

/** A record type's rules, first match wins, and how its names are found: what every title uses. */
interface RuleTable<R, W extends { about: (user: User) => string }> {
  readonly words: (db: Db, record: R) => Promise<W>;
  readonly rules: readonly Rule<R, W>[];
}

const ruleTable = <R, W extends { about: (user: User) => string }>(table: RuleTable<R, W>) => table;

/** Who hears: the one person the record names in `field` (its owner, its referrer), if active. */
const personIn =
  (field: 'ownerId' | 'referrerId') =>
  async (db: Db, _: StreamedEvent, record: Partial<Record<typeof field, string>>) => [
    await activeUser(db, record[field]),
  ];

/** What a referral's referrer and owner hear: its status moves, and its first response falling due. */
const referralRules = ruleTable({
  words: async (_db: Db, referral: Referral) => ({
    company: referral.company.name,
    about: () => `Referral · ${referral.company.name}`,
  }),
  rules: [
    ...(['accepted', 'declined', 'qualified', 'won', 'lost'] as const).map((status) => ({
      on: [referralEvents[status]],
      hears: personIn('referrerId'),
      kind: 'referral_status' as const,
      title: ({ company }: { company: string }) => `Your referral of ${company} was ${status}`,
      body: (event: StreamedEvent) => event.note,
    })),
    {
      on: [referralEvents.overdue],
      when: (_, referral) => Boolean(referral.ownerId),
      hears: personIn('ownerId'),
      kind: 'overdue',
      title: ({ company }) => `The referral of ${company} awaits its first response`,
    },
    {
      // Nobody owns it, so nobody is late: the leaders hear, so that someone takes it.
      on: [referralEvents.overdue],
      hears: (db) => leaders(db),
      kind: 'unowned',
      title: ({ company }) => `The referral of ${company} awaits its first response, and nobody owns it`,
    },
    {
      on: [referralEvents.dueSoon],
      hears: personIn('ownerId'),
      kind: 'due_soon',
      title: ({ company }) => `The referral of ${company} needs its first response soon`,
    },
  ],
});

/** What the teams of a handoff hear: it arrived or came back, it was returned, it falls due. */
const handoffRules = ruleTable({
  words: async (db: Db, handoff: Handoff) => {
    const [from, to] = await Promise.all([teamName(db, handoff.fromTeamId), teamName(db, handoff.toTeamId)]);
    const customer = handoff.customerId ? (await getCustomer(db, handoff.customerId))?.name : undefined;
    return {
      from,
      to,
      summary: quoted(handoff.summary),
      about: () => `Handoff · ${from} → ${to}${customer ? ` · ${customer}` : ''}`,
    };
  },
  rules: [
    {
      on: [handoffEvents.sent],
      hears: (db, _, handoff) => teamMembers(db, handoff.toTeamId),
      kind: 'handoff_received',
      title: ({ summary, from }) => `${summary} arrived for your team from ${from}`,
      body: (event) => event.note,
    },
    {
      on: [handoffEvents.resubmitted],
      hears: (db, _, handoff) => teamMembers(db, handoff.toTeamId),
      kind: 'handoff_received',
      title: ({ summary, from }) => `${summary} came back to your team from ${from}, completed`,
      body: (event) => event.note,
    },
    {
      on: [handoffEvents.returned],
      hears: (db, _, handoff) => teamMembers(db, handoff.fromTeamId),
      kind: 'handoff_returned',
      title: ({ summary, to }) => `${to} returned ${summary}: something is missing`,
      body: (event) => {
        // What is missing is on the event: the record's list is cleared by a resubmission.
        const missing = Array.isArray(event.after?.missing) ? (event.after.missing as unknown[]).map(String) : [];
        return [
          ...(missing.length > 0 ? ['What is missing:', ...missing.map((item) => `• ${item}`)] : []),
          ...(event.note ? ['', event.note] : []),
        ]
          .join('\n')
          .trim();
      },
    },
    {
      on: [handoffEvents.overdue],
      hears: (db, _, handoff) => teamMembers(db, handoff.toTeamId),
      kind: 'overdue',
      title: ({ summary, from }) => `${summary} from ${from} is overdue for acknowledgement`,
    },
    {
      on: [handoffEvents.dueSoon],
      hears: (db, _, handoff) => teamMembers(db, handoff.toTeamId),
      kind: 'due_soon',
      title: ({ summary, from }) => `${summary} from ${from} is due for acknowledgement soon`,
    },
  ],
});

/** The leaders, and whoever is on call for issues: a severe issue cannot wait for its time-to-own target. */
const severeIssueAudience = async (db: Db) => [...(await leaders(db)), await onCallForIssues(db)];

/** What an issue's owner, reporter, the leaders and whoever is on call hear. */
const issueRules = ruleTable({
  words: async (db: Db, issue: Issue) => {
    const names = new Map((await getCustomers(db, issue.customerIds)).map((customer) => [customer.id, customer.name]));
    // Only the affected customers the recipient may see (a partner who reported it: those it brought).
    const customersFor = (user: User) =>
      listed(
        issueView(issue, callerOf(user))
          .customerIds.map((id) => names.get(id))
          .filter((name): name is string => name !== undefined),
      );
    const label = `${issue.severity.toUpperCase()} ${quoted(issue.title)}`;
    return {
      title: quoted(issue.title),
      customersFor,
      named: (user: User) => `${label} (${customersFor(user)})`,
      about: (user: User) => `Issue · ${issue.severity.toUpperCase()} · ${customersFor(user)}`,
    };
  },
  rules: [
    {
      on: [issueEvents.owned, issueEvents.handedOver],
      hears: (db, event) => Promise.all([activeUser(db, event.after?.ownerId)]),
      kind: 'issue_assigned',
      title: ({ named }, user) => `${named(user)} was handed to you`,
    },
    {
      // The event's severity, not the record's: a redelivered report of an issue raised since is no news.
      on: [issueEvents.reported],
      when: (event) => severe.has(String(event.after?.severity)),
      hears: severeIssueAudience,
      kind: 'severe_issue',
      title: ({ named }, user) => `New ${named(user)} reported`,
    },
    {
      on: [issueEvents.updated],
      when: (event) => severe.has(String(event.after?.severity)) && !severe.has(String(event.before?.severity)),
      hears: severeIssueAudience,
      kind: 'severe_issue',
      title: ({ title, customersFor }, user, event) =>
        `${title} (${customersFor(user)}) was raised to ${String(event.after?.severity).toUpperCase()}`,
    },
    {
      // Ownership, not blame: what nobody has taken goes to whoever reported it and to the leaders.
      on: [issueEvents.ownBreached],
      hears: async (db, _, issue) => [await activeUser(db, issue.reportedBy), ...(await leaders(db))],
      kind: 'unowned',
      title: ({ named }, user) => `${named(user)} has no owner past its time-to-own target`,
    },
    {
      on: [issueEvents.resolveBreached],
      hears: personIn('ownerId'),
      kind: 'overdue',
      title: ({ named }, user) => `${named(user)} is past its resolution target`,
    },
    {
      on: [issueNotices.dueSoon],
      hears: personIn('ownerId'),
      kind: 'due_soon',
      title: ({ named }, user) => `${named(user)} is due for resolution soon`,
    },
  ],
});

/**
 * Who hears of an event, and what they are told: the first rule of the record's table that
 * matches. Each line names the record (a referral's company, a handoff's summary, an issue's
 * title) and whom it concerns (the customers, the teams), as far as the recipient may see it;
 * never a person. Whoever made the change is never told of it, and nobody is told twice.
 */
async function planBy<R, W extends { about: (user: User) => string }>(
  db: Db,
  event: StreamedEvent,
  record: R,
  table: RuleTable<R, W>,
): Promise<Planned[]> {
  const rule = table.rules.find(
    (candidate) => candidate.on.includes(event.type) && (candidate.when?.(event, record) ?? true),
  );
  if (!rule) return [];
  const words = await table.words(db, record);
  const heard = new Set<string>();
  const planned: Planned[] = [];
  for (const user of await rule.hears(db, event, record)) {
    if (!user || user.id === event.actorId || heard.has(user.id)) continue;
    heard.add(user.id);
    planned.push({
      user,
      kind: rule.kind,
      title: rule.title(words, user, event),
      about: words.about(user),
      body: rule.body?.(event),
    });
  }
  return planned;
}

function plan(db: Db, event: StreamedEvent, subject: Subject): Promise<Planned[]> {
  switch (subject.type) {
    case 'referral':
      return planBy(db, event, subject.record, referralRules);
    case 'handoff':
      return planBy(db, event, subject.record, handoffRules);
    case 'issue':
      return planBy(db, event, subject.record, issueRules);
  }
}

/**
 * The notifications reaction: for a new timeline event, a notification to each user it
 * concerns who may see the record, and an e-mail to those who want that kind. Keyed by the
 * event's id and the recipient: a redelivered event writes nothing new and sends nothing twice.
 */
export async function notify(ctx: ReactionContext, event: StreamedEvent): Promise<void> {
  if (!['referral', 'handoff', 'issue'].includes(event.recordType)) return;
  const subject = await loadSubject(ctx.db, event);
  if (!subject) return;
  const now = ctx.now();
  for (const planned of await plan(ctx.db, event, subject)) {
    // The rule the services apply before showing the record (domain/identity/visibility.ts).
    if (!mayBeNotified(callerOf(planned.user), subject)) continue;
    const notification: NewNotification = {
      eventId: event.id,
      kind: planned.kind,
      recordType: subject.type,
      recordId: subject.record.id,
      path: subject.path,
      title: planned.title,
      ...(planned.about ? { about: planned.about } : {}),
      ...(planned.body ? { body: planned.body } : {}),
      at: event.at,
    };
    await putNotification(ctx.db, planned.user.id, notification, now);
    await mailIfWanted(ctx, planned.user, notification, now);
  }
}

/**
 * The e-mail of one notification, if its recipient wants that kind: one per event (a repeat
 * collapses in the feed, but each is news by e-mail), marked by the event's id.
 */
export async function mailIfWanted(ctx: ReactionContext, user: User, notification: NewNotification, now: Date) {
  const preferences = await getPreferences(ctx.db, user.id);
  if (!preferences.email[notification.kind]) return;
  if (await wasMailed(ctx.db, user.id, notification.eventId)) return;
  const base = ctx.webBaseUrl.replace(/\/+$/, '');
  const token = await unsubscribeToken(ctx.unsubscribeSecret, user.id, notification.kind);
  const links = {
    record: `${base}${notification.path}`,
    unsubscribe: `${base}/unsubscribe?token=${encodeURIComponent(token)}`,
    // RFC 8058: a mail client POSTs `List-Unsubscribe=One-Click` to the header's URL. The page
    // above takes only GET (CloudFront serves it from S3), so the header names the API itself.
    oneClick: `${base}/api/unsubscribe?token=${encodeURIComponent(token)}`,
    preferences: `${base}/me`,
  };
  const mail = renderNotificationMail(notification, links);
  // Sent before it is marked: a failure in between sends it again, never loses it.
  await ctx.mailer.send({
    id: `${notification.eventId}-${user.id}`,
    to: user.email,
    ...mail,
    unsubscribeUrl: links.unsubscribe,
    oneClickUnsubscribeUrl: links.oneClick,
  });
  await markMailed(ctx.db, user.id, notification.eventId, now);
}

/** The caller's own feed and settings; nobody reads or changes another's. */
export const notifications = {
  async list(ctx: ServiceContext, options: ListOptions): Promise<Page<Notification> & { unread: number }> {
    const [page, unread] = await Promise.all([
      listNotifications(ctx.db, ctx.caller.userId, options),
      countUnread(ctx.db, ctx.caller.userId),
    ]);
    return { ...page, unread };
  },

  async markRead(ctx: ServiceContext, which: { ids: string[] } | { all: true }): Promise<{ unread: number }> {
    const ids = 'ids' in which ? [...new Set(which.ids)] : await listUnreadIds(ctx.db, ctx.caller.userId);
    const now = ctx.now();
    for (const id of ids) await markRead(ctx.db, ctx.caller.userId, id, now);
    return { unread: await countUnread(ctx.db, ctx.caller.userId) };
  },

  async preferences(ctx: ServiceContext): Promise<NotificationPreferencesView> {
    return preferencesView(ctx, await getPreferences(ctx.db, ctx.caller.userId));
  },

  async updatePreferences(
    ctx: ServiceContext,
    patch: { email: Partial<NotificationPreferences['email']> },
  ): Promise<NotificationPreferencesView> {
    const current = await getPreferences(ctx.db, ctx.caller.userId);
    const next = { email: { ...current.email, ...patch.email } } as NotificationPreferences;
    await putPreferences(ctx.db, ctx.caller.userId, next, ctx.now());
    return preferencesView(ctx, next);
  },
};

/** The caller's choices, with the kinds that can reach them: the web offers only those. */
function preferencesView(ctx: ServiceContext, preferences: NotificationPreferences): NotificationPreferencesView {
  return { email: preferences.email, offered: notificationKindsFor(ctx.caller.role) };
}

/** The unsubscribe link's use: no session, the signed token is the authority. */
export async function unsubscribe(
  db: Db,
  secret: string,
  token: string,
  now: Date,
): Promise<{ kind: NotificationKind }> {
  const claim = await readUnsubscribeToken(secret, token);
  const user = claim ? await userRepository.get(db, claim.userId) : undefined;
  if (!claim || !user) {
    throw new ValidationError([{ path: 'token', message: 'This unsubscribe link is not valid.' }]);
  }
  await turnEmailOff(db, user.id, claim.kind, now);
  return { kind: claim.kind };
}
