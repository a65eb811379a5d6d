import type { Db } from '#data/client.ts';
import { teamRepository, userRepository } from '#data/directory-repository.ts';
import { getHandoff } from '#data/handoff-repository.ts';
import { getIssueDetail } from '#data/issue-repository.ts';
import { userKeys } from '#data/keys.ts';
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
import { queryAll } from '#data/pagination.ts';
import { getReferral } from '#data/referral-repository.ts';
import { callerOf, type User, userSchema } from '#domain/directory/schemas.ts';
import { ValidationError } from '#domain/errors.ts';
import type { Handoff } from '#domain/handoffs/schemas.ts';
import { canSee, type RecordParties } from '#domain/identity/authorization.ts';
import type { Caller } from '#domain/identity/roles.ts';
import type { Issue } from '#domain/issues/schemas.ts';
import { canSeeIssue } from '#domain/issues/views.ts';
import { renderNotificationMail } from '#domain/notifications/render.ts';
import type { Notification, NotificationKind, NotificationPreferences } from '#domain/notifications/schemas.ts';
import { readUnsubscribeToken, unsubscribeToken } from '#domain/notifications/unsubscribe.ts';
import type { Referral } from '#domain/referrals/schemas.ts';
import type { ListOptions, ServiceContext } from './context.ts';
import type { ReactionContext, StreamedEvent } from './reaction.ts';

/** One notification to one user, before it is written. */
interface Planned {
  readonly user: User;
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body?: string | undefined;
}

/** The record an event is about, loaded once, with who may see it. */
type Subject =
  | { type: 'referral'; record: Referral; visibleTo: (caller: Caller) => boolean; path: string }
  | { type: 'handoff'; record: Handoff; visibleTo: (caller: Caller) => boolean; path: string }
  | { type: 'issue'; record: Issue; visibleTo: (caller: Caller) => boolean; path: string };

const referralStatusLabels: Record<string, string> = {
  accepted: 'accepted',
  declined: 'declined',
  qualified: 'qualified',
  won: 'won',
  lost: 'lost',
};

/** The same rule the referral service applies (functions/services/referrals.ts). */
function referralParties(referral: Referral): RecordParties {
  return { createdBy: referral.referrerId, partnerId: referral.partnerId, ownerId: referral.ownerId };
}

function handoffParties(handoff: Handoff): RecordParties {
  return { createdBy: handoff.senderId, teamIds: [handoff.fromTeamId, handoff.toTeamId], teamsOnly: true };
}

