import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvFileName, neutralised, recordsCsv, scorecardCsv } from '#domain/scorecard/csv.ts';
import { memberFigures, zeroValues } from '#domain/scorecard/derive.ts';
import { drillOf, isDimension, recordLabel, recordStatus } from '#domain/scorecard/drilldown.ts';
import { figureIds } from '#domain/scorecard/figures.ts';
import { type AggregateEntry, figureDefinitions } from '#domain/scorecard/scorecard.ts';
import { defaultThresholds, defaultWeights } from '#domain/scorecard/scoring.ts';

const partner = '01J00000000000000000000001';
const team = '01J00000000000000000000002';

describe('the drill-down of every figure', () => {
  it('has one for every stable figure id, reading only figures that keep members', () => {
    expect(figureIds.length).toBe(figureDefinitions.length);
    for (const id of figureIds) {
      const drill = drillOf(id, 'all');
      expect(drill, id).toBeDefined();
      expect(drill?.sources.length, id).toBeGreaterThan(0);
      for (const source of drill?.sources ?? []) {
        expect(memberFigures.has(source.figure), `${id} → ${source.figure}`).toBe(true);
        expect(source.figure.startsWith(`${source.family}.`)).toBe(true);
      }
    }
    expect(drillOf('referrals.nope', 'all')).toBeUndefined();
  });

  it('names every figure for people, once', () => {
    const names = figureDefinitions.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => name !== '' && !name.includes('.'))).toBe(true);
    const named = (id: string) => figureDefinitions.find((definition) => definition.id === id)?.name;
    expect(named('issues.open.sev2')).toBe('Open issues, Sev 2');
    expect(named('customers.stage.won_back')).toBe('Customers now won back');
  });

  it('lists a ratio’s denominator and narrows to the dimension asked for', () => {
    expect(drillOf('referrals.acceptance_rate', `partner:${partner}`)?.sources).toEqual([
      { family: 'referrals', figure: 'referrals.accepted', dimensions: [`partner:${partner}`], outcome: 'met' },
      { family: 'referrals', figure: 'referrals.declined', dimensions: [`partner:${partner}`], outcome: 'missed' },
    ]);
    expect(drillOf('handoffs.sla_attainment', 'all')?.sources).toEqual([
      { family: 'handoffs', figure: 'handoffs.sla_due', dimensions: [] },
    ]);
    expect(drillOf('issues.open.sev1', 'all')).toEqual({
      level: true,
      unit: 'count',
      name: 'Open issues, Sev 1',
      sources: [{ family: 'issues', figure: 'issues.open', dimensions: ['sev:sev1'] }],
    });
    expect(drillOf('customers.stage.lapsed', `partner:${partner}`)?.sources).toEqual([
      { family: 'customers', figure: 'customers.stage', dimensions: [`partner:${partner}|stage:lapsed`] },
    ]);
    expect(drillOf('customers.moved.won_back', 'all')?.sources[0]?.dimensions).toEqual(['stage:won_back']);
    expect(drillOf('referrals.submitted', 'all')?.level).toBe(false);
  });

  it('knows a dimension from anything else', () => {
    for (const good of [
      'all',
      `partner:${partner}`,
      `referrer:${partner}`,
      `pair:${team}:${partner}`,
      `from:${team}`,
      `to:${team}`,
      'sev:sev4',
      'stage:won_back',
    ]) {
      expect(isDimension(good), good).toBe(true);
    }
    for (const bad of [
      '',
      'ALL',
      'partner:',
      'partner:x',
      `pair:${team}`,
      'sev:sev5',
      'stage:gone',
      `to:${team}:x`,
      'x:y',
    ]) {
      expect(isDimension(bad), bad).toBe(false);
    }
  });

  it('titles a record without its contact details', () => {
    const referral = {
      company: { name: 'Acme' },
      contact: { name: 'Jane', email: 'jane@acme.example' },
      status: 'won',
    };
    expect(recordLabel('referral', referral)).toBe('Acme');
    expect(recordStatus('referral', referral)).toBe('won');
    expect(recordLabel('handoff', { summary: 'Kickoff' })).toBe('Kickoff');
    expect(recordLabel('issue', { impact: `${'x'.repeat(200)}\nsecond line` })).toHaveLength(120);
    expect(recordLabel('issue', { impact: 'Down\nfor everyone' })).toBe('Down');
    expect(recordLabel('issue', { title: 'Checkout down', impact: 'Down\nfor everyone' })).toBe('Checkout down');
    expect(recordLabel('customer', { name: 'Loyal Ltd' })).toBe('Loyal Ltd');
    expect(recordStatus('customer', { lifecycle: 'loyal', status: 'x' })).toBe('loyal');
    expect(recordLabel('referral', undefined)).toBe('');
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, ends lines with CRLF, and parses back', async () => {
    const text = await recordsCsv([
      { recordType: 'referral', id: 'r1', label: 'Smith, "Jones"\nand Co', status: 'won', at: '2026-03-04T10:00:00Z' },
      {
        recordType: 'handoff',
        id: 'h1',
        label: 'Zoë’s café',
        status: 'sent',
        at: '2026-03-05T10:00:00Z',
        outcome: 'met',
        value: 45,
      },
    ]);
    expect(text.startsWith('recordType,id,label,status,at,outcome,value\r\n')).toBe(true);
    expect(text).toContain('"Smith, ""Jones""\nand Co"');
    expect(parse(text)).toEqual([
      ['recordType', 'id', 'label', 'status', 'at', 'outcome', 'value'],
      ['referral', 'r1', 'Smith, "Jones"\nand Co', 'won', '2026-03-04T10:00:00Z', '', ''],
      ['handoff', 'h1', 'Zoë’s café', 'sent', '2026-03-05T10:00:00Z', 'met', '45'],
    ]);
  });

  it('keeps text from running as a formula, and names files safely', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'plain'].map(neutralised)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      'plain',
    ]);
    expect(csvFileName('scorecard', 'referrals.submitted', '2026-W10', 'pair:a:b')).toBe(
      'scorecard-referrals.submitted-2026-W10-pair_a_b.csv',
    );
    expect(csvFileName('x', '../"evil"\r\n')).toBe('x-.._evil_.csv');
  });

  it('gives the scorecard a row per figure, week and dimension, levels for the current week', async () => {
    const entry = (period: string, figure: string, dimension: string, count: number): AggregateEntry => ({
      family: figure.split('.')[0] as AggregateEntry['family'],
      period,
      figure,
      dimension,
      values: { ...zeroValues(), count },
    });
    const entries = [
      entry('2026-W09', 'referrals.submitted', 'all', 2),
      entry('2026-W09', 'referrals.submitted', `partner:${partner}`, 2),
      entry('2026-W10', 'referrals.submitted', 'all', 1),
      entry('2026-W10', 'referrals.accepted', 'all', 1),
      entry('2026-W10', 'referrals.declined', 'all', 1),
      entry('current', 'issues.open', 'sev:sev2', 3),
    ];
    const levels = new Set(
      figureDefinitions.filter((definition) => definition.level).map((definition) => definition.id),
    );
    const rows = parse(
      await scorecardCsv(
        entries,
        ['2026-W09', '2026-W10'],
        { weights: defaultWeights, thresholds: defaultThresholds },
        levels,
      ),
      { columns: true },
    ) as Record<string, string>[];
    const find = (figure: string, week: string, dimension = 'all') =>
      rows.find((row) => row.figure === figure && row.week === week && row.dimension === dimension);
    expect(find('referrals.submitted', '2026-W09')).toMatchObject({ pillar: 'partners', value: '2', unit: 'count' });
    expect(find('referrals.submitted', '2026-W09', `partner:${partner}`)?.value).toBe('2');
    expect(find('referrals.submitted', '2026-W10')?.value).toBe('1');
    expect(find('referrals.acceptance_rate', '2026-W10')).toMatchObject({ value: '0.5', unit: 'ratio' });
    expect(find('referrals.acceptance_rate', '2026-W09')?.value).toBe('');
    expect(find('issues.open.sev2', '2026-W10')?.value).toBe('3');
    expect(find('issues.open.sev2', '2026-W09')).toBeUndefined();
    expect(find('pillar.partners', '2026-W10')).toMatchObject({ pillar: 'partners', value: '50', unit: 'score' });
    expect(find('index', '2026-W10')?.value).toBe('50');
    expect(find('index', '2026-W09')?.value).toBe('');
  });
});
