import type { EarlyWarningSettings } from '#domain/settings/schemas.ts';
import type { FigureId } from './figures.ts';
import type { NameLookup } from './labels.ts';
import { type AggregateEntry, buildScorecard } from './scorecard.ts';
import type { Thresholds, Weights } from './scoring.ts';

/**
 * Early warnings: a partner's referrals or acceptance, or a team pair's returns or late
 * acknowledgements, in one finished week against the same partner's or pair's own 8 weeks
 * before it. Only where there is something to judge: the baseline (for a count) or the week
 * (for a share) stands on at least the minimum sample, so one handoff is never a trend.
 */

export interface EarlyWarning {
  readonly figure: string;
  readonly name: string;
  readonly unit: 'count' | 'ratio';
  readonly dimension: string;
  readonly label: string;
  readonly week: string;
  /** A count: the weekly mean over the baseline; a share: the share over the baseline. */
  readonly baseline: number;
  readonly current: number;
  readonly sampleSize: number;
  /** What happened, in words, e.g. "fell to 2 a week from a weekly 6". */
  readonly summary: string;
}

export const baselineWeeks = 8;

interface Watch {
  readonly figure: FigureId;
  readonly prefix: 'partner:' | 'pair:';
  /** Whether the week is past the threshold against the baseline. */
  readonly crossed: (current: number, baseline: number, thresholds: EarlyWarningSettings) => boolean;
  readonly summary: (current: number, baseline: number) => string;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

const watches: readonly Watch[] = [
  {
    figure: 'referrals.submitted',
    prefix: 'partner:',
    crossed: (current, baseline, t) => current <= baseline * (1 - t.referralsDropPercent / 100),
    summary: (current, baseline) => `fell to ${current} in the week from a weekly ${Math.round(baseline * 10) / 10}`,
  },
  {
    figure: 'referrals.acceptance_rate',
    prefix: 'partner:',
    crossed: (current, baseline, t) => baseline - current >= t.acceptanceDropPoints / 100,
    summary: (current, baseline) => `fell to ${percent(current)} from ${percent(baseline)}`,
  },
  {
    figure: 'handoffs.returned_rate',
    prefix: 'pair:',
    crossed: (current, baseline, t) => current - baseline >= t.returnsRisePoints / 100,
    summary: (current, baseline) => `rose to ${percent(current)} from ${percent(baseline)}`,
  },
  {
    // Late acknowledgements are the share missed: attainment falling is lateness rising.
    figure: 'handoffs.sla_attainment',
    prefix: 'pair:',
    crossed: (current, baseline, t) => baseline - current >= t.lateRisePoints / 100,
    summary: (current, baseline) =>
      `late acknowledgements rose to ${percent(1 - current)} from ${percent(1 - baseline)}`,
  },
];

/** The warnings of `week` against the `baseline` weeks before it (oldest first). */
export function earlyWarnings(
  entries: readonly AggregateEntry[],
  week: string,
  baseline: readonly string[],
  settings: { weights: Weights; thresholds: Thresholds; minimumSample: number; earlyWarnings: EarlyWarningSettings },
  names: NameLookup = () => undefined,
): EarlyWarning[] {
  const now = buildScorecard(entries, [week], settings, names);
  const before = buildScorecard(entries, baseline, settings, names);
  const figuresOf = (card: typeof now) => new Map(card.pillars.flatMap((p) => p.figures).map((f) => [f.id, f]));
  const [nowFigures, beforeFigures] = [figuresOf(now), figuresOf(before)];
  const warnings: EarlyWarning[] = [];
  for (const watch of watches) {
    const figure = nowFigures.get(watch.figure);
    const previous = beforeFigures.get(watch.figure);
    if (!figure || !previous) continue;
    const count = figure.unit === 'count';
    for (const old of previous.byDimension) {
      if (!old.dimension.startsWith(watch.prefix) || old.value === null) continue;
      const point = figure.byDimension.find((candidate) => candidate.dimension === old.dimension);
      // A count that fell to nothing has no point this week: it is zero, and that is the warning.
      const current = point?.value ?? (count ? 0 : null);
      const sampleSize = point?.sampleSize ?? 0;
      if (current === null) continue;
      const base = count ? old.value / baseline.length : old.value;
      const enough = count ? old.sampleSize >= settings.minimumSample : sampleSize >= settings.minimumSample;
      if (!enough || !watch.crossed(current, base, settings.earlyWarnings)) continue;
      warnings.push({
        figure: figure.id,
        name: figure.name,
        unit: count ? 'count' : 'ratio',
        dimension: old.dimension,
        label: point?.label ?? old.label,
        week,
        baseline: base,
        current,
        sampleSize,
        summary: watch.summary(current, base),
      });
    }
  }
  return warnings;
}

/**
 * The teams or partner organisation whose responsible leaders hear of a warning: a partner's
 * warning its own; a pair's late acknowledgements the receiving team's (the team that was
 * late); a pair's returns both teams' (the sender sent it short, or the receiver asks too much).
 */
export function responsibleFor(
  warning: Pick<EarlyWarning, 'figure' | 'dimension'>,
): { kind: 'team' | 'partner'; id: string }[] {
  const [prefix, ...ids] = warning.dimension.split(':');
  if (prefix === 'partner' && ids[0]) return [{ kind: 'partner', id: ids[0] }];
  if (prefix !== 'pair' || ids.length !== 2) return [];
  const [from = '', to = ''] = ids;
  if (warning.figure === 'handoffs.sla_attainment') return [{ kind: 'team', id: to }];
  return [...new Set([from, to])].map((id) => ({ kind: 'team' as const, id }));
}
