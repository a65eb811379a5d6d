import { queryAggregates } from '#data/aggregate-repository.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { families } from '#domain/scorecard/derive.ts';
import type { ScorecardResponse } from '#domain/scorecard/schemas.ts';
import { buildScorecard } from '#domain/scorecard/scorecard.ts';
import { defaultThresholds, defaultWeights } from '#domain/scorecard/scoring.ts';
import { recentWeeks } from '#domain/scorecard/weeks.ts';
import { config } from '#lib/config.ts';
import type { ServiceContext } from './context.ts';

export const scorecard = {
  /**
   * The scorecard of the last `weeks` ISO weeks (leaders): one Query per figure family over
   * the week range and the current levels, whatever the number of records. Weights and
   * thresholds are the documented defaults until leaders can set their own.
   */
  async get(ctx: ServiceContext, weeks: number): Promise<ScorecardResponse> {
    assertCan(ctx.caller, 'scorecard.read');
    const timeZone = config.ORG_TIME_ZONE;
    const range = recentWeeks(ctx.now(), weeks, timeZone);
    const from = range[0] ?? '';
    const entries = (await Promise.all(families.map((family) => queryAggregates(ctx.db, family, from)))).flat();
    const view = buildScorecard(entries, range, { weights: defaultWeights, thresholds: defaultThresholds });
    return { ...view, timeZone };
  },
};
