import { partnerRepository, teamRepository, userRepository } from '#data/directory-repository.ts';
import { getPreferences, markMailed, putNotification, wasMailed } from '#data/notification-repository.ts';
import { openPlays } from '#data/play-repository.ts';
import type { User } from '#domain/directory/schemas.ts';
import { startOfDate } from '#domain/handoffs/working-hours.ts';
import { type DigestContent, renderDigestMail } from '#domain/notifications/digest.ts';
import type { NewNotification } from '#domain/notifications/schemas.ts';
import { unsubscribeToken } from '#domain/notifications/unsubscribe.ts';
import { playView, recordsQuery } from '#domain/plays/views.ts';
import { type EarlyWarning, responsibleFor } from '#domain/scorecard/warnings.ts';
import { mondayOfWeek } from '#domain/scorecard/weeks.ts';
import { config } from '#lib/config.ts';
import { contextAs } from './context.ts';
import { myWork } from './my-work.ts';
import { leaders, mailIfWanted } from './notifications.ts';
import type { ReactionContext, StreamedEvent } from './reaction.ts';
import { scorecard } from './scorecard.ts';

const pillarTitles = {
  external: 'External customers',
  internal: 'Internal customers',
  partners: 'Partners and advocates',
};

/** The scorecard page opened on the records behind a figure, for one week. */
export function warningPath(warning: Pick<EarlyWarning, 'figure' | 'dimension' | 'week'>): string {
  return `/scorecard?figure=${encodeURIComponent(warning.figure)}&week=${warning.week}&dimension=${encodeURIComponent(warning.dimension)}`;
}

/**
 * The leaders who hear of a warning: those the directory names as responsible for its partner
 * or its teams (responsibleFor), as long as they are still active leaders; with nobody so
 * named, every active leader, so that a warning is never heard by no one.
 */
export async function warningRecipients(ctx: ReactionContext, warning: EarlyWarning): Promise<User[]> {
  const everyone = await leaders(ctx.db);
  const named = new Set<string>();
  for (const { kind, id } of responsibleFor(warning)) {
    const record = await (kind === 'team' ? teamRepository : partnerRepository).get(ctx.db, id);
    if (record?.leaderId) named.add(record.leaderId);
  }
  const responsible = everyone.filter((leader) => named.has(leader.id));
  return responsible.length > 0 ? responsible : everyone;
}

/**
 * An early warning (raised by the sweeper, once per week, figure and dimension) reaches the
 * leaders responsible for it (warningRecipients): in the feed and by e-mail, with a link to the
 * records behind it.
 */
export async function noticeEarlyWarning(ctx: ReactionContext, event: StreamedEvent): Promise<void> {
  if (event.type !== 'scorecard.warning' || !event.after) return;
  const warning = event.after as unknown as EarlyWarning;
  const now = ctx.now();
  const notification: NewNotification = {
    eventId: event.id,
    kind: 'early_warning',
    recordType: 'scorecard',
    recordId: event.recordId,
    path: warningPath(warning),
    title: `${warning.label}: ${warning.name} ${warning.summary}`,
    body: `Week ${warning.week} against the same ${warning.dimension.startsWith('pair:') ? 'team pair' : 'partner'}'s 8 weeks before it (this week n = ${warning.sampleSize}).`,
    at: event.at,
  };
  for (const leader of await warningRecipients(ctx, warning)) {
    await putNotification(ctx.db, leader.id, notification, now);
    await mailIfWanted(ctx, leader, notification, now);
  }
}

/** The last instant of the ISO week before the one `at` falls in, on the organisation's clocks. */
function endOfLastWeek(at: Date, timeZone: string): Date {
  const monday = mondayOfWeek(at, 0, timeZone).toISOString().slice(0, 10);
  return new Date(startOfDate(monday, timeZone).getTime() - 1);
}

/**
 * The digest as a leader sees it, as of the end of the week that just ended: the 4-week index
 * and pillars against the 4 weeks before, the movers, the organisation's open plays and what is
 * overdue now.
 */
