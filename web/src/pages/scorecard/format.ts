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

const stageNames: Record<string, string> = {
  prospect: 'prospect',
  first_purchase: 'first purchase',
  repeat: 'repeat',
  loyal: 'loyal',
  advocate: 'advocate',
  lapsed: 'lapsed',
  won_back: 'won back',
};

const figureNames: Record<string, string> = {
  'referrals.submitted': 'Referrals submitted',
  'referrals.accepted': 'Referrals accepted',
  'referrals.declined': 'Referrals declined',
  'referrals.won': 'Referrals won',
  'referrals.lost': 'Referrals lost',
  'referrals.acceptance_rate': 'Acceptance rate',
  'referrals.conversion_rate': 'Conversion rate',
  'referrals.first_response_time': 'Time to first response',
  'referrals.sla_attainment': 'First response within SLA',
  'handoffs.sent': 'Handoffs sent',
  'handoffs.returned_rate': 'Returned for missing information',
  'handoffs.ack_time': 'Time to acknowledge',
  'handoffs.sla_attainment': 'Acknowledged within SLA',
  'handoffs.satisfaction': 'Satisfaction of receiving teams',
  'issues.time_to_own': 'Time to own an issue',
  'issues.time_to_own.attainment': 'Owned within SLA',
  'issues.time_to_resolve': 'Time to resolve an issue',
  'issues.time_to_resolve.attainment': 'Resolved within SLA',
  'customers.with_open_issues': 'Customers with open issues',
};

/** A figure's name for people; its dotted id stays the key (and is shown beside it in the drill-down). */
export function figureName(id: string): string {
  const named = figureNames[id];
  if (named) return named;
  const severity = /^issues\.(reported|open)\.sev([1-4])$/.exec(id);
  if (severity) return `${severity[1] === 'open' ? 'Open issues' : 'Issues reported'}, Sev ${severity[2]}`;
  const moved = /^customers\.moved\.(\w+)$/.exec(id);
  if (moved?.[1]) return `Customers moved to ${stageNames[moved[1]] ?? moved[1]}`;
  const stage = /^customers\.stage\.(\w+)$/.exec(id);
  if (stage?.[1]) return `Customers now ${stageNames[stage[1]] ?? stage[1]}`;
  return id;
}

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
