import { describe, expect, it } from 'vitest';
import {
  acceptanceRate,
  band,
  conversionRate,
  defaultWeights,
  meanRating,
  pillarScore,
  ratingComponent,
  retention,
  returnedRate,
  slaAttainment,
  thresholdErrors,
  totalCustomerIndex,
  weightErrors,
} from '#domain/scorecard/scoring.ts';

describe('the scorecard formulas', () => {
  it('acceptance rate = accepted ÷ (accepted + declined)', () => {
    expect(acceptanceRate(3, 1)).toBe(0.75);
    expect(acceptanceRate(0, 0)).toBeNull();
  });

  it('conversion rate = won ÷ (won + lost)', () => {
    expect(conversionRate(1, 3)).toBe(0.25);
    expect(conversionRate(0, 0)).toBeNull();
  });

  it('SLA attainment = within target ÷ all that came due', () => {
    expect(slaAttainment(9, 10)).toBe(0.9);
    expect(slaAttainment(0, 0)).toBeNull();
  });

  it('returned rate, satisfaction and retention', () => {
    expect(returnedRate(1, 4)).toBe(0.25);
    expect(meanRating(14, 4)).toBe(3.5);
    expect(meanRating(0, 0)).toBeNull();
    expect(ratingComponent(5)).toBe(1);
    expect(ratingComponent(1)).toBe(0);
    expect(retention(1, 4)).toBe(0.75);
    expect(retention(0, 0)).toBeNull();
  });

  it('a pillar scores the mean of its components with data, 0–100', () => {
    expect(pillarScore([0.5, 1, null])).toBe(75);
    expect(pillarScore([2 / 3])).toBe(66.7);
    expect(pillarScore([null, null])).toBeNull();
  });

  it('bands: green from 80, amber from 60, red below', () => {
    expect(band(80)).toBe('green');
    expect(band(79.9)).toBe('amber');
    expect(band(60)).toBe('amber');
    expect(band(59.9)).toBe('red');
    expect(band(null)).toBeNull();
    expect(band(70, { green: 70, amber: 50 })).toBe('green');
  });

  it('the Total Customer Index weighs the pillars, leaving out those without a score', () => {
    expect(totalCustomerIndex({ external: 100, internal: 50, partners: 0 }, defaultWeights)).toBe(55);
    expect(totalCustomerIndex({ external: null, internal: 50, partners: 100 }, defaultWeights)).toBe(75);
    expect(totalCustomerIndex({ external: null, internal: null, partners: null }, defaultWeights)).toBeNull();
  });

  it('weights are whole numbers that sum to 100; thresholds keep amber at most green', () => {
    expect(weightErrors(defaultWeights)).toEqual([]);
    expect(weightErrors({ external: 50, internal: 30, partners: 30 })[0]?.message).toMatch(/sum to 100, not 110/);
    expect(weightErrors({ external: 50.5, internal: 19.5, partners: 30 })).toHaveLength(2);
    expect(thresholdErrors({ green: 80, amber: 60 })).toEqual([]);
    expect(thresholdErrors({ green: 50, amber: 60 })).toHaveLength(1);
  });
});
