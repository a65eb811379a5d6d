import { handoffEvents } from '#domain/handoffs/events.ts';
import { referralEvents } from '#domain/referrals/events.ts';
import { type StoredFigure, storedFigures } from './figures.ts';
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
 * `stage:<stage>`, `partner:<id>|stage:<stage>`, `kind:<handoff kind>`, `item:<team>:<checklist
 * item>`, …).
 */

export const families = ['referrals', 'handoffs', 'issues', 'customers'] as const;
export type Family = (typeof families)[number];

/** A stored figure's family is the part of its id before the dot: `issues.own_due` → `issues`. */
export const familyOf = (figure: StoredFigure): Family => figure.slice(0, figure.indexOf('.')) as Family;

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

/**
 * A record behind a stored figure in a period: what the drill-down lists. One per source item
 * (a record, or a timeline event for figures that count moves), kept beside the counters.
 */
export interface Member {
  readonly family: Family;
  readonly period: string;
  readonly figure: string;
  /** The source item within the figure and period: the record's id, or `<recordId>#<eventId>`. */
  readonly key: string;
  readonly recordType: string;
  readonly recordId: string;
  /** The instant that put the record in this figure and period. */
  readonly at: string;
  /** The dimensions it counts under, but `all`. */
  readonly dimensions: readonly string[];
  /**
   * For the denominator of a share, whether the record is in its numerator too: `met` for a
   * response within target (`*.sla_due`, `issues.own_due`, `issues.resolve_due`), and for a
   * handoff sent, `met` when it was returned (the numerator of the returned rate).
   */
  readonly outcome?: 'met' | 'missed';
  /** What was measured: the minutes of a duration, the score of a rating. */
  readonly value?: number;
}

/** A member's own measure, beside its identity. */
type MemberDetail = Pick<Member, 'outcome' | 'value'>;
const outcome = (met: boolean): MemberDetail => ({ outcome: met ? 'met' : 'missed' });

/**
 * The stored figures the drill-down reads members of: every figure a scorecard figure counts,
 * or the denominator of a ratio. Numerators that are subsets of one of these (`sla_met`,
 * `rating_points`, …) keep no members of their own, so that a change writes few items.
 */
const numerators: ReadonlySet<StoredFigure> = new Set<StoredFigure>([
  'referrals.sla_met',
  'handoffs.returned',
  'handoffs.sla_met',
  'handoffs.rating_points',
  'issues.resolved',
  'issues.own_met',
  'issues.resolve_met',
]);
export const memberFigures: ReadonlySet<StoredFigure> = new Set(
  storedFigures.filter((figure) => !numerators.has(figure)),
);

/** Where one item's contributions and members are collected, with the item's identity. */
interface Sink {
  readonly contributions: Contribution[];
  readonly members: Member[];
  readonly source: { recordType: string; recordId: string; key: string } | undefined;
}

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
  out: Sink,
  figure: StoredFigure,
  period: string | undefined,
  dimensions: readonly string[],
  value: { count?: number; minutes?: number },
  at: unknown,
  detail: MemberDetail = value.minutes === undefined ? {} : { value: value.minutes },
) {
  if (period === undefined) return;
  const family = familyOf(figure);
  for (const dimension of ['all', ...dimensions])
    out.contributions.push({ family, period, figure, dimension, ...value });
  const instant = str(at);
  if (out.source && instant && memberFigures.has(figure)) {
    out.members.push({ family, period, figure, ...out.source, at: instant, dimensions: [...dimensions], ...detail });
  }
}

type Week = (at: unknown) => string | undefined;

/** The minutes from `from` to `to`, counted in the week of `to`: a time to respond, to own, to resolve. */
function duration(out: Sink, figure: StoredFigure, week: Week, dims: readonly string[], from: unknown, to: unknown) {
  const start = str(from);
  const end = str(to);
  if (start && end) emit(out, figure, week(end), dims, { minutes: minutesBetween(start, end) }, end);
}

/**
 * A deadline that came due, counted in the week it was due: answered (in time or late), or
 * marked breached unanswered. Met when answered and not late.
 */
function deadline(
  out: Sink,
  figures: { readonly due: StoredFigure; readonly met: StoredFigure },
  week: Week,
  dims: readonly string[],
  record: {
    readonly dueAt: unknown;
    readonly doneAt: string | undefined;
    readonly late: unknown;
    readonly breached: unknown;
  },
) {
  if (!record.doneAt && record.breached !== true) return;
  const dueWeek = week(record.dueAt);
  const met = Boolean(record.doneAt) && record.late !== true;
  emit(out, figures.due, dueWeek, dims, { count: 1 }, record.dueAt, outcome(met));
  if (met) emit(out, figures.met, dueWeek, dims, { count: 1 }, record.dueAt);
}

