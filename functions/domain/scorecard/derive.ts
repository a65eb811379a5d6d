import { bucketCount, bucketOf } from './histogram.ts';
import { isoWeek } from './weeks.ts';

/**
 * What each stored record contributes to the scorecard's aggregates, as a function of that
 * record alone (its current image). The aggregator applies the difference between a changed
 * item's new and old contributions; `npm run reconcile` sums the contributions of every item.
 * Because both paths use this one function, a replay of every change gives exactly the
 * recomputed totals.
 *
 * Stored figures are counters (`count`) or duration histograms (`n`, `sum`, buckets), per
 * period (an ISO week, or `current` for a level such as open issues) and dimension (`all`,
 * `partner:<id>`, `referrer:<id>`, `pair:<from>:<to>`, `from:<team>`, `to:<team>`, `sev:sev1`,
 * `stage:<stage>`, `partner:<id>|stage:<stage>`, …).
 */

export const families = ['referrals', 'handoffs', 'issues', 'customers'] as const;
export type Family = (typeof families)[number];

/** The period of a level (a gauge) rather than a weekly flow. */
export const currentPeriod = 'current';

export interface Contribution {
  readonly family: Family;
  readonly period: string;
  readonly figure: string;
  readonly dimension: string;
  /** A counter's increment. */
  readonly count?: number;
  /** A duration observation, in minutes. */
  readonly minutes?: number;
}

/** The values of one aggregate item (or a change to one). */
export interface AggregateValues {
  count: number;
  n: number;
  sum: number;
  buckets: number[];
}

export interface AggregateKey {
  readonly family: Family;
  readonly period: string;
  readonly figure: string;
  readonly dimension: string;
}

export type Aggregates = Map<string, AggregateKey & { values: AggregateValues }>;

export const aggregateSortKey = (key: Omit<AggregateKey, 'family'>) => `${key.period}#${key.figure}#${key.dimension}`;
const mapKey = (key: AggregateKey) => `${key.family}|${aggregateSortKey(key)}`;

export const zeroValues = (): AggregateValues => ({ count: 0, n: 0, sum: 0, buckets: new Array(bucketCount).fill(0) });

export function isZero(values: AggregateValues): boolean {
  return values.count === 0 && values.n === 0 && values.sum === 0 && values.buckets.every((count) => count === 0);
}

type Item = Record<string, unknown>;

const minute = 60_000;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** Whole minutes, so that sums stay exact both in DynamoDB's decimals and in JavaScript. */
const minutesBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / minute));

function referrerDimension(partnerId: unknown, referrerId: unknown): string[] {
  const partner = str(partnerId);
  if (partner) return [`partner:${partner}`];
  const referrer = str(referrerId);
  return referrer ? [`referrer:${referrer}`] : [];
}

function emit(
  out: Contribution[],
  family: Family,
  figure: string,
  period: string | undefined,
  dimensions: readonly string[],
  value: { count?: number; minutes?: number },
) {
  if (period === undefined) return;
  for (const dimension of ['all', ...dimensions]) out.push({ family, period, figure, dimension, ...value });
}

function referral(item: Item, week: (at: unknown) => string | undefined): Contribution[] {
  const out: Contribution[] = [];
  const dims = referrerDimension(item.partnerId, item.referrerId);
  const createdAt = str(item.createdAt);
  const respondedAt = str(item.firstRespondedAt);
  emit(out, 'referrals', 'referrals.submitted', week(createdAt), dims, { count: 1 });
  if (respondedAt) {
    const answer = item.status === 'declined' ? 'referrals.declined' : 'referrals.accepted';
    emit(out, 'referrals', answer, week(respondedAt), dims, { count: 1 });
    if (createdAt) {
      emit(out, 'referrals', 'referrals.first_response_time', week(respondedAt), dims, {
        minutes: minutesBetween(createdAt, respondedAt),
      });
    }
  }
  // Came due: answered (in time or late), or marked overdue unanswered.
  if (respondedAt || item.overdue === true) {
    const dueWeek = week(item.firstResponseDueAt);
    emit(out, 'referrals', 'referrals.sla_due', dueWeek, dims, { count: 1 });
    if (respondedAt && item.respondedLate !== true)
      emit(out, 'referrals', 'referrals.sla_met', dueWeek, dims, { count: 1 });
  }
  return out;
}

