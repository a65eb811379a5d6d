import { lifecycleStages } from '#domain/customers/stages.ts';
import { idSchema } from '#domain/directory/schemas.ts';
import { handoffKinds } from '#domain/handoffs/checklists.ts';
import { type Family, familyOf } from './derive.ts';
import { type FigureId, isFigureId, type StoredFigure } from './figures.ts';
import { emptyHistogram, median, observe, p90 } from './histogram.ts';
import { figureDefinitions, type Unit } from './scorecard.ts';
import { meanRating, rate } from './scoring.ts';

/**
 * The drill-down: which stored figures' members (functions/domain/scorecard/derive.ts) are the
 * records behind a scorecard figure, under which dimensions. A count lists what it counts; a
 * ratio lists its denominator (acceptance rate: the referrals accepted and declined); a
 * duration lists what was timed.
 */

/** One member partition to read, and the dimensions a member must count under (all of them). */
export interface DrillSource {
  readonly family: Family;
  readonly figure: StoredFigure;
  readonly dimensions: readonly string[];
  /**
   * For a share whose numerator and the rest are two stored figures (accepted and declined,
   * won and lost): the outcome of every member of this one. Otherwise the member's own.
   */
  readonly outcome?: 'met' | 'missed';
}

export interface Drill {
  /** Levels (open issues, lifecycle stages) are read now, whatever the week. */
  readonly level: boolean;
  readonly unit: Unit;
  readonly name: string;
  readonly sources: readonly DrillSource[];
}

/** Members of `figures`, narrowed to `dimension` unless it is `all`, and to a fixed one. */
const of =
  (figures: readonly StoredFigure[], fixed?: string) =>
  (dimension: string): DrillSource[] =>
    figures.map((figure) => ({
      family: familyOf(figure),
      figure,
      dimensions: [...(fixed ? [fixed] : []), ...(dimension === 'all' ? [] : [dimension])],
    }));

/** A share of two stored figures: the first is its numerator, the second the rest. */
const split =
  (met: StoredFigure, missed: StoredFigure) =>
  (dimension: string): DrillSource[] => {
    const [first, second] = [...of([met])(dimension), ...of([missed])(dimension)] as [DrillSource, DrillSource];
    return [
      { ...first, outcome: 'met' },
      { ...second, outcome: 'missed' },
    ];
  };

/** The figures with one fixed rule; the generated ones (per severity and stage) are read below. */
const sourcesById: Partial<Record<FigureId, (dimension: string) => DrillSource[]>> = {
  'referrals.submitted': of(['referrals.submitted']),
  'referrals.accepted': of(['referrals.accepted']),
  'referrals.declined': of(['referrals.declined']),
  'referrals.won': of(['referrals.won']),
  'referrals.lost': of(['referrals.lost']),
  'referrals.acceptance_rate': split('referrals.accepted', 'referrals.declined'),
  'referrals.conversion_rate': split('referrals.won', 'referrals.lost'),
  'referrals.first_response_time': of(['referrals.first_response_time']),
  'referrals.sla_attainment': of(['referrals.sla_due']),
  'handoffs.sent': of(['handoffs.sent']),
  'handoffs.returned_rate': of(['handoffs.sent']),
  'handoffs.returns': of(['handoffs.returns']),
  'handoffs.ack_time': of(['handoffs.ack_time']),
  'handoffs.sla_attainment': of(['handoffs.sla_due']),
  'handoffs.satisfaction': of(['handoffs.rated']),
  'issues.time_to_own': of(['issues.time_to_own']),
  'issues.time_to_own.attainment': of(['issues.own_due']),
  'issues.time_to_resolve': of(['issues.time_to_resolve']),
  'issues.time_to_resolve.attainment': of(['issues.resolve_due']),
  'customers.with_open_issues': of(['customers.with_open_issues']),
};

function sourcesOf(id: FigureId): ((dimension: string) => DrillSource[]) | undefined {
  const known = sourcesById[id];
  if (known) return known;
  const issue = /^issues\.(reported|open)\.(sev[1-4])$/.exec(id);
  if (issue) return of([issue[1] === 'open' ? 'issues.open' : 'issues.reported'], `sev:${issue[2]}`);
  const moved = /^customers\.moved\.([a-z_]+)$/.exec(id);
  if (moved) return of(['customers.moved'], `stage:${moved[1]}`);
  const stage = /^customers\.stage\.([a-z_]+)$/.exec(id);
  if (stage) {
    // A stage's members count under `stage:<stage>` and `<referrer>|stage:<stage>`.
    return (dimension) => [
      {
        family: 'customers',
        figure: 'customers.stage',
        dimensions: [dimension === 'all' ? `stage:${stage[1]}` : `${dimension}|stage:${stage[1]}`],
      },
    ];
  }
  return undefined;
}

