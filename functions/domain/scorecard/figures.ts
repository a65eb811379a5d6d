import { lifecycleStages } from '#domain/customers/stages.ts';
import { severities } from '#domain/issues/severities.ts';

/**
 * The figure ids, in one typed list: the stored figures the aggregator counts (derive.ts) and the
 * scorecard figures computed from them (scorecard.ts), so that a figure named in the drill-down,
 * the early warnings, plays or the web is checked by the compiler rather than found missing at
 * run time. Names, units, pillars and which way is better are in `figureDefinitions`, keyed by
 * these ids.
 */

/** Lifecycle stages a customer can move to (a move to prospect or first purchase is not one). */
export const movements = ['repeat', 'loyal', 'advocate', 'lapsed', 'won_back'] as const;

/** What the aggregator stores per period and dimension: counters, histograms and members. */
export const storedFigures = [
  'referrals.submitted',
  'referrals.accepted',
  'referrals.declined',
  'referrals.won',
  'referrals.lost',
  'referrals.first_response_time',
  'referrals.sla_due',
  'referrals.sla_met',
  'handoffs.sent',
  'handoffs.returned',
  'handoffs.returns',
  'handoffs.ack_time',
  'handoffs.sla_due',
  'handoffs.sla_met',
  'handoffs.rated',
  'handoffs.rating_points',
  'issues.reported',
  'issues.open',
  'issues.resolved',
  'issues.time_to_own',
  'issues.own_due',
  'issues.own_met',
  'issues.time_to_resolve',
  'issues.resolve_due',
  'issues.resolve_met',
  'customers.moved',
  'customers.stage',
  'customers.with_open_issues',
] as const;
export type StoredFigure = (typeof storedFigures)[number];

/** Every scorecard figure's stable id, in scorecard order: the API documents them as an enum. */
export const figureIds = [
  'referrals.submitted',
  'referrals.accepted',
  'referrals.declined',
  'referrals.won',
  'referrals.lost',
  'referrals.acceptance_rate',
  'referrals.conversion_rate',
  'referrals.first_response_time',
  'referrals.sla_attainment',
  'handoffs.sent',
  'handoffs.returned_rate',
  'handoffs.returns',
  'handoffs.ack_time',
  'handoffs.sla_attainment',
  'handoffs.satisfaction',
  ...severities.map((sev) => `issues.reported.${sev}` as const),
  ...severities.map((sev) => `issues.open.${sev}` as const),
  'issues.time_to_own',
  'issues.time_to_own.attainment',
  'issues.time_to_resolve',
  'issues.time_to_resolve.attainment',
  ...movements.map((stage) => `customers.moved.${stage}` as const),
  ...lifecycleStages.map((stage) => `customers.stage.${stage}` as const),
  'customers.with_open_issues',
] as const;
export type FigureId = (typeof figureIds)[number];

export function isFigureId(id: string): id is FigureId {
  return (figureIds as readonly string[]).includes(id);
}
