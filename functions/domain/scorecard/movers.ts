import type { FigureId } from './figures.ts';
import type { AggregateEntry, FigureView, ScorecardView } from './scorecard.ts';
import { buildScorecard } from './scorecard.ts';
import type { PillarId, Thresholds, Weights } from './scoring.ts';

/**
 * What changed: per pillar, the team pairs, partners, advocates or severities whose figures
 * moved most against the previous period of the same length, for better or worse. Only figures
 * with a better direction count, and only where both periods have a value and the current one
 * stands on at least the minimum sample: a pair with one handoff does not "move".
 */

export interface Mover {
  readonly figure: FigureId;
  readonly name: string;
  readonly unit: FigureView['unit'];
  readonly dimension: string;
  readonly label: string;
  readonly previous: number;
  readonly current: number;
  readonly sampleSize: number;
  readonly direction: 'better' | 'worse';
}

/** How far a value moved, comparable across units: shares in points, the rest relative. */
function size(unit: FigureView['unit'], previous: number, current: number): number {
  if (unit === 'ratio') return Math.abs(current - previous);
  if (unit === 'rating') return Math.abs(current - previous) / 4;
  return previous === 0 ? (current === 0 ? 0 : 1) : Math.abs(current - previous) / previous;
}

/** The biggest movers of each pillar (at most `limit`), the largest first. */
export function movers(
  entries: readonly AggregateEntry[],
  weeks: readonly string[],
  previousWeeks: readonly string[],
  settings: { weights: Weights; thresholds: Thresholds; minimumSample: number },
  current: ScorecardView = buildScorecard(entries, weeks, settings),
  limit = 3,
): Record<PillarId, Mover[]> {
  const before = buildScorecard(entries, previousWeeks, settings);
  const previousOf = new Map(
    before.pillars
      .flatMap((pillar) => pillar.figures)
      .flatMap((figure) =>
        figure.byDimension.map((point) => [`${figure.id}|${point.dimension}`, point.value] as const),
      ),
  );
  const result = { external: [], internal: [], partners: [] } as Record<PillarId, (Mover & { size: number })[]>;
  for (const pillar of current.pillars) {
    for (const figure of pillar.figures) {
      if (!figure.better) continue;
      for (const point of figure.byDimension) {
        const previous = previousOf.get(`${figure.id}|${point.dimension}`);
        if (previous === null || previous === undefined || point.value === null) continue;
        if (point.sampleSize < settings.minimumSample || point.value === previous) continue;
        const up = point.value > previous;
        result[pillar.id].push({
          figure: figure.id,
          name: figure.name,
          unit: figure.unit,
          dimension: point.dimension,
          label: point.label,
          previous,
          current: point.value,
          sampleSize: point.sampleSize,
          direction: up === (figure.better === 'higher') ? 'better' : 'worse',
          size: size(figure.unit, previous, point.value),
        });
      }
    }
  }
  const top = (list: (Mover & { size: number })[]) =>
    list
      .sort((a, b) => b.size - a.size || a.figure.localeCompare(b.figure) || a.dimension.localeCompare(b.dimension))
      .slice(0, limit)
      .map(({ size: _size, ...mover }) => mover);
  return { external: top(result.external), internal: top(result.internal), partners: top(result.partners) };
}
