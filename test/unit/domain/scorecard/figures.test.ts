import { describe, expect, it } from 'vitest';
import { memberFigures } from '#domain/scorecard/derive.ts';
import { figureIds, isFigureId, storedFigures } from '#domain/scorecard/figures.ts';
import { figureDefinitions } from '#domain/scorecard/scorecard.ts';

describe('the typed list of figures', () => {
  it('defines every figure id once, in the list’s order', () => {
    expect(figureDefinitions.map((definition) => definition.id)).toEqual([...figureIds]);
    expect(new Set(figureIds).size).toBe(figureIds.length);
  });

  it('keeps members only of stored figures, and breaks figures down by stored ones', () => {
    const stored = new Set<string>(storedFigures);
    for (const figure of memberFigures) expect(stored.has(figure), figure).toBe(true);
    for (const definition of figureDefinitions) {
      if (definition.by) expect(stored.has(definition.by.split('|')[0] ?? ''), definition.id).toBe(true);
    }
  });

  it('tells a figure id from any other string', () => {
    expect(isFigureId('issues.open.sev2')).toBe(true);
    expect(isFigureId('customers.stage.won_back')).toBe(true);
    expect(isFigureId('issues.open.sev5')).toBe(false);
    expect(isFigureId('referrals.sla_met')).toBe(false);
  });
});