async function loadSubject(db: Db, event: StreamedEvent): Promise<Subject | undefined> {
  switch (event.recordType) {
    case 'referral': {
      const record = await getReferral(db, event.recordId);
      return record
        ? {
            type: 'referral',
            record,
            visibleTo: (caller) => canSee(caller, referralParties(record)),
            path: `/referrals/${record.id}`,
          }
        : undefined;
    }
    case 'handoff': {
      const record = await getHandoff(db, event.recordId);
      return record
        ? {
            type: 'handoff',
            record,
            visibleTo: (caller) => canSee(caller, handoffParties(record)),
            path: `/handoffs/${record.id}`,
          }
        : undefined;
    }
    case 'issue': {
      const record = (await getIssueDetail(db, event.recordId))?.issue;
      return record
        ? { type: 'issue', record, visibleTo: (caller) => canSeeIssue(caller, record), path: `/issues/${record.id}` }
        : undefined;
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

/**
 * The active users that meet a condition. The directory keeps users in one collection, so this
 * reads it and keeps the ones wanted: an organisation's users are hundreds, not millions.
 */
async function activeUsersWhere(
  db: Db,
  condition: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): Promise<User[]> {
  const items = await queryAll(db, {
    IndexName: 'byCollection',
    KeyConditionExpression: 'gsi1pk = :pk',
    FilterExpression: `${condition} AND active = :active`,
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: { ':pk': userKeys.collection('', '').gsi1pk, ':active': true, ...values },
  });
  return items.map((item) => userSchema.parse(item));
}

/** The active staff of a team. */
const teamMembers = (db: Db, teamId: string) => activeUsersWhere(db, 'teamId = :team', {}, { ':team': teamId });

/** The active leaders: they hear of what nobody owns, so that someone takes it. */
export const leaders = (db: Db) =>
  activeUsersWhere(db, '#role = :leader', { '#role': 'role' }, { ':leader': 'leader' });

async function teamName(db: Db, teamId: string): Promise<string> {
  return (await teamRepository.get(db, teamId))?.name ?? 'another team';
}

/**
 * Who hears of an event, and what they are told. Each line names only what the recipient may
 * see of the record: an organisation's or a team's name, a status, the note staff wrote for the
 * referrer. Whoever made the change is never told of it.
 */
async function plan(db: Db, event: StreamedEvent, subject: Subject): Promise<Planned[]> {
  const [, action = ''] = event.type.split('.');
  const planned: Planned[] = [];
  const add = (users: (User | undefined)[], kind: NotificationKind, title: string, body?: string) => {
    for (const user of users) if (user && user.id !== event.actorId) planned.push({ user, kind, title, body });
  };
  if (subject.type === 'referral') {
    const referral = subject.record;
    const company = referral.company.name;
    if (action in referralStatusLabels) {
      add(
        [await activeUser(db, referral.referrerId)],
        'referral_status',
        `Your referral of ${company} was ${referralStatusLabels[action]}`,
        event.note,
      );
    } else if (action === 'overdue' && referral.ownerId) {
      add([await activeUser(db, referral.ownerId)], 'overdue', `The referral of ${company} awaits its first response`);
    } else if (action === 'overdue') {
      // Nobody owns it, so nobody is late: the leaders hear, so that someone takes it.
      add(await leaders(db), 'unowned', `The referral of ${company} awaits its first response, and nobody owns it`);
    } else if (action === 'due_soon') {
      add(
        [await activeUser(db, referral.ownerId)],
        'due_soon',
        `The referral of ${company} needs its first response soon`,
      );
    }
  } else if (subject.type === 'handoff') {
    const handoff = subject.record;
    if (event.type === 'handoff.sent' || event.type === 'handoff.resubmitted') {
      const from = await teamName(db, handoff.fromTeamId);
      add(
        await teamMembers(db, handoff.toTeamId),
        'handoff_received',
        `${event.type === 'handoff.sent' ? 'A handoff' : 'A resubmitted handoff'} from ${from} arrived for your team`,
      );
    } else if (event.type === 'handoff.returned') {
      const to = await teamName(db, handoff.toTeamId);
      add(
        await teamMembers(db, handoff.fromTeamId),
        'handoff_returned',
        `${to} returned a handoff of your team: something is missing`,
      );
    } else if (action === 'overdue' || action === 'due_soon') {
      const from = await teamName(db, handoff.fromTeamId);
      add(
        await teamMembers(db, handoff.toTeamId),
        action,
        action === 'overdue'
          ? `A handoff from ${from} is overdue for acknowledgement`
          : `A handoff from ${from} is due for acknowledgement soon`,
      );
    }
  } else {
    const issue = subject.record;
    const label = `A ${issue.severity.toUpperCase()} issue`;
    if (event.type === 'issue.owned' || event.type === 'issue.handed_over') {
      add([await activeUser(db, event.after?.ownerId)], 'issue_assigned', `${label} was handed to you`);
    } else if (event.type === 'issue.own_target_breached') {
      // Ownership, not blame: what nobody has taken goes to whoever reported it and to the leaders.
      const reporter = await activeUser(db, issue.reportedBy);
      const others = (await leaders(db)).filter((leader) => leader.id !== reporter?.id);
      add([reporter, ...others], 'unowned', `${label} has no owner past its time-to-own target`);
    } else if (event.type === 'issue.resolve_target_breached') {
      add([await activeUser(db, issue.ownerId)], 'overdue', `${label} of yours is past its resolution target`);
    } else if (event.type === 'issue.due_soon') {
      add([await activeUser(db, issue.ownerId)], 'due_soon', `${label} of yours is due for resolution soon`);
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
    // The one check the services make before showing a record: never tell anyone else.
    if (!subject.visibleTo(callerOf(planned.user))) continue;
    const notification: Notification = {
      id: event.id,
      kind: planned.kind,
      recordType: subject.type,
      recordId: subject.record.id,
      path: subject.path,
      title: planned.title,
      ...(planned.body ? { body: planned.body } : {}),
      at: event.at,
    };
    await putNotification(ctx.db, planned.user.id, notification, now);
    await mailIfWanted(ctx, planned.user, notification, now);
  }
}

export async function mailIfWanted(ctx: ReactionContext, user: User, notification: Notification, now: Date) {
  const preferences = await getPreferences(ctx.db, user.id);
  if (!preferences.email[notification.kind]) return;
  if (await wasMailed(ctx.db, user.id, notification.id)) return;
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
    id: `${notification.id}-${user.id}`,
    to: user.email,
    ...mail,
    unsubscribeUrl: links.unsubscribe,
    oneClickUnsubscribeUrl: links.oneClick,
  });
  await markMailed(ctx.db, user.id, notification.id, now);
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
