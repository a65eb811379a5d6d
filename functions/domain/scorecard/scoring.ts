/**
 * The scorecard's formulas (PRODUCT.md, capability 5): rates, pillar scores 0–100, the
 * red/amber/green bands and the Total Customer Index. Pure; unit-tested one by one.
 */

/** A ratio, or null when nothing was counted (no data is not 0%). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** accepted ÷ (accepted + declined). */
export const acceptanceRate = (accepted: number, declined: number) => rate(accepted, accepted + declined);
/** won ÷ (won + lost). */
export const conversionRate = (won: number, lost: number) => rate(won, won + lost);
/** responded (acknowledged, owned, resolved) within target ÷ all that came due. */
export const slaAttainment = (met: number, due: number) => rate(met, due);
/** Handoffs returned for missing information at least once ÷ handoffs sent. */
export const returnedRate = (returned: number, sent: number) => rate(returned, sent);
/** Mean rating (1–5) of completed, rated handoffs: the internal customer's satisfaction. */
export const meanRating = (points: number, rated: number) => rate(points, rated);
/** 1 − lapses ÷ all lifecycle moves: how much of the customers' movement is not a loss. */
export const retention = (lapsed: number, moves: number) => {
  const lapses = rate(lapsed, moves);
  return lapses === null ? null : 1 - lapses;
};

export const pillarIds = ['external', 'internal', 'partners'] as const;
export type PillarId = (typeof pillarIds)[number];

/**
 * A pillar's score: the mean of its components (each 0–1), times 100, to one decimal. A
 * component without data is left out; a pillar with none has no score (null).
 *
 * - external: issues owned within target, resolved within target, retention;
 * - internal: handoffs acknowledged within SLA, 1 − returned rate, satisfaction ((mean − 1) ÷ 4);
 * - partners and advocates: acceptance rate, conversion rate, first responses within SLA.
 */
export function pillarScore(components: readonly (number | null)[]): number | null {
  const present = components.filter((value): value is number => value !== null && Number.isFinite(value));
  if (present.length === 0) return null;
  const mean = present.reduce((sum, value) => sum + Math.min(1, Math.max(0, value)), 0) / present.length;
  return Math.round(mean * 1000) / 10;
}

/** A 1–5 rating on the 0–1 scale of the other components. */
export const ratingComponent = (mean: number | null) => (mean === null ? null : (mean - 1) / 4);

export type Band = 'green' | 'amber' | 'red';

/** A score at or above `green` is green, at or above `amber` amber, red below. */
export interface Thresholds {
  readonly green: number;
  readonly amber: number;
}

export const defaultThresholds: Thresholds = { green: 80, amber: 60 };

/**
 * Until leaders set their own: a share or rating of fewer records than this is not banded
 * ("too few to judge"), so that a pair with one handoff is not judged like a pair with forty.
 */
export const defaultMinimumSample = 5;

export function band(score: number | null, thresholds: Thresholds = defaultThresholds): Band | null {
  if (score === null) return null;
  if (score >= thresholds.green) return 'green';
  if (score >= thresholds.amber) return 'amber';
  return 'red';
}

export type Weights = Readonly<Record<PillarId, number>>;

/** Until leaders set their own: the external customer first, the other two alike. */
export const defaultWeights: Weights = { external: 40, internal: 30, partners: 30 };

/** What is wrong with a set of weights: whole numbers from 0 to 100 that sum to 100. */
export function weightErrors(weights: Weights): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  for (const pillar of pillarIds) {
    const weight = weights[pillar];
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      errors.push({ path: `weights.${pillar}`, message: 'A whole number from 0 to 100.' });
    }
  }
  const total = pillarIds.reduce((sum, pillar) => sum + (weights[pillar] ?? 0), 0);
  if (errors.length === 0 && total !== 100) {
    errors.push({ path: 'weights', message: `The weights must sum to 100, not ${total}.` });
  }
  return errors;
}

export function thresholdErrors(thresholds: Thresholds): { path: string; message: string }[] {
  const inRange = (value: number) => Number.isFinite(value) && value >= 0 && value <= 100;
  if (!inRange(thresholds.green) || !inRange(thresholds.amber) || thresholds.amber > thresholds.green) {
    return [{ path: 'thresholds', message: 'From 0 to 100, amber at most green.' }];
  }
  return [];
}

/**
 * The Total Customer Index: the weighted mean of the pillar scores. A pillar without a score
 * is left out and the others' weights are scaled up to make 100; without any, no index.
 */
export function totalCustomerIndex(scores: Readonly<Record<PillarId, number | null>>, weights: Weights): number | null {
  let weighted = 0;
  let weightSum = 0;
  for (const pillar of pillarIds) {
    const score = scores[pillar];
    if (score === null) continue;
    weighted += score * weights[pillar];
    weightSum += weights[pillar];
  }
  return weightSum > 0 ? Math.round((weighted / weightSum) * 10) / 10 : null;
}
