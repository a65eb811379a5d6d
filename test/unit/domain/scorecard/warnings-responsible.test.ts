import { describe, expect, it } from 'vitest';
import { responsibleFor } from '#domain/scorecard/warnings.ts';

describe('responsibleFor', () => {
  it("names a partner's own organisation", () => {
    expect(responsibleFor({ figure: 'referrals.submitted', dimension: 'partner:P1' })).toEqual([
      { kind: 'partner', id: 'P1' },
    ]);
  });

  it("names the receiving team for a pair's late acknowledgements", () => {
    expect(responsibleFor({ figure: 'handoffs.sla_attainment', dimension: 'pair:FROM:TO' })).toEqual([
      { kind: 'team', id: 'TO' },
    ]);
  });

  it("names both teams for a pair's returns", () => {
    expect(responsibleFor({ figure: 'handoffs.returned_rate', dimension: 'pair:FROM:TO' })).toEqual([
      { kind: 'team', id: 'FROM' },
      { kind: 'team', id: 'TO' },
    ]);
  });

  it('names nobody for a dimension it does not know, so that every leader hears', () => {
    expect(responsibleFor({ figure: 'handoffs.returned_rate', dimension: 'from:T' })).toEqual([]);
    expect(responsibleFor({ figure: 'referrals.submitted', dimension: 'all' })).toEqual([]);
  });
});
