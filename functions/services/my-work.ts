import { openPlays } from '#data/play-repository.ts';
import { getSettings } from '#data/settings-repository.ts';
import {
  type Bounded,
  handoffsDue,
  handoffsOverdue,
  issuesDue,
  issuesOverdue,
  referralsDue,
  referralsOverdue,
  type WorkScope,
} from '#data/work-repository.ts';
import {
  arrangeWork,
  dueSoonHorizon,
  handoffWork,
  issueWork,
  type MyWork,
  referralWork,
  type WorkItem,
} from '#domain/work/my-work.ts';
import { config } from '#lib/config.ts';
import type { ServiceContext } from './context.ts';

/** How much of each list is answered: a page, not the whole organisation's backlog. */
export const myWorkLimit = 100;

const referrerMessage = 'Staff owe the next step on your referrals: you will see them move under My referrals.';

/**
 * What the caller must do next: what is overdue, and what falls due within the next working day
 * of the organisation's calendar. Staff: referrals they own or nobody owns yet, handoffs to their
 * team, issues they own or nobody owns yet. Leaders: the organisation's, bounded. Partners and
 * advocates owe nothing (a referral waits on staff, never on its referrer).
 */
export async function myWork(ctx: ServiceContext): Promise<MyWork> {
  const { caller, db } = ctx;
  const now = ctx.now();
  const settings = await getSettings(db);
  const horizon = dueSoonHorizon(now, { ...settings.workingHours, timeZone: config.ORG_TIME_ZONE });
  if (caller.role === 'partner' || caller.role === 'advocate') {
    return {
      overdue: [],
      dueSoon: [],
      plays: [],
      horizon: horizon.toISOString(),
      truncated: false,
      message: referrerMessage,
    };
  }
  const scope: WorkScope =
    caller.role === 'leader'
      ? { kind: 'organisation' }
      : { kind: 'staff', userId: caller.userId, ...(caller.teamId ? { teamId: caller.teamId } : {}) };
  const before = horizon.toISOString();
  const limit = myWorkLimit + 1;
  const reads: Promise<Bounded<WorkItem>>[] = [
    referralsDue(db, scope, before, limit).then(mapped(referralWork)),
    referralsOverdue(db, scope, limit).then(mapped(referralWork)),
    handoffsDue(db, scope, before, limit).then(mapped(handoffWork)),
    handoffsOverdue(db, scope, limit).then(mapped(handoffWork)),
    issuesDue(db, 'own', scope, before, limit).then(mapped(issueWork)),
    issuesDue(db, 'resolve', scope, before, limit).then(mapped(issueWork)),
    issuesOverdue(db, scope, limit).then(mapped(issueWork)),
  ];
  // Plays are owned by one person, leaders included: their own only, never the organisation's.
  const [results, plays] = await Promise.all([Promise.all(reads), openPlays(db, caller.userId, myWorkLimit + 1)]);
  const arranged = arrangeWork(
    results.flatMap((result) => result.items),
    now,
    myWorkLimit,
  );
  return {
    ...arranged,
    plays: plays.slice(0, myWorkLimit).map((play) => ({
      id: play.id,
      title: play.title,
      dueOn: play.dueOn,
      dueAt: play.dueAt,
      overdue: play.dueAt <= now.toISOString(),
      mover: `${play.source.label}: ${play.source.name}`,
    })),
    horizon: before,
    truncated: arranged.truncated || results.some((result) => result.more) || plays.length > myWorkLimit,
  };
}

function mapped<T>(toWork: (record: T) => WorkItem) {
  return (page: Bounded<T>): Bounded<WorkItem> => ({ items: page.items.map(toWork), more: page.more });
}
