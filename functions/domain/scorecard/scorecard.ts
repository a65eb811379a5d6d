import { lifecycleStages as stages } from '#domain/customers/stages.ts';
import { severities } from '#domain/issues/severities.ts';
import { type AggregateKey, type AggregateValues, currentPeriod, zeroValues } from './derive.ts';
import { type FigureId, movements, type StoredFigure } from './figures.ts';
import { type Histogram, median, p90 } from './histogram.ts';
import { dimensionLabel, type NameLookup } from './labels.ts';
import {
  acceptanceRate,
  type Band,
  band,
  conversionRate,
  defaultMinimumSample,
  meanRating,
  type PillarId,
  pillarIds,
  pillarScore,
  ratingComponent,
  retention,
  returnedRate,
  slaAttainment,
  type Thresholds,
  totalCustomerIndex,
  type Weights,
} from './scoring.ts';

/**
 * The scorecard read model: every figure, for a range of ISO weeks, from the stored aggregate
 * items alone. Figure ids are stable and dotted; docs/data-model.md and the OpenAPI document
 * list them.
 */

export type Unit = 'count' | 'ratio' | 'minutes' | 'rating';

export interface FigurePoint {
  readonly value: number | null;
  /** Durations only: `value` is the median, this the 90th percentile (minutes). */
  readonly p90?: number | null;
  /**
   * How many records the value stands on: a count's own value, a share's denominator, the
   * durations timed, the ratings given. What a leader weighs a rate against.
   */
  readonly sampleSize: number;
  /**
   * Shares and ratings only: the band of the value as a 0–100 score, or null when there is no
   * value or fewer records than the leaders' minimum sample ("too few to judge").
   */
  readonly band?: Band | null;
}

/** Which way is better for a figure; null where neither is (a count of work, a level). */
export type Better = 'higher' | 'lower' | null;

export interface FigureView extends FigurePoint {
  readonly id: FigureId;
  /** The figure's name for people, as the web shows it. */
  readonly name: string;
  readonly pillar: PillarId;
  readonly unit: Unit;
  readonly better: Better;
  readonly trend: (FigurePoint & { week: string })[];
  /** The same figure over the whole range, per dimension (partner, team pair, severity, …). */
  readonly byDimension: (FigurePoint & { dimension: string; label: string })[];
}

export interface PillarView {
  readonly id: PillarId;
  readonly score: number | null;
  readonly band: Band | null;
  readonly trend: { week: string; score: number | null; band: Band | null }[];
  readonly figures: FigureView[];
}

export interface ScorecardView {
  readonly weeks: string[];
  /** The fewest records a share or rating needs before it is banded. */
  readonly minimumSample: number;
  readonly index: { score: number | null; band: Band | null; trend: { week: string; score: number | null }[] };
  readonly weights: Weights;
  readonly thresholds: Thresholds;
  readonly pillars: PillarView[];
}

export type AggregateEntry = AggregateKey & { readonly values: AggregateValues };

/** Summed values of stored figures over a set of periods. */
type Get = (figure: StoredFigure, dimension: string) => AggregateValues;

export interface Definition {
  readonly id: FigureId;
  /** The figure's name for people (the web shows it; issue digests and CSVs may too). */
  readonly name: string;
  readonly pillar: PillarId;
  readonly unit: Unit;
  readonly better: Better;
  /** The stored figure whose dimensions the figure is broken down by; none for a single value. */
  readonly by?: StoredFigure | `customers.stage|stage:${(typeof stages)[number]}`;
  /** Levels (`current`) rather than weekly flows. */
  readonly level?: boolean;
  compute(get: Get, dimension: string): Computed;
}

type Computed = Omit<FigurePoint, 'band'>;

