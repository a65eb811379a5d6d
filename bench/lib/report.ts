/** The bench's one table: a row per figure, each a ratio against its baseline and a goal. */
import type { Machine } from './machine.ts';
import { median, type Spread, spread } from './stats.ts';

export type Status = 'PASS' | 'FAIL' | 'REPORTED' | 'NOT BUILT' | 'ERROR';

export interface Goal {
  /** The ratio must be at most (`<=`) or at least (`>=`) `value`. */
  readonly op: '<=' | '>=';
  readonly value: number;
  /** As the table shows it, e.g. `≤ 1.25 × floor`. */
  readonly text: string;
}

export interface Row {
  readonly figure: string;
  readonly subject: string;
  readonly unit?: string;
  readonly measured?: Spread;
  readonly baseline?: Spread;
  /** Shown instead of a spread, for figures that are not timed (sizes, capacity). */
  readonly measuredText?: string;
  readonly baselineText?: string;
  readonly ratio?: number;
  /** The ratio of each pair measured side by side, when there are several: their spread. */
  readonly ratios?: readonly number[];
  readonly goal?: Goal;
  readonly status: Status;
  readonly note?: string;
}

export function judge(ratio: number, goal: Goal): Status {
  if (!Number.isFinite(ratio)) return 'ERROR';
  return (goal.op === '<=' ? ratio <= goal.value : ratio >= goal.value) ? 'PASS' : 'FAIL';
}

/** A row with a ratio judged against its goal. */
export function ratioRow(row: Omit<Row, 'status' | 'ratio'> & { ratio: number; goal?: Goal }): Row {
  return { ...row, status: row.goal ? judge(row.ratio, row.goal) : 'REPORTED' };
}

/**
 * A row whose ratio is the median of the ratios of pairs measured side by side (batch i of A
 * against batch i of B): slow changes in the machine's load cancel out within a pair.
 */
export function pairedRow(
  row: Omit<Row, 'status' | 'ratio' | 'ratios'> & { pairs: readonly [number, number][]; goal?: Goal },
): Row {
  const { pairs, ...rest } = row;
  const ratios = pairs.map(([a, b]) => a / b).filter(Number.isFinite);
  return ratioRow({ ...rest, ratio: median(ratios), ratios });
}

const decimals = (value: number) => (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);

export function formatNumber(value: number): string {
  return Number.isFinite(value) ? value.toFixed(decimals(value)) : '–';
}

export function formatSpread(spread: Spread | undefined, unit = ''): string {
  if (!spread) return '';
  const suffix = unit ? ` ${unit}` : '';
  if (spread.min === spread.max) return `${formatNumber(spread.median)}${suffix}`;
  return `${formatNumber(spread.min)} / ${formatNumber(spread.median)} / ${formatNumber(spread.max)}${suffix}`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function cells(row: Row): string[] {
  return [
    row.figure,
    row.subject,
    row.measuredText ?? formatSpread(row.measured, row.unit),
    row.baselineText ?? formatSpread(row.baseline, row.unit),
    row.ratio === undefined
      ? ''
      : row.ratios && row.ratios.length > 1
        ? `${row.ratio.toFixed(2)} × (${Math.min(...row.ratios).toFixed(2)}–${Math.max(...row.ratios).toFixed(2)})`
        : `${row.ratio.toFixed(2)} ×`,
    row.goal?.text ?? '',
    row.status,
  ];
}

const headings = [
  'Figure',
  'Subject',
  'Measured (min / median / max)',
  'Against (min / median / max)',
  'Ratio',
  'Goal',
  'Result',
];

export function machineLine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}, ${machine.java}, DynamoDB Local ${machine.dynamoDbLocal}, commit ${machine.commit}, load average ${machine.loadAverage} at the start`;
}

/** The table as aligned plain text, for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const table = [headings, ...rows.map(cells)];
  const widths = headings.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  const render = (line: string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [render(headings), rule, ...rows.map((row) => render(cells(row)))].join('\n');
}

/** The same table in Markdown, for docs/bench.md. */
export function markdownTable(rows: readonly Row[]): string {
  const escapePipes = (cell: string) => cell.replaceAll('|', '\\|');
  const line = (values: string[]) => `| ${values.map(escapePipes).join(' | ')} |`;
  return [line(headings), line(headings.map(() => '---')), ...rows.map((row) => line(cells(row)))].join('\n');
}

/** An endpoint's percentiles and the raw operations', per batch, batches taken in turns. */
export interface OverheadPercentiles {
  readonly httpP50: readonly number[];
  readonly httpP99: readonly number[];
  readonly rawP50: readonly number[];
  readonly rawP99: readonly number[];
}

/**
 * The two request-overhead rows of an endpoint: its p50 against the raw operations' p50
 * (≤ 1.3 ×), and its p99 against their p99 (≤ 1.5 ×). Like against like: a tail against the
 * other's middle would charge the endpoint with DynamoDB Local's own tail.
 */
export function overheadRows(subject: string, samples: OverheadPercentiles): Row[] {
  const paired = (a: readonly number[], b: readonly number[]): [number, number][] =>
    a.slice(0, b.length).map((value, index) => [value, b[index] ?? Number.NaN]);
  return [
    pairedRow({
      figure: 'request overhead',
      subject: `${subject} p50 vs raw p50`,
      unit: 'ms',
      measured: spread(samples.httpP50),
      baseline: spread(samples.rawP50),
      pairs: paired(samples.httpP50, samples.rawP50),
      goal: { op: '<=', value: 1.3, text: '≤ 1.3 ×' },
    }),
    pairedRow({
      figure: 'request overhead',
      subject: `${subject} p99 vs raw p99`,
      unit: 'ms',
      measured: spread(samples.httpP99),
      baseline: spread(samples.rawP99),
      pairs: paired(samples.httpP99, samples.rawP99),
      goal: { op: '<=', value: 1.5, text: '≤ 1.5 ×' },
    }),
  ];
}
