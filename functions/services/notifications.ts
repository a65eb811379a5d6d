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
import type { Handoff } from '#domain/handoffs/schemas.ts';
import { mayBeNotified } from '#domain/identity/visibility.ts';
import type { Issue } from '#domain/issues/schemas.ts';
import { issueView } from '#domain/issues/views.ts';
import { renderNotificationMail } from '#domain/notifications/render.ts';
import type {
  NewNotification,
  Notification,
  NotificationKind,
  NotificationPreferences,
} from '#domain/notifications/schemas.ts';
import { readUnsubscribeToken, unsubscribeToken } from '#domain/notifications/unsubscribe.ts';
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

const referralStatusLabels: Record<string, string> = {
  accepted: 'accepted',
  declined: 'declined',
  qualified: 'qualified',
  won: 'won',
  lost: 'lost',
};

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
 * Who hears of an event, and what they are told. Each line names the record (a referral's
 * company, a handoff's summary, an issue's title) and whom it concerns (the customers, the
 * teams), as far as the recipient may see it; never a person. Whoever made the change is never
 * told of it.
 */
async function plan(db: Db, event: StreamedEvent, subject: Subject): Promise<Planned[]> {
  const [, action = ''] = event.type.split('.');
  const planned: Planned[] = [];
  const add = (
    users: (User | undefined)[],
    kind: NotificationKind,
    title: string | ((user: User) => string),
    extra: { about?: string | ((user: User) => string) | undefined; body?: string | undefined } = {},
  ) => {
    const seen = new Set(planned.map((entry) => `${entry.user.id}:${entry.kind}`));
    for (const user of users) {
      if (!user || user.id === event.actorId || seen.has(`${user.id}:${kind}`)) continue;
      seen.add(`${user.id}:${kind}`);
      const about = typeof extra.about === 'function' ? extra.about(user) : extra.about;
      planned.push({ user, kind, title: typeof title === 'function' ? title(user) : title, about, body: extra.body });
    }
  };
  if (subject.type === 'referral') {
    const referral = subject.record;
    const company = referral.company.name;
    const about = `Referral · ${company}`;
    if (action in referralStatusLabels) {
      add(
        [await activeUser(db, referral.referrerId)],
        'referral_status',
        `Your referral of ${company} was ${referralStatusLabels[action]}`,
        { about, body: event.note },
      );
    } else if (action === 'overdue' && referral.ownerId) {
      add([await activeUser(db, referral.ownerId)], 'overdue', `The referral of ${company} awaits its first response`, {
        about,
      });
    } else if (action === 'overdue') {
      // Nobody owns it, so nobody is late: the leaders hear, so that someone takes it.
      add(await leaders(db), 'unowned', `The referral of ${company} awaits its first response, and nobody owns it`, {
        about,
      });
    } else if (action === 'due_soon') {
      add(
        [await activeUser(db, referral.ownerId)],
        'due_soon',
        `The referral of ${company} needs its first response soon`,
        { about },
      );
    }
  } else if (subject.type === 'handoff') {
    const handoff = subject.record;
    const [from, to] = await Promise.all([teamName(db, handoff.fromTeamId), teamName(db, handoff.toTeamId)]);
    const customer = handoff.customerId ? (await getCustomer(db, handoff.customerId))?.name : undefined;
    const about = `Handoff · ${from} → ${to}${customer ? ` · ${customer}` : ''}`;
    const summary = quoted(handoff.summary);
    if (event.type === 'handoff.sent' || event.type === 'handoff.resubmitted') {
      add(
        await teamMembers(db, handoff.toTeamId),
        'handoff_received',
        event.type === 'handoff.sent'
          ? `${summary} arrived for your team from ${from}`
          : `${summary} came back to your team from ${from}, completed`,
        { about, body: event.note },
      );
    } else if (event.type === 'handoff.returned') {
      // What is missing is on the event: the record's list is cleared by a resubmission.
      const missing = Array.isArray(event.after?.missing) ? (event.after.missing as unknown[]).map(String) : [];
      add(
        await teamMembers(db, handoff.fromTeamId),
        'handoff_returned',
        `${to} returned ${summary}: something is missing`,
        {
          about,
          body: [
            ...(missing.length > 0 ? ['What is missing:', ...missing.map((item) => `• ${item}`)] : []),
            ...(event.note ? [missing.length > 0 ? '' : '', event.note] : []),
          ]
            .join('\n')
            .trim(),
        },
      );
    } else if (action === 'overdue' || action === 'due_soon') {
      add(
        await teamMembers(db, handoff.toTeamId),
        action,
        action === 'overdue'
          ? `${summary} from ${from} is overdue for acknowledgement`
          : `${summary} from ${from} is due for acknowledgement soon`,
        { about },
      );
    }
  } else {
    const issue = subject.record;
    const names = new Map((await getCustomers(db, issue.customerIds)).map((customer) => [customer.id, customer.name]));
    // Only the affected customers the recipient may see (a partner who reported it: those it brought).
    const customersFor = (user: User) =>
      issueView(issue, callerOf(user))
        .customerIds.map((id) => names.get(id))
        .filter((name): name is string => name !== undefined);
    const label = `${issue.severity.toUpperCase()} ${quoted(issue.title)}`;
    const about = (user: User) => `Issue · ${issue.severity.toUpperCase()} · ${listed(customersFor(user))}`;
    const named = (user: User) => `${label} (${listed(customersFor(user))})`;
    if (event.type === 'issue.owned' || event.type === 'issue.handed_over') {
      add(
        [await activeUser(db, event.after?.ownerId)],
        'issue_assigned',
        (user) => `${named(user)} was handed to you`,
        {
          about,
        },
      );
    } else if (event.type === 'issue.reported' && severe.has(String(event.after?.severity))) {
      // The event's severity, not the record's: a redelivered report of an issue raised since is no news.
      // A severe issue cannot wait for the time-to-own target: the leaders and whoever is on call hear now.
      add(
        [...(await leaders(db)), await onCallForIssues(db)],
        'severe_issue',
        (user) => `New ${named(user)} reported`,
        {
          about,
        },
      );
    } else if (
      event.type === 'issue.updated' &&
      severe.has(String(event.after?.severity)) &&
      !severe.has(String(event.before?.severity))
    ) {
      add(
        [...(await leaders(db)), await onCallForIssues(db)],
        'severe_issue',
        (user) =>
          `${quoted(issue.title)} (${listed(customersFor(user))}) was raised to ${String(event.after?.severity).toUpperCase()}`,
        { about },
      );
    } else if (event.type === 'issue.own_target_breached') {
      // Ownership, not blame: what nobody has taken goes to whoever reported it and to the leaders.
      const reporter = await activeUser(db, issue.reportedBy);
      add(
        [reporter, ...(await leaders(db))],
        'unowned',
        (user) => `${named(user)} has no owner past its time-to-own target`,
        {
          about,
        },
      );
    } else if (event.type === 'issue.resolve_target_breached') {
      add([await activeUser(db, issue.ownerId)], 'overdue', (user) => `${named(user)} is past its resolution target`, {
        about,
      });
    } else if (event.type === 'issue.due_soon') {
      add([await activeUser(db, issue.ownerId)], 'due_soon', (user) => `${named(user)} is due for resolution soon`, {
        about,
      });
    }
  }
  return planned;
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

  preferences: (ctx: ServiceContext): Promise<NotificationPreferences> => getPreferences(ctx.db, ctx.caller.userId),

  async updatePreferences(
    ctx: ServiceContext,
    patch: { email: Partial<NotificationPreferences['email']> },
  ): Promise<NotificationPreferences> {
    const current = await getPreferences(ctx.db, ctx.caller.userId);
    const next = { email: { ...current.email, ...patch.email } } as NotificationPreferences;
    await putPreferences(ctx.db, ctx.caller.userId, next, ctx.now());
    return next;
  },
};

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