const counted = (value: number): Computed => ({ value, sampleSize: value });
const count = (figure: StoredFigure) => (get: Get, dimension: string) => counted(get(figure, dimension).count);
const duration = (figure: StoredFigure) => (get: Get, dimension: string) => {
  const values = get(figure, dimension);
  const histogram: Histogram = values;
  return { value: median(histogram), p90: p90(histogram), sampleSize: values.n };
};
/** A share of `of` records: the value from the formula, the sample its denominator. */
const attainment = (met: AggregateValues, due: AggregateValues): Computed => ({
  value: slaAttainment(met.count, due.count),
  sampleSize: due.count,
});
const share = (value: number | null, of: number): Computed => ({ value, sampleSize: of });

const stageNames: Record<(typeof stages)[number], string> = {
  prospect: 'prospect',
  first_purchase: 'first purchase',
  repeat: 'repeat',
  loyal: 'loyal',
  advocate: 'advocate',
  lapsed: 'lapsed',
  won_back: 'won back',
};

/** Every figure of the scorecard, by pillar. */
export const figureDefinitions: readonly Definition[] = [
  // Partners and advocates.
  {
    id: 'referrals.submitted',
    name: 'Referrals submitted',
    // More referrals is what a partner programme is for: a partner's falling off is a mover.
    better: 'higher',
    pillar: 'partners',
    unit: 'count',
    by: 'referrals.submitted',
    compute: count('referrals.submitted'),
  },
  {
    id: 'referrals.accepted',
    name: 'Referrals accepted',
    better: null,
    pillar: 'partners',
    unit: 'count',
    by: 'referrals.accepted',
    compute: count('referrals.accepted'),
  },
  {
    id: 'referrals.declined',
    name: 'Referrals declined',
    better: null,
    pillar: 'partners',
    unit: 'count',
    by: 'referrals.declined',
    compute: count('referrals.declined'),
  },
  {
    id: 'referrals.won',
    name: 'Referrals won',
    better: 'higher',
    pillar: 'partners',
    unit: 'count',
    by: 'referrals.won',
    compute: count('referrals.won'),
  },
  {
    id: 'referrals.lost',
    name: 'Referrals lost',
    better: 'lower',
    pillar: 'partners',
    unit: 'count',
    by: 'referrals.lost',
    compute: count('referrals.lost'),
  },
  {
    id: 'referrals.acceptance_rate',
    name: 'Acceptance rate',
    better: 'higher',
    pillar: 'partners',
    unit: 'ratio',
    by: 'referrals.submitted',
    compute: (get, d) => {
      const [accepted, declined] = [get('referrals.accepted', d).count, get('referrals.declined', d).count];
      return share(acceptanceRate(accepted, declined), accepted + declined);
    },
  },
  {
    id: 'referrals.conversion_rate',
    name: 'Conversion rate',
    better: 'higher',
    pillar: 'partners',
    unit: 'ratio',
    by: 'referrals.submitted',
    compute: (get, d) => {
      const [won, lost] = [get('referrals.won', d).count, get('referrals.lost', d).count];
      return share(conversionRate(won, lost), won + lost);
    },
  },
  {
    id: 'referrals.first_response_time',
    name: 'Time to first response',
    better: 'lower',
    pillar: 'partners',
    unit: 'minutes',
    by: 'referrals.first_response_time',
    compute: duration('referrals.first_response_time'),
  },
  {
    id: 'referrals.sla_attainment',
    name: 'First response within SLA',
    better: 'higher',
    pillar: 'partners',
    unit: 'ratio',
    by: 'referrals.sla_due',
    compute: (get, d) => attainment(get('referrals.sla_met', d), get('referrals.sla_due', d)),
  },
  // Internal customers.
  {
    id: 'handoffs.sent',
    name: 'Handoffs sent',
    better: null,
    pillar: 'internal',
    unit: 'count',
    by: 'handoffs.sent',
    compute: count('handoffs.sent'),
  },
  {
    id: 'handoffs.returned_rate',
    name: 'Returned for missing information',
    better: 'lower',
    pillar: 'internal',
    unit: 'ratio',
    by: 'handoffs.sent',
    compute: (get, d) => {
      const sent = get('handoffs.sent', d).count;
      return share(returnedRate(get('handoffs.returned', d).count, sent), sent);
    },
  },
  {
    // Which of the receiving teams' checklist items, and which kinds of handoff, returns are for:
    // what to ask senders more clearly (its breakdown is by `kind:` and `item:`).
    id: 'handoffs.returns',
    name: 'Returns, by kind and missing item',
    better: 'lower',
    pillar: 'internal',
    unit: 'count',
    by: 'handoffs.returns',
    compute: count('handoffs.returns'),
  },
  {
    id: 'handoffs.ack_time',
    name: 'Time to acknowledge',
    better: 'lower',
    pillar: 'internal',
    unit: 'minutes',
    by: 'handoffs.ack_time',
    compute: duration('handoffs.ack_time'),
  },
  {
    id: 'handoffs.sla_attainment',
    name: 'Acknowledged within SLA',
    better: 'higher',
    pillar: 'internal',
    unit: 'ratio',
    by: 'handoffs.sla_due',
    compute: (get, d) => attainment(get('handoffs.sla_met', d), get('handoffs.sla_due', d)),
  },
  {
    id: 'handoffs.satisfaction',
    name: 'Satisfaction of receiving teams',
    better: 'higher',
    pillar: 'internal',
    unit: 'rating',
    by: 'handoffs.rated',
    compute: (get, d) => {
      const rated = get('handoffs.rated', d).count;
      return share(meanRating(get('handoffs.rating_points', d).count, rated), rated);
    },
  },
  // External customers.
  ...severities.map(
    (sev): Definition => ({
      id: `issues.reported.${sev}`,
      name: `Issues reported, Sev ${sev.slice(3)}`,
      pillar: 'external',
      unit: 'count',
      better: null,
      compute: (get) => counted(get('issues.reported', `sev:${sev}`).count),
    }),
  ),
  ...severities.map(
    (sev): Definition => ({
      id: `issues.open.${sev}`,
      name: `Open issues, Sev ${sev.slice(3)}`,
      pillar: 'external',
      unit: 'count',
      better: 'lower',
      level: true,
      compute: (get) => counted(get('issues.open', `sev:${sev}`).count),
    }),
  ),
  {
    id: 'issues.time_to_own',
    name: 'Time to own an issue',
    better: 'lower',
    pillar: 'external',
    unit: 'minutes',
    by: 'issues.time_to_own',
    compute: duration('issues.time_to_own'),
  },
  {
    id: 'issues.time_to_own.attainment',
    name: 'Owned within SLA',
    better: 'higher',
    pillar: 'external',
    unit: 'ratio',
    by: 'issues.own_due',
    compute: (get, d) => attainment(get('issues.own_met', d), get('issues.own_due', d)),
  },
  {
    id: 'issues.time_to_resolve',
    name: 'Time to resolve an issue',
    better: 'lower',
    pillar: 'external',
    unit: 'minutes',
    by: 'issues.time_to_resolve',
    compute: duration('issues.time_to_resolve'),
  },
  {
    id: 'issues.time_to_resolve.attainment',
    name: 'Resolved within SLA',
    better: 'higher',
    pillar: 'external',
    unit: 'ratio',
    by: 'issues.resolve_due',
    compute: (get, d) => attainment(get('issues.resolve_met', d), get('issues.resolve_due', d)),
  },
  ...movements.map(
    (stage): Definition => ({
      id: `customers.moved.${stage}`,
      name: `Customers moved to ${stageNames[stage]}`,
      pillar: 'external',
      unit: 'count',
      better: stage === 'lapsed' ? 'lower' : 'higher',
      compute: (get) => counted(get('customers.moved', `stage:${stage}`).count),
    }),
  ),
  ...stages.map(
    (stage): Definition => ({
      id: `customers.stage.${stage}`,
      name: `Customers now ${stageNames[stage]}`,
      pillar: 'external',
      unit: 'count',
      better: null,
      level: true,
      by: `customers.stage|stage:${stage}`,
      compute: (get, d) =>
        counted(get('customers.stage', d === 'all' ? `stage:${stage}` : `${d}|stage:${stage}`).count),
    }),
  ),
  // What became of referred customers, per partner and advocate: those with a grievance open now.
  {
    id: 'customers.with_open_issues',
    name: 'Customers with open issues',
    better: 'lower',
    pillar: 'external',
    unit: 'count',
    level: true,
    by: 'customers.with_open_issues',
    compute: count('customers.with_open_issues'),
  },
];