function handoff(item: Item, week: (at: unknown) => string | undefined): Contribution[] {
  const out: Contribution[] = [];
  const from = str(item.fromTeamId);
  const to = str(item.toTeamId);
  const dims = from && to ? [`pair:${from}:${to}`, `from:${from}`, `to:${to}`] : [];
  const createdAt = week(item.createdAt);
  emit(out, 'handoffs', 'handoffs.sent', createdAt, dims, { count: 1 });
  if (typeof item.returnCount === 'number' && item.returnCount > 0) {
    emit(out, 'handoffs', 'handoffs.returned', createdAt, dims, { count: 1 });
  }
  const acknowledgedAt = str(item.acknowledgedAt);
  const sentAt = str(item.sentAt);
  if (acknowledgedAt && sentAt) {
    emit(out, 'handoffs', 'handoffs.ack_time', week(acknowledgedAt), dims, {
      minutes: minutesBetween(sentAt, acknowledgedAt),
    });
  }
  if (acknowledgedAt || item.overdue === true) {
    const dueWeek = week(item.ackDueAt);
    emit(out, 'handoffs', 'handoffs.sla_due', dueWeek, dims, { count: 1 });
    if (acknowledgedAt && item.acknowledgedLate !== true) {
      emit(out, 'handoffs', 'handoffs.sla_met', dueWeek, dims, { count: 1 });
    }
  }
  const rating = item.rating as { score?: unknown; ratedAt?: unknown } | undefined;
  if (rating && typeof rating.score === 'number') {
    const ratedWeek = week(rating.ratedAt);
    emit(out, 'handoffs', 'handoffs.rated', ratedWeek, dims, { count: 1 });
    emit(out, 'handoffs', 'handoffs.rating_points', ratedWeek, dims, { count: rating.score });
  }
  return out;
}

function issue(item: Item, week: (at: unknown) => string | undefined): Contribution[] {
  const out: Contribution[] = [];
  const severity = str(item.severity);
  const dims = severity ? [`sev:${severity}`] : [];
  const createdAt = str(item.createdAt);
  emit(out, 'issues', 'issues.reported', week(createdAt), dims, { count: 1 });
  if (item.status !== 'resolved') emit(out, 'issues', 'issues.open', currentPeriod, dims, { count: 1 });
  const ownedAt = str(item.ownedAt);
  const resolvedAt = str(item.resolvedAt);
  if (ownedAt && createdAt) {
    emit(out, 'issues', 'issues.time_to_own', week(ownedAt), dims, { minutes: minutesBetween(createdAt, ownedAt) });
  }
  if (resolvedAt) {
    emit(out, 'issues', 'issues.resolved', week(resolvedAt), dims, { count: 1 });
    if (createdAt) {
      emit(out, 'issues', 'issues.time_to_resolve', week(resolvedAt), dims, {
        minutes: minutesBetween(createdAt, resolvedAt),
      });
    }
  }
  if (ownedAt || item.ownBreached === true) {
    const dueWeek = week(item.ownDueAt);
    emit(out, 'issues', 'issues.own_due', dueWeek, dims, { count: 1 });
    if (ownedAt && item.ownedLate !== true) emit(out, 'issues', 'issues.own_met', dueWeek, dims, { count: 1 });
  }
  if (resolvedAt || item.resolveBreached === true) {
    const dueWeek = week(item.resolveDueAt);
    emit(out, 'issues', 'issues.resolve_due', dueWeek, dims, { count: 1 });
    if (resolvedAt && item.resolvedLate !== true) {
      emit(out, 'issues', 'issues.resolve_met', dueWeek, dims, { count: 1 });
    }
  }
  return out;
}