function referral(out: Sink, item: Item, week: Week): void {
  const dims = referrerDimension(item.partnerId, item.referrerId);
  const createdAt = str(item.createdAt);
  const respondedAt = str(item.firstRespondedAt);
  emit(out, 'referrals.submitted', week(createdAt), dims, { count: 1 }, createdAt);
  if (respondedAt) {
    const answer = item.status === 'declined' ? 'referrals.declined' : 'referrals.accepted';
    emit(out, answer, week(respondedAt), dims, { count: 1 }, respondedAt);
    duration(out, 'referrals.first_response_time', week, dims, createdAt, respondedAt);
  }
  deadline(out, { due: 'referrals.sla_due', met: 'referrals.sla_met' }, week, dims, {
    dueAt: item.firstResponseDueAt,
    doneAt: respondedAt,
    late: item.respondedLate,
    breached: item.overdue,
  });
}

function handoff(out: Sink, item: Item, week: Week): void {
  const from = str(item.fromTeamId);
  const to = str(item.toTeamId);
  const dims = from && to ? [`pair:${from}:${to}`, `from:${from}`, `to:${to}`] : [];
  const createdWeek = week(item.createdAt);
  const returned = typeof item.returnCount === 'number' && item.returnCount > 0;
  emit(out, 'handoffs.sent', createdWeek, dims, { count: 1 }, item.createdAt, outcome(returned));
  if (returned) {
    emit(out, 'handoffs.returned', createdWeek, dims, { count: 1 }, item.createdAt);
  }
  const acknowledgedAt = str(item.acknowledgedAt);
  duration(out, 'handoffs.ack_time', week, dims, item.sentAt, acknowledgedAt);
  deadline(out, { due: 'handoffs.sla_due', met: 'handoffs.sla_met' }, week, dims, {
    dueAt: item.ackDueAt,
    doneAt: acknowledgedAt,
    late: item.acknowledgedLate,
    breached: item.overdue,
  });
  const rating = item.rating as { score?: unknown; ratedAt?: unknown } | undefined;
  if (rating && typeof rating.score === 'number') {
    const ratedWeek = week(rating.ratedAt);
    emit(out, 'handoffs.rated', ratedWeek, dims, { count: 1 }, rating.ratedAt, { value: rating.score });
    emit(out, 'handoffs.rating_points', ratedWeek, dims, { count: rating.score }, rating.ratedAt);
  }
}

function issue(out: Sink, item: Item, week: Week): void {
  const severity = str(item.severity);
  const dims = severity ? [`sev:${severity}`] : [];
  const createdAt = str(item.createdAt);
  emit(out, 'issues.reported', week(createdAt), dims, { count: 1 }, createdAt);
  if (item.status !== 'resolved') emit(out, 'issues.open', currentPeriod, dims, { count: 1 }, createdAt);
  const ownedAt = str(item.ownedAt);
  const resolvedAt = str(item.resolvedAt);
  duration(out, 'issues.time_to_own', week, dims, createdAt, ownedAt);
  if (resolvedAt) emit(out, 'issues.resolved', week(resolvedAt), dims, { count: 1 }, resolvedAt);
  duration(out, 'issues.time_to_resolve', week, dims, createdAt, resolvedAt);
  deadline(out, { due: 'issues.own_due', met: 'issues.own_met' }, week, dims, {
    dueAt: item.ownDueAt,
    doneAt: ownedAt,
    late: item.ownedLate,
    breached: item.ownBreached,
  });
  deadline(out, { due: 'issues.resolve_due', met: 'issues.resolve_met' }, week, dims, {
    dueAt: item.resolveDueAt,
    doneAt: resolvedAt,
    late: item.resolvedLate,
    breached: item.resolveBreached,
  });
}

function customer(out: Sink, item: Item): void {
  const stage = str(item.lifecycle);
  if (!stage) return;
  const referredBy = item.referredBy as { partnerId?: unknown; referrerId?: unknown } | undefined;
  const referrer = referredBy ? referrerDimension(referredBy.partnerId, referredBy.referrerId) : [];
  const since = item.lifecycleChangedAt ?? item.createdAt;
  emit(
    out,
    'customers.stage',
    currentPeriod,
    [`stage:${stage}`, ...referrer.map((r) => `${r}|stage:${stage}`)],
    { count: 1 },
    since,
  );
  if (typeof item.openIssueCount === 'number' && item.openIssueCount > 0) {
    emit(out, 'customers.with_open_issues', currentPeriod, referrer, { count: 1 }, since);
  }
}

