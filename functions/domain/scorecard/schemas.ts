import * as z from '#lib/zod.ts';
import { isDimension } from './drilldown.ts';
import { figureIds } from './figures.ts';

export const scorecardQuerySchema = z.object({
  weeks: z
    ._default(
      z.coerce
        .number()
        .check(z.int('A whole number of weeks.'), z.gte(1, 'At least 1 week.'), z.lte(52, 'At most 52 weeks.')),
      12,
    )
    .apply(z.withMeta, { description: 'How many ISO weeks, up to this one.' }),
});

const band = z.nullable(z.enum(['green', 'amber', 'red']));
const point = {
  value: z.nullable(z.number()),
  p90: z.optional(z.nullable(z.number())),
  sampleSize: z
    .number()
    .check(z.int())
    .apply(z.withMeta, {
      description:
        "How many records the value stands on: a count's own value, a share's denominator, the durations timed, " +
        'the ratings given.',
    }),
  band: z.optional(band).apply(z.withMeta, {
    description:
      'Shares and ratings only: the band of the value, or null without a value or with fewer records than the ' +
      'minimum sample (too few to judge).',
  }),
};

export const figureSchema = z
  .object({
    id: z.enum(figureIds).apply(z.withMeta, { description: 'A stable dotted id, e.g. `referrals.acceptance_rate`.' }),
    name: z.string().apply(z.withMeta, { description: 'The figure’s name for people, e.g. "Acceptance rate".' }),
    pillar: z.enum(['external', 'internal', 'partners']),
    unit: z.enum(['count', 'ratio', 'minutes', 'rating']),
    better: z
      .nullable(z.enum(['higher', 'lower']))
      .apply(z.withMeta, { description: 'Which way is better; null for neither.' }),
    ...point,
    trend: z.array(z.object({ week: z.string(), ...point })),
    byDimension: z.array(
      z.object({
        dimension: z.string(),
        label: z
          .string()
          .apply(z.withMeta, { description: 'The team pair, partner or person in words, as the web shows it.' }),
        ...point,
      }),
    ),
  })
  .apply(z.withMeta, { id: 'ScorecardFigure' });

export const scorecardSchema = z
  .object({
    weeks: z.array(z.string()).apply(z.withMeta, { description: 'ISO weeks (`2026-W47`), oldest first.' }),
    timeZone: z.string(),
    minimumSample: z
      .number()
      .check(z.int())
      .apply(z.withMeta, { description: 'The fewest records a share or rating needs to be banded (leaders set it).' }),
    index: z.object({
      score: z.nullable(z.number()),
      band,
      trend: z.array(z.object({ week: z.string(), score: z.nullable(z.number()) })),
    }),
    weights: z.object({ external: z.number(), internal: z.number(), partners: z.number() }),
    thresholds: z.object({ green: z.number(), amber: z.number() }),
    pillars: z.array(
      z.object({
        id: z.enum(['external', 'internal', 'partners']),
        score: z.nullable(z.number()),
        band,
        trend: z.array(z.object({ week: z.string(), score: z.nullable(z.number()), band })),
        figures: z.array(figureSchema),
        movers: z
          .array(
            z.object({
              figure: z.enum(figureIds),
              name: z.string(),
              unit: z.enum(['count', 'ratio', 'minutes', 'rating']),
              dimension: z.string(),
              label: z.string(),
              previous: z.number(),
              current: z.number(),
              sampleSize: z.number().check(z.int()),
              direction: z.enum(['better', 'worse']),
            }),
          )
          .apply(z.withMeta, {
            description:
              'The team pairs, partners, advocates or severities that moved most against the previous period of ' +
              'the same length (at most three; only on at least the minimum sample). Their records: the ' +
              "figure's drill-down with the dimension and `weeks`.",
          }),
      }),
    ),
  })
  .apply(z.withMeta, { id: 'Scorecard' });
export type ScorecardResponse = z.infer<typeof scorecardSchema>;

export const figureIdSchema = z.enum(figureIds, { error: 'No such figure.' });

