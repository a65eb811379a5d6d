import { csvStringify } from '#lib/csv.ts';
import { type AggregateEntry, buildScorecard, type ScorecardView } from './scorecard.ts';
import type { Thresholds, Weights } from './scoring.ts';

/**
 * The scorecard and its drill-downs as CSV (RFC 4180: a header row, CRLF line ends, fields with
 * commas, quotes or line breaks quoted, quotes doubled), in UTF-8.
 */

export const scorecardCsvColumns = ['pillar', 'figure', 'week', 'dimension', 'value', 'p90', 'unit'] as const;
export const recordsCsvColumns = ['recordType', 'id', 'label', 'status', 'at', 'outcome', 'value'] as const;

type Cell = string | number | null | undefined;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first)
 * is written with a leading apostrophe: text people typed (a company's name, a summary) must
 * stay text when a leader opens the file.
 */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

async function csv(columns: readonly string[], rows: readonly (readonly Cell[])[]): Promise<string> {
  const { stringify } = await csvStringify();
  return stringify(
    rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : cell))),
    { header: true, columns: [...columns], record_delimiter: 'windows', cast: { number: (value) => String(value) } },
  );
}

export interface DrillItem {
  readonly recordType: string;
  readonly id: string;
  readonly label: string;
  readonly status: string;
  readonly at: string;
  readonly outcome?: 'met' | 'missed';
  readonly value?: number;
}

export function recordsCsv(items: readonly DrillItem[]): Promise<string> {
  return csv(
    recordsCsvColumns,
    items.map((item) => [
      item.recordType,
      item.id,
      neutralised(item.label),
      neutralised(item.status),
      item.at,
      item.outcome,
      item.value,
    ]),
  );
}

type Row = readonly [
  pillar: string,
  figure: string,
  week: string,
  dimension: string,
  value: Cell,
  p90: Cell,
  unit: string,
];

function figureRows(view: ScorecardView, week: string, level: boolean, levels: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  for (const pillar of view.pillars) {
    for (const figure of pillar.figures) {
      if (levels.has(figure.id) !== level) continue;
      rows.push([pillar.id, figure.id, week, 'all', figure.value, figure.p90, figure.unit]);
      for (const point of figure.byDimension) {
        rows.push([pillar.id, figure.id, week, neutralised(point.dimension), point.value, point.p90, figure.unit]);
      }
    }
  }
  return rows;
}

/**
 * One row per figure, week and dimension: every weekly figure for each of `weeks` (each week
 * computed on its own), the levels (open issues, lifecycle stages) for the current week, and
 * each week's pillar scores (`pillar.external`, …) and Total Customer Index (`index`).
 */
export function scorecardCsv(
  entries: readonly AggregateEntry[],
  weeks: readonly string[],
  settings: { weights: Weights; thresholds: Thresholds },
  levels: ReadonlySet<string>,
): Promise<string> {
  const rows: Row[] = [];
  for (const week of weeks) {
    const view = buildScorecard(entries, [week], settings);
    rows.push(['', 'index', week, 'all', view.index.score, null, 'score']);
    for (const pillar of view.pillars)
      rows.push([pillar.id, `pillar.${pillar.id}`, week, 'all', pillar.score, null, 'score']);
    rows.push(...figureRows(view, week, false, levels));
  }
  const current = weeks[weeks.length - 1];
  if (current !== undefined) rows.push(...figureRows(buildScorecard(entries, weeks, settings), current, true, levels));
  return csv(scorecardCsvColumns, rows);
}

/** A file name of safe characters only. */
export function csvFileName(...parts: readonly string[]): string {
  return `${parts.map((part) => part.replace(/[^A-Za-z0-9._-]+/g, '_')).join('-')}.csv`;
}