/** A share or rating as a 0–100 score, the better the higher, for its band. */
function asScore(definition: Definition, value: number | null): number | null {
  if (value === null) return null;
  const scaled = definition.unit === 'rating' ? (ratingComponent(value) ?? 0) : value;
  return (definition.better === 'lower' ? 1 - scaled : scaled) * 100;
}

/** The components of each pillar's score, from a period's summed figures. */
function pillarComponents(get: Get): Record<PillarId, (number | null)[]> {
  const moves = movements.reduce((sum, stage) => sum + get('customers.moved', `stage:${stage}`).count, 0);
  return {
    external: [
      slaAttainment(get('issues.own_met', 'all').count, get('issues.own_due', 'all').count),
      slaAttainment(get('issues.resolve_met', 'all').count, get('issues.resolve_due', 'all').count),
      retention(get('customers.moved', 'stage:lapsed').count, moves),
    ],
    internal: [
      slaAttainment(get('handoffs.sla_met', 'all').count, get('handoffs.sla_due', 'all').count),
      ((returned) => (returned === null ? null : 1 - returned))(
        returnedRate(get('handoffs.returned', 'all').count, get('handoffs.sent', 'all').count),
      ),
      ratingComponent(meanRating(get('handoffs.rating_points', 'all').count, get('handoffs.rated', 'all').count)),
    ],
    partners: [
      acceptanceRate(get('referrals.accepted', 'all').count, get('referrals.declined', 'all').count),
      conversionRate(get('referrals.won', 'all').count, get('referrals.lost', 'all').count),
      slaAttainment(get('referrals.sla_met', 'all').count, get('referrals.sla_due', 'all').count),
    ],
  };
}

