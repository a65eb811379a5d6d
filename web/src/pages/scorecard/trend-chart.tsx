import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { Thresholds } from '../../api/scorecard.ts';
import { shortWeek, weekLabel } from './format.ts';

interface TrendChartProps {
  /** What the chart shows ("Total Customer Index"): its caption and its table's caption. */
  label: string;
  weeks: readonly string[];
  scores: readonly (number | null)[];
  thresholds: Thresholds;
  height?: number;
}

const ink = '#1d3a5f';
const muted = '#4b5867';
const grid = '#e4e8ee';

/** The trend in one sentence, for the chart's accessible name. */
function summary(label: string, weeks: readonly string[], scores: readonly (number | null)[]): string {
  const known = scores
    .map((score, position) => ({ score, week: weeks[position] ?? '' }))
    .filter((point): point is { score: number; week: string } => point.score !== null);
  const first = known[0];
  const last = known.at(-1);
  if (!first || !last) return `${label}: no scores in these ${weeks.length} weeks.`;
  if (first === last)
    return `${label}: ${Math.round(last.score)} in ${weekLabel(last.week)}, the only week with a score.`;
  const change = Math.round(last.score) - Math.round(first.score);
  const direction = change > 0 ? `up ${change}` : change < 0 ? `down ${-change}` : 'unchanged';
  return `${label} over ${weeks.length} weeks: ${Math.round(first.score)} in ${weekLabel(first.week)}, ${Math.round(last.score)} in ${weekLabel(last.week)} (${direction}).`;
}

/**
 * A small weekly trend of a 0–100 score, drawn by uPlot on a canvas, with the threshold lines
 * of the bands. The canvas is hidden from assistive technology; the same numbers are in a
 * visually-hidden table, and the figure's name summarises the trend.
 */
export function TrendChart({ label, weeks, scores, thresholds, height = 120 }: TrendChartProps) {
  const box = useRef<HTMLDivElement>(null);
  // The page reads the scorecard again every few seconds: the chart is redrawn only when what it
  // shows has changed, not each time a new answer arrives.
  const signature = JSON.stringify([weeks, scores, thresholds.green, thresholds.amber, height]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const xs = weeks.map((_, position) => position);
    const drawThresholds = (chart: uPlot) => {
      const context = chart.ctx;
      const { left, width } = chart.bbox;
      context.save();
      context.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
      context.lineWidth = devicePixelRatio;
      for (const [value, colour] of [
        [thresholds.green, '#2f8f57'],
        [thresholds.amber, '#b7791f'],
      ] as const) {
        const y = Math.round(chart.valToPos(value, 'y', true));
        context.strokeStyle = colour;
        context.beginPath();
        context.moveTo(left, y);
        context.lineTo(left + width, y);
        context.stroke();
      }
      context.restore();
    };
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 160),
      height,
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      padding: [8, 8, 0, 0],
      scales: { x: { time: false }, y: { range: [0, 100] } },
      axes: [
        {
          stroke: muted,
          grid: { show: false },
          ticks: { stroke: grid },
          values: (_, ticks) => ticks.map((tick) => (Number.isInteger(tick) ? shortWeek(weeks[tick] ?? '') : '')),
          font: '11px system-ui, sans-serif',
        },
        {
          stroke: muted,
          grid: { stroke: grid },
          ticks: { show: false },
          splits: () => [0, 50, 100],
          size: 32,
          font: '11px system-ui, sans-serif',
        },
      ],
      series: [{}, { stroke: ink, width: 2, spanGaps: false, points: { show: true, size: 5, fill: ink } }],
      hooks: { drawAxes: [drawThresholds] },
    };
    const chart = new uPlot(options, [xs, scores.map((score) => score ?? null)], element);
    const resize = new ResizeObserver(() => {
      const width = Math.max(element.clientWidth, 160);
      if (Math.abs(width - chart.width) > 1) chart.setSize({ width, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [signature]);

  return (
    <figure class="trend-chart">
      <div class="trend-chart-canvas" ref={box} role="img" aria-label={summary(label, weeks, scores)} />
      <table class="visually-hidden">
        <caption>{label}, by week</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, position) => (
            <tr key={week}>
              <th scope="row">{weekLabel(week)}</th>
              <td>
                {scores[position] === null || scores[position] === undefined ? 'no data' : Math.round(scores[position])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