function customer(item: Item): Contribution[] {
  const out: Contribution[] = [];
  const stage = str(item.lifecycle);
  if (!stage) return out;
  const referredBy = item.referredBy as { partnerId?: unknown; referrerId?: unknown } | undefined;
  const referrer = referredBy ? referrerDimension(referredBy.partnerId, referredBy.referrerId) : [];
  emit(
    out,
    'customers',
    'customers.stage',
    currentPeriod,
    [`stage:${stage}`, ...referrer.map((r) => `${r}|stage:${stage}`)],
    {
      count: 1,
    },
  );
  if (typeof item.openIssueCount === 'number' && item.openIssueCount > 0) {
    emit(out, 'customers', 'customers.with_open_issues', currentPeriod, referrer, { count: 1 });
  }
  return out;
}

/** Timeline events are immutable: the moves that a record's current state forgets. */
function event(item: Item, week: (at: unknown) => string | undefined): Contribution[] {
  const out: Contribution[] = [];
  const after = (item.after ?? {}) as Item;
  const at = week(item.at);
  if (item.type === 'referral.won' || item.type === 'referral.lost') {
    const figure = item.type === 'referral.won' ? 'referrals.won' : 'referrals.lost';
    emit(out, 'referrals', figure, at, referrerDimension(after.partnerId, after.referrerId), { count: 1 });
  }
  if (item.type === 'customer.lifecycle_moved' && typeof after.lifecycle === 'string') {
    emit(out, 'customers', 'customers.moved', at, [`stage:${after.lifecycle}`], { count: 1 });
  }
  return out;
}

/** The entities the scorecard has rules for; anything else contributes nothing. */
export const scoredEntities = ['referral', 'handoff', 'issue', 'customer', 'event'] as const;

/** Everything one item, as it stands, contributes to the aggregates. */
export function contributionsOf(item: Item | undefined, timeZone: string): Contribution[] {
  if (!item) return [];
  const week = (at: unknown) => {
    const value = str(at);
    if (!value || Number.isNaN(Date.parse(value))) return undefined;
    return isoWeek(value, timeZone);
  };
  switch (item.entity) {
    case 'referral':
      return referral(item, week);
    case 'handoff':
      return handoff(item, week);
    case 'issue':
      return issue(item, week);
    case 'customer':
      return customer(item);
    case 'event':
      return event(item, week);
    default:
      return [];
  }
}

/** Adds contributions, each times `sign`, into a map of aggregate values. */
export function accumulate(into: Aggregates, contributions: readonly Contribution[], sign: 1 | -1): Aggregates {
  for (const contribution of contributions) {
    const key = mapKey(contribution);
    let entry = into.get(key);
    if (!entry) {
      entry = {
        family: contribution.family,
        period: contribution.period,
        figure: contribution.figure,
        dimension: contribution.dimension,
        values: zeroValues(),
      };
      into.set(key, entry);
    }
    if (contribution.count !== undefined) entry.values.count += sign * contribution.count;
    if (contribution.minutes !== undefined) {
      entry.values.n += sign;
      entry.values.sum += sign * contribution.minutes;
      const bucket = bucketOf(contribution.minutes);
      entry.values.buckets[bucket] = (entry.values.buckets[bucket] ?? 0) + sign;
    }
  }
  return into;
}

/**
 * The change an item's new image makes to the aggregates, compared with its old image: the
 * aggregator's whole rule. Entries that cancel out are dropped.
 */
export function aggregateDelta(oldImage: Item | undefined, newImage: Item | undefined, timeZone: string): Aggregates {
  const delta: Aggregates = new Map();
  accumulate(delta, contributionsOf(newImage, timeZone), 1);
  accumulate(delta, contributionsOf(oldImage, timeZone), -1);
  for (const [key, entry] of delta) if (isZero(entry.values)) delta.delete(key);
  return delta;
}

export { mapKey as aggregateMapKey };