/** Timeline events are immutable: the moves that a record's current state forgets. */
function event(out: Sink, item: Item, week: Week): void {
  const after = (item.after ?? {}) as Item;
  const at = week(item.at);
  if (item.type === referralEvents.won || item.type === referralEvents.lost) {
    const figure = item.type === referralEvents.won ? 'referrals.won' : 'referrals.lost';
    emit(out, figure, at, referrerDimension(after.partnerId, after.referrerId), { count: 1 }, item.at);
  }
  if (item.type === handoffEvents.returned) {
    // Each return once, under its kind and under every checklist item it named: a return that
    // names two items counts under both, so the items' rows may add up to more than the total.
    const to = str(after.toTeamId);
    const items = Array.isArray(after.missingItemIds) ? after.missingItemIds.filter((id) => str(id)) : [];
    const dims = [`kind:${str(after.kind) ?? 'other'}`, ...(to ? items.map((id) => `item:${to}:${id}`) : [])];
    emit(out, 'handoffs.returns', at, dims, { count: 1 }, item.at);
  }
  if (item.type === 'customer.lifecycle_moved' && typeof after.lifecycle === 'string') {
    emit(out, 'customers.moved', at, [`stage:${after.lifecycle}`], { count: 1 }, item.at);
  }
}

/** The entities the scorecard has rules for; anything else contributes nothing. */
export const scoredEntities = ['referral', 'handoff', 'issue', 'customer', 'event'] as const;

/** Which record an item is, for its members: a record itself, or the record an event is of. */
function sourceOf(item: Item): Sink['source'] {
  if (item.entity === 'event') {
    const recordType = str(item.recordType);
    const recordId = str(item.recordId);
    const eventId = str(item.id);
    return recordType && recordId && eventId ? { recordType, recordId, key: `${recordId}#${eventId}` } : undefined;
  }
  const id = str(item.id);
  return id ? { recordType: String(item.entity), recordId: id, key: id } : undefined;
}

/** Everything one item, as it stands, contributes: to the aggregates, and as a member of figures. */
export function derive(item: Item | undefined, timeZone: string): { contributions: Contribution[]; members: Member[] } {
  const out: Sink = { contributions: [], members: [], source: item ? sourceOf(item) : undefined };
  if (!item) return out;
  const week = (at: unknown) => {
    const value = str(at);
    if (!value || Number.isNaN(Date.parse(value))) return undefined;
    return isoWeek(value, timeZone);
  };
  switch (item.entity) {
    case 'referral':
      referral(out, item, week);
      break;
    case 'handoff':
      handoff(out, item, week);
      break;
    case 'issue':
      issue(out, item, week);
      break;
    case 'customer':
      customer(out, item);
      break;
    case 'event':
      event(out, item, week);
      break;
  }
  return out;
}

/** Everything one item, as it stands, contributes to the aggregates. */
export function contributionsOf(item: Item | undefined, timeZone: string): Contribution[] {
  return derive(item, timeZone).contributions;
}

/** The figures one item, as it stands, is a member of. */
export function membersOf(item: Item | undefined, timeZone: string): Member[] {
  return derive(item, timeZone).members;
}

/** A member's identity: its figure's partition and its source item. */
export const memberMapKey = (member: Pick<Member, 'family' | 'period' | 'figure' | 'key'>) =>
  `${member.family}#${member.period}#${member.figure}|${member.key}`;

/** Whether two members of the same key say the same. */
export const sameMember = (a: Member, b: Member) =>
  memberMapKey(a) === memberMapKey(b) &&
  a.at === b.at &&
  a.recordType === b.recordType &&
  a.recordId === b.recordId &&
  a.outcome === b.outcome &&
  a.value === b.value &&
  a.dimensions.length === b.dimensions.length &&
  a.dimensions.every((dimension, index) => dimension === b.dimensions[index]);

/**
 * The member items an item's new image puts (new, or changed) and removes, compared with its
 * old image: written with the counters, in the same transactions.
 */
export function memberDelta(
  oldImage: Item | undefined,
  newImage: Item | undefined,
  timeZone: string,
): { put: Member[]; remove: Member[] } {
  const before = new Map(membersOf(oldImage, timeZone).map((member) => [memberMapKey(member), member]));
  const after = new Map(membersOf(newImage, timeZone).map((member) => [memberMapKey(member), member]));
  const put = [...after].filter(([key, member]) => {
    const was = before.get(key);
    return !was || !sameMember(was, member);
  });
  const remove = [...before].filter(([key]) => !after.has(key));
  return { put: put.map(([, member]) => member), remove: remove.map(([, member]) => member) };
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
