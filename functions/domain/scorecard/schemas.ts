import * as z from '#lib/zod.ts';
import { isDimension } from './drilldown.ts';
import { figureIds } from './figures.ts';

export const scorecardQuerySchema = z.object({
  weeks: z.coerce
    .number()
    .int('A whole number of weeks.')
    .min(1, 'At least 1 week.')
    .max(52, 'At most 52 weeks.')
    .default(12)
    .meta({ description: 'How many ISO weeks, up to this one.' }),
});

const band = z.enum(['green', 'amber', 'red']).nullable();
const point = {
  value: z.number().nullable(),
  p90: z.number().nullable().optional(),
  sampleSize: z
    .number()
    .int()
    .meta({
      description:
        "How many records the value stands on: a count's own value, a share's denominator, the durations timed, " +
        'the ratings given.',
    }),
  band: band.optional().meta({
    description:
      'Shares and ratings only: the band of the value, or null without a value or with fewer records than the ' +
      'minimum sample (too few to judge).',
  }),
};

export const figureSchema = z
  .object({
    id: z.enum(figureIds).meta({ description: 'A stable dotted id, e.g. `referrals.acceptance_rate`.' }),
    name: z.string().meta({ description: 'The figure’s name for people, e.g. "Acceptance rate".' }),
    pillar: z.enum(['external', 'internal', 'partners']),
    unit: z.enum(['count', 'ratio', 'minutes', 'rating']),
    better: z.enum(['higher', 'lower']).nullable().meta({ description: 'Which way is better; null for neither.' }),
    ...point,
    trend: z.array(z.object({ week: z.string(), ...point })),
    byDimension: z.array(
      z.object({
        dimension: z.string(),
        label: z.string().meta({ description: 'The team pair, partner or person in words, as the web shows it.' }),
        ...point,
      }),
    ),
  })
  .meta({ id: 'ScorecardFigure' });

export const scorecardSchema = z
  .object({
    weeks: z.array(z.string()).meta({ description: 'ISO weeks (`2026-W47`), oldest first.' }),
    timeZone: z.string(),
    minimumSample: z
      .number()
      .int()
      .meta({ description: 'The fewest records a share or rating needs to be banded (leaders set it).' }),
    index: z.object({
      score: z.number().nullable(),
      band,
      trend: z.array(z.object({ week: z.string(), score: z.number().nullable() })),
    }),
    weights: z.object({ external: z.number(), internal: z.number(), partners: z.number() }),
    thresholds: z.object({ green: z.number(), amber: z.number() }),
    pillars: z.array(
      z.object({
        id: z.enum(['external', 'internal', 'partners']),
        score: z.number().nullable(),
        band,
        trend: z.array(z.object({ week: z.string(), score: z.number().nullable(), band })),
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
              sampleSize: z.number().int(),
              direction: z.enum(['better', 'worse']),
            }),
          )
          .meta({
            description:
              'The team pairs, partners, advocates or severities that moved most against the previous period of ' +
              'the same length (at most three; only on at least the minimum sample). Their records: the ' +
              "figure's drill-down with the dimension and `weeks`.",
          }),
      }),
    ),
  })
  .meta({ id: 'Scorecard' });
export type ScorecardResponse = z.infer<typeof scorecardSchema>;

export const figureIdSchema = z.enum(figureIds, { error: 'No such figure.' });

export const figureParamsSchema = z.object({
  figure: figureIdSchema.meta({
    description: 'A stable figure id, as in the scorecard’s figures.',
    example: 'referrals.acceptance_rate',
  }),
});

/** An ISO week: `2026-W47`, weeks 01 to 53. */
export const isoWeekSchema = z
  .string()
  .regex(/^\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])$/, 'An ISO week, such as 2026-W47.')
  .meta({ example: '2026-W47' });

const drillQuery = {
  week: isoWeekSchema.optional().meta({
    description:
      'One ISO week, or use `weeks`: one of the two is required for weekly figures; both are ignored for levels ' +
      '(`issues.open.*`, `customers.stage.*`), which are read as they stand now.',
  }),
  weeks: z.coerce
    .number()
    .int('A whole number of weeks.')
    .min(1, 'At least 1 week.')
    .max(52, 'At most 52 weeks.')
    .optional()
    .meta({
      description: 'The scorecard’s own period: the last `weeks` ISO weeks, up to this one.',
    }),
  dimension: z
    .string()
    .max(200)
    .refine(
      isDimension,
      'A dimension: all, partner:<id>, referrer:<id>, pair:<from>:<to>, from:<team>, to:<team>, sev:sev1…sev4, stage:<stage>, kind:<handoff kind> or item:<team>:<item>.',
    )
    .default('all')
    .meta({
      description: "As in a figure's `byDimension`; `all` by default.",
      example: 'all',
    }),
};

export const drillQuerySchema = z.object({
  ...drillQuery,
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export const drillCsvQuerySchema = z.object(drillQuery);

export const drillItemSchema = z
  .object({
    recordType: z.enum(['referral', 'handoff', 'issue', 'customer']),
    id: z.string(),
    label: z.string().meta({
      description:
        'A title without contact details: the company for a referral, the summary of a handoff, the impact of an ' +
        'issue, the name of a customer.',
    }),
    status: z.string().meta({ description: "The record's status now (a customer's lifecycle stage)." }),
    at: z.string().meta({ description: 'The instant that put the record in this figure and week.' }),
    outcome: z
      .enum(['met', 'missed'])
      .optional()
      .meta({
        description:
          'Shares only: whether the record is in the numerator (`met`: accepted, won, within target, returned) ' +
          'or only the denominator; met ÷ all is the figure.',
      }),
    value: z.number().optional().meta({
      description: 'Durations and ratings only: what was measured (minutes, or the score 1–5).',
    }),
  })
  .meta({ id: 'ScorecardRecord' });

export const drillPageSchema = z
  .object({
    figure: z.string(),
    name: z.string().meta({ description: 'The figure’s name for people.' }),
    unit: z.enum(['count', 'ratio', 'minutes', 'rating']),
    week: z.string().meta({ description: 'The week asked for (the last of `weeks`); for a level, the current week.' }),
    weeks: z.array(z.string()).meta({ description: 'Every week the records are from, oldest first.' }),
    dimension: z.string(),
    label: z.string().meta({ description: 'The dimension in words.' }),
    summary: z
      .object({
        sampleSize: z.number().int(),
        met: z.number().int().optional(),
        missed: z.number().int().optional(),
        value: z.number().nullable(),
        p90: z.number().nullable().optional(),
      })
      .meta({
        description:
          'Over every record behind the figure (not only this page): how many; for a share, met and missed ' +
          'and met ÷ all; for a duration the median and 90th percentile, for a rating the mean: the figure itself.',
      }),
    items: z.array(drillItemSchema),
    cursor: z.string().nullable(),
  })
  .meta({ id: 'ScorecardRecords' });
export type DrillPage = z.infer<typeof drillPageSchema>;