export async function digestContent(ctx: ReactionContext, leader: User, at: Date): Promise<DigestContent> {
  // The scorecard's weeks are the organisation's (configuration), as the sweeper's are.
  const asOf = endOfLastWeek(at, config.ORG_TIME_ZONE);
  const weeks = 4;
  const [card, before, plays, work] = await Promise.all([
    scorecard.get(contextAs(ctx.db, leader, asOf), weeks),
    scorecard.get(contextAs(ctx.db, leader, new Date(asOf.getTime() - weeks * 7 * 24 * 60 * 60 * 1000)), weeks),
    openPlays(ctx.db, undefined, 100),
    myWork(contextAs(ctx.db, leader, at)),
  ]);
  const owners = new Map<string, string>();
  for (const id of new Set(plays.map((play) => play.ownerId)))
    owners.set(id, (await userRepository.get(ctx.db, id))?.name ?? 'a former user');
  const previousOf = new Map(before.pillars.map((pillar) => [pillar.id, pillar.score]));
  return {
    weeks: card.weeks,
    index: { score: card.index.score, previous: before.index.score },
    pillars: card.pillars.map((pillar) => ({
      name: pillarTitles[pillar.id],
      score: pillar.score,
      previous: previousOf.get(pillar.id) ?? null,
    })),
    movers: card.pillars.flatMap((pillar) =>
      pillar.movers.map((mover) => ({
        text: `${mover.label}: ${mover.name} ${mover.direction === 'better' ? 'better' : 'worse'}, ${formatValue(mover.previous, mover.unit)} → ${formatValue(mover.current, mover.unit)} (n = ${mover.sampleSize})`,
        path: `/scorecard?figure=${encodeURIComponent(mover.figure)}&${recordsQuery({ dimension: mover.dimension, weeks })}`,
      })),
    ),
    openPlays: plays.map((play) => {
      const view = playView(play, owners.get(play.ownerId) ?? 'a former user', at);
      return { title: play.title, owner: view.ownerName, dueOn: play.dueOn, overdue: view.overdue, path: view.webPath };
    }),
    overdue: {
      count: work.overdue.length,
      truncated: work.truncated,
      first: work.overdue
        .slice(0, 10)
        .map((item) => `${item.what[0]?.toUpperCase()}${item.what.slice(1)}: ${item.label}`),
    },
  };
}

function formatValue(value: number, unit: string): string {
  if (unit === 'ratio') return `${Math.round(value * 100)}%`;
  if (unit === 'minutes') return value >= 120 ? `${Math.round(value / 6) / 10} h` : `${Math.round(value)} min`;
  if (unit === 'rating') return `${Math.round(value * 10) / 10}/5`;
  return String(Math.round(value * 10) / 10);
}

/**
 * The weekly digest (raised by the sweeper on Monday morning, once a week) goes to each active
 * leader who has not turned it off, once: the "mailed" marker is keyed by the digest's event.
 */
export async function sendWeeklyDigest(ctx: ReactionContext, event: StreamedEvent): Promise<void> {
  if (event.type !== 'scorecard.digest') return;
  const now = ctx.now();
  const base = ctx.webBaseUrl.replace(/\/+$/, '');
  for (const leader of await leaders(ctx.db)) {
    if (!(await getPreferences(ctx.db, leader.id)).email.weekly_digest) continue;
    if (await wasMailed(ctx.db, leader.id, event.id)) continue;
    const content = await digestContent(ctx, leader, new Date(event.at));
    const token = await unsubscribeToken(ctx.unsubscribeSecret, leader.id, 'weekly_digest');
    const links = {
      base,
      unsubscribe: `${base}/unsubscribe?token=${encodeURIComponent(token)}`,
      preferences: `${base}/me`,
    };
    const mail = renderDigestMail(content, links);
    // Sent before it is marked, like every e-mail: a failure in between sends it again.
    await ctx.mailer.send({
      id: `${event.id}-${leader.id}`,
      to: leader.email,
      ...mail,
      unsubscribeUrl: links.unsubscribe,
      oneClickUnsubscribeUrl: `${base}/api/unsubscribe?token=${encodeURIComponent(token)}`,
    });
    await markMailed(ctx.db, leader.id, event.id, now);
  }
}
