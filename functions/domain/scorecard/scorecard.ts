import { type AggregateKey, type AggregateValues, currentPeriod, zeroValues } from './derive.ts';
import { type Histogram, median, p90 } from './histogram.ts';
import {
  acceptanceRate,
  type Band,
  band,
  conversionRate,
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
}

export interface FigureView extends FigurePoint {
  readonly id: string;
  readonly pillar: PillarId;
  readonly unit: Unit;
  readonly trend: (FigurePoint & { week: string })[];
  /** The same figure over the whole range, per dimension (partner, team pair, severity, …). */
  readonly byDimension: (FigurePoint & { dimension: string })[];
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
  readonly index: { score: number | null; band: Band | null; trend: { week: string; score: number | null }[] };
  readonly weights: Weights;
  readonly thresholds: Thresholds;
  readonly pillars: PillarView[];
}

export type AggregateEntry = AggregateKey & { readonly values: AggregateValues };

/** Summed values of stored figures over a set of periods. */
type Get = (figure: string, dimension: string) => AggregateValues;

interface Definition {
  readonly id: string;
  readonly pillar: PillarId;
  readonly unit: Unit;
  /** The stored figure whose dimensions the figure is broken down by; none for a single value. */
  readonly by?: string;
  /** Levels (`current`) rather than weekly flows. */
  readonly level?: boolean;
  compute(get: Get, dimension: string): FigurePoint;
}

const count = (figure: string) => (get: Get, dimension: string) => ({ value: get(figure, dimension).count });
const duration = (figure: string) => (get: Get, dimension: string) => {
  const values = get(figure, dimension);
  const histogram: Histogram = values;
  return { value: median(histogram), p90: p90(histogram) };
};

const severities = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
const movements = ['repeat', 'loyal', 'advocate', 'lapsed', 'won_back'] as const;
const stages = ['prospect', 'first_purchase', 'repeat', 'loyal', 'advocate', 'lapsed', 'won_back'] as const;