function add(into: AggregateValues, values: AggregateValues): void {
  into.count += values.count;
  into.n += values.n;
  into.sum += values.sum;
  for (let index = 0; index < into.buckets.length; index++)
    into.buckets[index] = (into.buckets[index] ?? 0) + (values.buckets[index] ?? 0);
}

/**
 * Builds the scorecard for `weeks` (oldest first, the current week last) from the aggregate
 * items of those weeks and the current levels.
 */
export function buildScorecard(
  entries: readonly AggregateEntry[],
  weeks: readonly string[],
  settings: { weights: Weights; thresholds: Thresholds; minimumSample?: number | undefined },
  names: NameLookup = () => undefined,
): ScorecardView {
  const minimumSample = settings.minimumSample ?? defaultMinimumSample;
  const judged = (definition: Definition, point: Computed): FigurePoint =>
    definition.unit === 'ratio' || definition.unit === 'rating'
      ? {
          ...point,
          band: point.sampleSize >= minimumSample ? band(asScore(definition, point.value), settings.thresholds) : null,
        }
      : point;
  const byKey = new Map<string, AggregateValues>();
  const dimensionsOf = new Map<string, Set<string>>();
  const inRange = new Set([...weeks, currentPeriod]);
  for (const entry of entries) {
    if (!inRange.has(entry.period)) continue;
    byKey.set(`${entry.period}#${entry.figure}#${entry.dimension}`, entry.values);
    const dims = dimensionsOf.get(entry.figure) ?? new Set<string>();
    dimensionsOf.set(entry.figure, dims);
    dims.add(entry.dimension);
  }
  const getter =
    (periods: readonly string[]): Get =>
    (figure, dimension) => {
      const total = zeroValues();
      for (const period of periods) {
        const values = byKey.get(`${period}#${figure}#${dimension}`);
        if (values) add(total, values);
      }
      return total;
    };
  const window = getter(weeks);
  const current = getter([currentPeriod]);
  const perWeek = new Map(weeks.map((week) => [week, getter([week])]));

  const dimensionList = (by: string | undefined): string[] => {
    if (!by) return [];
    const [figure, suffix] = by.split('|') as [string, string | undefined];
    const stored = [...(dimensionsOf.get(figure) ?? [])];
    if (suffix) {
      return stored
        .filter((d) => d.endsWith(`|${suffix}`))
        .map((d) => d.slice(0, -suffix.length - 1))
        .sort();
    }
    return stored.filter((d) => d !== 'all').sort();
  };

  const figure = (definition: Definition): FigureView => {
    const source = definition.level ? current : window;
    const trend = definition.level
      ? levelTrend(definition, weeks, current, perWeek)
      : weeks.map((week) => ({ week, ...judged(definition, definition.compute(perWeek.get(week) ?? window, 'all')) }));
    return {
      id: definition.id,
      name: definition.name,
      pillar: definition.pillar,
      unit: definition.unit,
      better: definition.better,
      ...judged(definition, definition.compute(source, 'all')),
      trend,
      byDimension: dimensionList(definition.by).map((dimension) => ({
        dimension,
        label: dimensionLabel(dimension, names),
        ...judged(definition, definition.compute(source, dimension)),
      })),
    };
  };

  const componentsNow = pillarComponents(window);
  const weekComponents = weeks.map((week) => ({ week, components: pillarComponents(perWeek.get(week) ?? window) }));
  const pillars: PillarView[] = pillarIds.map((id) => {
    const score = pillarScore(componentsNow[id]);
    return {
      id,
      score,
      band: band(score, settings.thresholds),
      trend: weekComponents.map(({ week, components }) => {
        const weekScore = pillarScore(components[id]);
        return { week, score: weekScore, band: band(weekScore, settings.thresholds) };
      }),
      figures: figureDefinitions.filter((definition) => definition.pillar === id).map(figure),
    };
  });
  const scores = (pick: (pillar: PillarView) => number | null) =>
    Object.fromEntries(pillars.map((pillar) => [pillar.id, pick(pillar)])) as Record<PillarId, number | null>;
  const indexScore = totalCustomerIndex(
    scores((pillar) => pillar.score),
    settings.weights,
  );
  return {
    weeks: [...weeks],
    minimumSample,
    index: {
      score: indexScore,
      band: band(indexScore, settings.thresholds),
      trend: weeks.map((week, position) => ({
        week,
        score: totalCustomerIndex(
          scores((pillar) => pillar.trend[position]?.score ?? null),
          settings.weights,
        ),
      })),
    },
    weights: settings.weights,
    thresholds: settings.thresholds,
    pillars,
  };
}

/**
 * A level's weekly trend, worked back from today's value: open issues at the end of a week are
 * today's minus those reported, plus those resolved, in the weeks after it. Levels without
 * such a rule (lifecycle stages) report today's value only.
 */
function levelTrend(
  definition: Definition,
  weeks: readonly string[],
  current: Get,
  perWeek: Map<string, Get>,
): (FigurePoint & { week: string })[] {
  const severity = /^issues\.open\.(sev[1-4])$/.exec(definition.id)?.[1];
  if (!severity)
    return weeks.map((week, position) =>
      position === weeks.length - 1
        ? { week, ...definition.compute(current, 'all') }
        : { week, value: null, sampleSize: 0 },
    );
  const dimension = `sev:${severity}`;
  let level = current('issues.open', dimension).count;
  const trend: (FigurePoint & { week: string })[] = [];
  for (let position = weeks.length - 1; position >= 0; position--) {
    const week = weeks[position] as string;
    trend.unshift({ week, value: level, sampleSize: level });
    const get = perWeek.get(week);
    if (get) level -= get('issues.reported', dimension).count - get('issues.resolved', dimension).count;
  }
  return trend;
}