/** The drill-down of a scorecard figure by its stable id, or undefined for an unknown id. */
export function drillOf(id: string, dimension: string): Drill | undefined {
  if (!isFigureId(id)) return undefined;
  const definition = figureDefinitions.find((candidate) => candidate.id === id);
  const sources = definition && sourcesOf(id);
  if (!definition || !sources) return undefined;
  return {
    level: definition.level === true,
    unit: definition.unit,
    name: definition.name,
    sources: sources(dimension),
  };
}

/** A record behind a figure, as far as its summary goes. */
export interface Measured {
  readonly outcome?: 'met' | 'missed' | undefined;
  readonly value?: number | undefined;
}

export interface DrillSummary {
  readonly sampleSize: number;
  readonly met?: number;
  readonly missed?: number;
  readonly value: number | null;
  readonly p90?: number | null;
}

/**
 * What the records behind a figure add up to, by the figure's own formula: as many as a count,
 * met ÷ all for a share, the median and 90th percentile of the durations (read from the same
 * buckets as the aggregates), the mean of the ratings. Equal to the figure, or the drill-down
 * is wrong.
 */
export function summarize(unit: Unit, records: readonly Measured[]): DrillSummary {
  const sampleSize = records.length;
  switch (unit) {
    case 'count':
      return { sampleSize, value: sampleSize };
    case 'ratio': {
      const met = records.filter((record) => record.outcome === 'met').length;
      return { sampleSize, met, missed: sampleSize - met, value: rate(met, sampleSize) };
    }
    case 'minutes': {
      const histogram = records.reduce(
        (sum, record) => (record.value === undefined ? sum : observe(sum, record.value)),
        emptyHistogram(),
      );
      return { sampleSize, value: median(histogram), p90: p90(histogram) };
    }
    case 'rating': {
      const points = records.reduce((sum, record) => sum + (record.value ?? 0), 0);
      return { sampleSize, value: meanRating(points, sampleSize) };
    }
  }
}

const id = idSchema;
const isId = (value: string | undefined) => value !== undefined && id.safeParse(value).success;
const stages: readonly string[] = lifecycleStages;

/**
 * Whether a dimension is one the scorecard keeps (as in a figure's `byDimension`): `all`,
 * `partner:<id>`, `referrer:<id>`, `pair:<from>:<to>`, `from:<team>`, `to:<team>`,
 * `sev:sev1`…`sev4`, `stage:<stage>`, `kind:<handoff kind>`, `item:<team>:<checklist item>`.
 */
export function isDimension(value: string): boolean {
  if (value === 'all') return true;
  const [kind, first, second, ...rest] = value.split(':');
  if (rest.length > 0) return false;
  switch (kind) {
    case 'partner':
    case 'referrer':
    case 'from':
    case 'to':
      return second === undefined && isId(first);
    case 'pair':
    case 'item':
      return isId(first) && isId(second);
    case 'kind':
      return second === undefined && (handoffKinds as readonly string[]).includes(first ?? '');
    case 'sev':
      return second === undefined && /^sev[1-4]$/.test(first ?? '');
    case 'stage':
      return second === undefined && stages.includes(first ?? '');
    default:
      return false;
  }
}

/** The attributes the drill-down reads of a record: never its contact details. */
export const labelAttributes = [
  'entity',
  'id',
  'status',
  'lifecycle',
  'company',
  'summary',
  'title',
  'impact',
  'name',
] as const;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * A record's title for a list: its company, summary, title or name. An issue reported before
 * titles existed reads with the first line of its impact, as its page does.
 */
export function recordLabel(recordType: string, item: Record<string, unknown> | undefined): string {
  if (!item) return '';
  switch (recordType) {
    case 'referral':
      return text((item.company as { name?: unknown } | undefined)?.name);
    case 'handoff':
      return text(item.summary);
    case 'issue': {
      if (text(item.title)) return text(item.title);
      const line = text(item.impact).split(/\r?\n/)[0] ?? '';
      return line.length > 120 ? `${line.slice(0, 119)}…` : line;
    }
    case 'customer':
      return text(item.name);
    default:
      return '';
  }
}

/** A record's status now; a customer's is its lifecycle stage. */
export const recordStatus = (recordType: string, item: Record<string, unknown> | undefined) =>
  text(recordType === 'customer' ? item?.lifecycle : item?.status);