export const figureParamsSchema = z.object({
  figure: figureIdSchema.apply(z.withMeta, {
    description: 'A stable figure id, as in the scorecard’s figures.',
    example: 'referrals.acceptance_rate',
  }),
});

/** An ISO week: `2026-W47`, weeks 01 to 53. */
export const isoWeekSchema = z
  .string()
  .check(z.regex(/^\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])$/, 'An ISO week, such as 2026-W47.'))
  .apply(z.withMeta, { example: '2026-W47' });

const drillQuery = {
  week: z.optional(isoWeekSchema).apply(z.withMeta, {
    description:
      'One ISO week, or use `weeks`: one of the two is required for weekly figures; both are ignored for levels ' +
      '(`issues.open.*`, `customers.stage.*`), which are read as they stand now.',
  }),
  weeks: z
    .optional(
      z.coerce
        .number()
        .check(z.int('A whole number of weeks.'), z.gte(1, 'At least 1 week.'), z.lte(52, 'At most 52 weeks.')),
    )
    .apply(z.withMeta, {
      description: 'The scorecard’s own period: the last `weeks` ISO weeks, up to this one.',
    }),
  dimension: z
    ._default(
      z
        .string()
        .check(
          z.maxLength(200),
          z.refine(
            isDimension,
            'A dimension: all, partner:<id>, referrer:<id>, pair:<from>:<to>, from:<team>, to:<team>, sev:sev1…sev4, stage:<stage>, kind:<handoff kind> or item:<team>:<item>.',
          ),
        ),
      'all',
    )
    .apply(z.withMeta, {
      description: "As in a figure's `byDimension`; `all` by default.",
      example: 'all',
    }),
};

export const drillQuerySchema = z.object({
  ...drillQuery,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

export const drillCsvQuerySchema = z.object(drillQuery);

export const drillItemSchema = z
  .object({
    recordType: z.enum(['referral', 'handoff', 'issue', 'customer']),
    id: z.string(),
    label: z.string().apply(z.withMeta, {
      description:
        'A title without contact details: the company for a referral, the summary of a handoff, the impact of an ' +
        'issue, the name of a customer.',
    }),
    status: z.string().apply(z.withMeta, { description: "The record's status now (a customer's lifecycle stage)." }),
    at: z.string().apply(z.withMeta, { description: 'The instant that put the record in this figure and week.' }),
    outcome: z.optional(z.enum(['met', 'missed'])).apply(z.withMeta, {
      description:
        'Shares only: whether the record is in the numerator (`met`: accepted, won, within target, returned) ' +
        'or only the denominator; met ÷ all is the figure.',
    }),
    value: z.optional(z.number()).apply(z.withMeta, {
      description: 'Durations and ratings only: what was measured (minutes, or the score 1–5).',
    }),
  })
  .apply(z.withMeta, { id: 'ScorecardRecord' });

export const drillPageSchema = z
  .object({
    figure: z.string(),
    name: z.string().apply(z.withMeta, { description: 'The figure’s name for people.' }),
    unit: z.enum(['count', 'ratio', 'minutes', 'rating']),
    week: z
      .string()
      .apply(z.withMeta, { description: 'The week asked for (the last of `weeks`); for a level, the current week.' }),
    weeks: z.array(z.string()).apply(z.withMeta, { description: 'Every week the records are from, oldest first.' }),
    dimension: z.string(),
    label: z.string().apply(z.withMeta, { description: 'The dimension in words.' }),
    summary: z
      .object({
        sampleSize: z.number().check(z.int()),
        met: z.optional(z.number().check(z.int())),
        missed: z.optional(z.number().check(z.int())),
        value: z.nullable(z.number()),
        p90: z.optional(z.nullable(z.number())),
      })
      .apply(z.withMeta, {
        description:
          'Over every record behind the figure (not only this page): how many; for a share, met and missed ' +
          'and met ÷ all; for a duration the median and 90th percentile, for a rating the mean: the figure itself.',
      }),
    items: z.array(drillItemSchema),
    cursor: z.nullable(z.string()),
  })
  .apply(z.withMeta, { id: 'ScorecardRecords' });
export type DrillPage = z.infer<typeof drillPageSchema>;
