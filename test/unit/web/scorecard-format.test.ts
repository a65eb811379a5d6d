import { describe, expect, it } from 'vitest';
import {
  bandOf,
  formatMinutes,
  formatValue,
  judgement,
  sampleNote,
  weekLabel,
} from '../../../web/src/pages/scorecard/format.ts';
import { dimensionName, type Names } from '../../../web/src/pages/scorecard/names.ts';

describe("the scorecard page's formatting", () => {
  it('shows ratios as whole percentages, ratings out of 5 and counts whole', () => {
    expect(formatValue(0.856, 'ratio')).toBe('86%');
    expect(formatValue(1, 'ratio')).toBe('100%');
    expect(formatValue(3.64, 'rating')).toBe('3.6/5');
    expect(formatValue(12, 'count')).toBe('12');
    expect(formatValue(null, 'ratio')).toBe('—');
  });

  it('shows durations in minutes, hours or days, whichever keeps them readable', () => {
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(90)).toBe('1.5 h');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(11 * 60)).toBe('11 h');
    expect(formatMinutes(3 * 24 * 60 + 12 * 60)).toBe('3.5 d');
    expect(formatValue(2880, 'minutes')).toBe('2 d');
  });

  it('bands a score as the API does: at or above green, at or above amber, red below', () => {
    const thresholds = { green: 80, amber: 60 };
    expect(bandOf(80, thresholds)).toBe('green');
    expect(bandOf(79.9, thresholds)).toBe('amber');
    expect(bandOf(60, thresholds)).toBe('amber');
    expect(bandOf(59, thresholds)).toBe('red');
    expect(bandOf(null, thresholds)).toBeNull();
  });

  it('names figures and weeks for people', () => {
    // Figure names come from the API (figureDefinitions); the page adds the sample and its judgement.
    expect(sampleNote(1234)).toBe('n = 1,234');
    expect(judgement({ sampleSize: 3, band: null })).toBe('few');
    expect(judgement({ sampleSize: 0, band: null })).toBeNull();
    expect(judgement({ sampleSize: 9, band: 'red' })).toBe('red');
    expect(weekLabel('2026-W07')).toBe('Week 7, 2026');
  });

  it('names dimensions from the directory, and keeps the id when a name is unknown', () => {
    const names: Names = {
      teams: new Map([
        ['T1', 'Sales'],
        ['T2', 'Onboarding'],
      ]),
      partners: new Map([['P1', 'Northwind Consulting']]),
      users: new Map([['U1', 'Alex Rivera']]),
    };
    expect(dimensionName('pair:T1:T2', names)).toBe('Sales → Onboarding');
    expect(dimensionName('partner:P1', names)).toBe('Northwind Consulting');
    expect(dimensionName('referrer:U1', names)).toBe('Alex Rivera');
    expect(dimensionName('partner:P9', names)).toBe('P9');
    expect(dimensionName('all', names)).toBe('Everyone');
    expect(dimensionName('sev:sev1', names)).toBe('Sev 1');
  });
});