/** Every figure of the scorecard, by pillar. */
export const figureDefinitions: readonly Definition[] = [
  // Partners and advocates.
  {
    id: 'referrals.submitted',
    pillar: 'partners',
    unit: 'count',
    by: 'referrals.submitted',
    compute: count('referrals.submitted'),
  },
  {
    id: 'referrals.accepted',
    pillar: 'partners',
    unit: 'count',
    by: 'referrals.accepted',
    compute: count('referrals.accepted'),
  },
  {
    id: 'referrals.declined',
    pillar: 'partners',
    unit: 'count',
    by: 'referrals.declined',
    compute: count('referrals.declined'),
  },
  { id: 'referrals.won', pillar: 'partners', unit: 'count', by: 'referrals.won', compute: count('referrals.won') },
  { id: 'referrals.lost', pillar: 'partners', unit: 'count', by: 'referrals.lost', compute: count('referrals.lost') },
  {
    id: 'referrals.acceptance_rate',
    pillar: 'partners',
    unit: 'ratio',
    by: 'referrals.submitted',
    compute: (get, d) => ({
      value: acceptanceRate(get('referrals.accepted', d).count, get('referrals.declined', d).count),
    }),
  },
  {
    id: 'referrals.conversion_rate',
    pillar: 'partners',
    unit: 'ratio',
    by: 'referrals.submitted',
    compute: (get, d) => ({ value: conversionRate(get('referrals.won', d).count, get('referrals.lost', d).count) }),
  },
  {
    id: 'referrals.first_response_time',
    pillar: 'partners',
    unit: 'minutes',
    by: 'referrals.first_response_time',
    compute: duration('referrals.first_response_time'),
  },
  {
    id: 'referrals.sla_attainment',
    pillar: 'partners',
    unit: 'ratio',
    by: 'referrals.sla_due',
    compute: (get, d) => ({
      value: slaAttainment(get('referrals.sla_met', d).count, get('referrals.sla_due', d).count),
    }),
  },
  // Internal customers.
  { id: 'handoffs.sent', pillar: 'internal', unit: 'count', by: 'handoffs.sent', compute: count('handoffs.sent') },
  {
    id: 'handoffs.returned_rate',
    pillar: 'internal',
    unit: 'ratio',
    by: 'handoffs.sent',
    compute: (get, d) => ({ value: returnedRate(get('handoffs.returned', d).count, get('handoffs.sent', d).count) }),
  },
  {
    id: 'handoffs.ack_time',
    pillar: 'internal',
    unit: 'minutes',
    by: 'handoffs.ack_time',
    compute: duration('handoffs.ack_time'),
  },
  {
    id: 'handoffs.sla_attainment',
    pillar: 'internal',
    unit: 'ratio',
    by: 'handoffs.sla_due',
    compute: (get, d) => ({ value: slaAttainment(get('handoffs.sla_met', d).count, get('handoffs.sla_due', d).count) }),
  },
  {
    id: 'handoffs.satisfaction',
    pillar: 'internal',
    unit: 'rating',
    by: 'handoffs.rated',
    compute: (get, d) => ({
      value: meanRating(get('handoffs.rating_points', d).count, get('handoffs.rated', d).count),
    }),
  },
  // External customers.
  ...severities.map(
    (sev): Definition => ({
      id: `issues.reported.${sev}`,
      pillar: 'external',
      unit: 'count',
      compute: (get) => ({ value: get('issues.reported', `sev:${sev}`).count }),
    }),
  ),
  ...severities.map(
    (sev): Definition => ({
      id: `issues.open.${sev}`,
      pillar: 'external',
      unit: 'count',
      level: true,
      compute: (get) => ({ value: get('issues.open', `sev:${sev}`).count }),
    }),
  ),
  {
    id: 'issues.time_to_own',
    pillar: 'external',
    unit: 'minutes',
    by: 'issues.time_to_own',
    compute: duration('issues.time_to_own'),
  },
  {
    id: 'issues.time_to_own.attainment',
    pillar: 'external',
    unit: 'ratio',
    by: 'issues.own_due',
    compute: (get, d) => ({ value: slaAttainment(get('issues.own_met', d).count, get('issues.own_due', d).count) }),
  },
  {
    id: 'issues.time_to_resolve',
    pillar: 'external',
    unit: 'minutes',
    by: 'issues.time_to_resolve',
    compute: duration('issues.time_to_resolve'),
  },
  {
    id: 'issues.time_to_resolve.attainment',
    pillar: 'external',
    unit: 'ratio',
    by: 'issues.resolve_due',
    compute: (get, d) => ({
      value: slaAttainment(get('issues.resolve_met', d).count, get('issues.resolve_due', d).count),
    }),
  },
  ...movements.map(
    (stage): Definition => ({
      id: `customers.moved.${stage}`,
      pillar: 'external',
      unit: 'count',
      compute: (get) => ({ value: get('customers.moved', `stage:${stage}`).count }),
    }),
  ),
  ...stages.map(
    (stage): Definition => ({
      id: `customers.stage.${stage}`,
      pillar: 'external',
      unit: 'count',
      level: true,
      by: `customers.stage|stage:${stage}`,
      compute: (get, d) => ({
        value: get('customers.stage', d === 'all' ? `stage:${stage}` : `${d}|stage:${stage}`).count,
      }),
    }),
  ),
  // What became of referred customers, per partner and advocate: those with a grievance open now.
  {
    id: 'customers.with_open_issues',
    pillar: 'external',
    unit: 'count',
    level: true,
    by: 'customers.with_open_issues',
    compute: count('customers.with_open_issues'),
  },
];

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
  settings: { weights: Weights; thresholds: Thresholds },
): ScorecardView {
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
      : weeks.map((week) => ({ week, ...definition.compute(perWeek.get(week) ?? window, 'all') }));
    return {
      id: definition.id,
      pillar: definition.pillar,
      unit: definition.unit,
      ...definition.compute(source, 'all'),
      trend,
      byDimension: dimensionList(definition.by).map((dimension) => ({
        dimension,
        ...definition.compute(source, dimension),
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
    return weeks.map((week, position) => ({
      week,
      value: position === weeks.length - 1 ? definition.compute(current, 'all').value : null,
    }));
  const dimension = `sev:${severity}`;
  let level = current('issues.open', dimension).count;
  const trend: (FigurePoint & { week: string })[] = [];
  for (let position = weeks.length - 1; position >= 0; position--) {
    const week = weeks[position] as string;
    trend.unshift({ week, value: level });
    const get = perWeek.get(week);
    if (get) level -= get('issues.reported', dimension).count - get('issues.resolved', dimension).count;
  }
  return trend;
}
