import type { Band, PillarId, Thresholds, Unit } from '../../api/scorecard.ts';

export const pillarNames: Record<PillarId, string> = {
  external: 'External customers',
  internal: 'Internal customers',
  partners: 'Partners and advocates',
};

export const bandLabels: Record<Band, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

/** A band in words, for the text beside its colour (colour is never the only sign). */
export function bandLabel(band: Band | null | undefined): string {
  return band ? bandLabels[band] : 'No data';
}

/** The band of a 0–100 score, as the API bands pillars (for cells the API does not band). */
export function bandOf(score: number | null, thresholds: Thresholds): Band | null {
  if (score === null) return null;
  if (score >= thresholds.green) return 'green';
  if (score >= thresholds.amber) return 'amber';
  return 'red';
}

/** The sample a rate or rating stands on, shown beside it: "n = 12". */
export const sampleNote = (sampleSize: number) => `n = ${sampleSize.toLocaleString('en-GB')}`;

/**
 * How a share or rating is judged: its band, grey when there are records but fewer than the
 * leaders' minimum ("too few to judge"), nothing without records.
 */
export function judgement(point: { sampleSize: number; band?: Band | null | undefined }): Band | 'few' | null {
  if (point.band) return point.band;
  return point.sampleSize > 0 ? 'few' : null;
}

export const judgementLabel = (judged: Band | 'few' | null) =>
  judged === 'few' ? 'Too few to judge' : judged ? bandLabels[judged] : '';

/** A duration in minutes, in the largest unit that keeps it readable: 45 min, 3.5 h, 2.1 d. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 24 * 60) return `${trim(minutes / 60)} h`;
  return `${trim(minutes / (24 * 60))} d`;
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
}

/** A figure's value in its unit: ratios as %, minutes as min/h/d, ratings as x.x/5, counts whole. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'ratio':
      return `${Math.round(value * 100)}%`;
    case 'minutes':
      return formatMinutes(value);
    case 'rating':
      return `${value.toFixed(1)}/5`;
    case 'count':
      return Math.round(value).toLocaleString('en-GB');
  }
}

/** `2026-W47` as people say it: "Week 47, 2026". */
export function weekLabel(week: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  return match ? `Week ${Number(match[2])}, ${match[1]}` : week;
}

/** `2026-W47` shortened for a chart's axis: "W47". */
export function shortWeek(week: string): string {
  return week.replace(/^\d{4}-/, '');
}
