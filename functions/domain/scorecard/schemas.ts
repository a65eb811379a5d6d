import * as z from '#lib/zod.ts';
import { figureIds, isDimension } from './drilldown.ts';

export const scorecardQuerySchema = z.object({
  weeks: z.coerce
    .number()
    .int('A whole number of weeks.')
    .min(1, 'At least 1 week.')
    .max(52, 'At most 52 weeks.')
    .default(12)
    .openapi({ param: { name: 'weeks', in: 'query' }, description: 'How many ISO weeks, up to this one.' }),
});

const band = z.enum(['green', 'amber', 'red']).nullable();
const point = { value: z.number().nullable(), p90: z.number().nullable().optional() };

export const figureSchema = z
  .object({
    id: z.string().openapi({ description: 'A stable dotted id, e.g. `referrals.acceptance_rate`.' }),
    pillar: z.enum(['external', 'internal', 'partners']),
    unit: z.enum(['count', 'ratio', 'minutes', 'rating']),
    ...point,
    trend: z.array(z.object({ week: z.string(), ...point })),
    byDimension: z.array(z.object({ dimension: z.string(), ...point })),
  })
  .openapi('ScorecardFigure');

export const scorecardSchema = z
  .object({
    weeks: z.array(z.string()).openapi({ description: 'ISO weeks (`2026-W47`), oldest first.' }),
    timeZone: z.string(),
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
      }),
    ),
  })
  .openapi('Scorecard');
export type ScorecardResponse = z.infer<typeof scorecardSchema>;

const figureList = figureIds.map((id) => `\`${id}\``).join(', ');

export const figureParamsSchema = z.object({
  figure: z
    .string()
    .refine((id) => figureIds.includes(id), 'No such figure.')
    .openapi({
      param: { name: 'figure', in: 'path' },
      description: `A stable figure id: ${figureList}.`,
      example: 'referrals.acceptance_rate',
    }),
});

/** An ISO week: `2026-W47`, weeks 01 to 53. */
export const isoWeekSchema = z
  .string()
  .regex(/^\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])$/, 'An ISO week, such as 2026-W47.')
  .openapi({ example: '2026-W47' });

const drillQuery = {
  week: isoWeekSchema.optional().openapi({
    param: { name: 'week', in: 'query' },
    description:
      'The ISO week: required for weekly figures; ignored for levels (`issues.open.*`, `customers.stage.*`), ' +
      'which are read as they stand now.',
  }),
  dimension: z
    .string()
    .max(200)
    .refine(
      isDimension,
      'A dimension: all, partner:<id>, referrer:<id>, pair:<from>:<to>, from:<team>, to:<team>, sev:sev1…sev4 or stage:<stage>.',
    )
    .default('all')
    .openapi({
      param: { name: 'dimension', in: 'query' },
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
    label: z.string().openapi({
      description:
        'A title without contact details: the company for a referral, the summary of a handoff, the impact of an ' +
        'issue, the name of a customer.',
    }),
    status: z.string().openapi({ description: "The record's status now (a customer's lifecycle stage)." }),
    at: z.string().openapi({ description: 'The instant that put the record in this figure and week.' }),
  })
  .openapi('ScorecardRecord');

export const drillPageSchema = z
  .object({
    figure: z.string(),
    week: z.string().openapi({ description: 'The week asked for; for a level, the current week.' }),
    dimension: z.string(),
    items: z.array(drillItemSchema),
    cursor: z.string().nullable(),
  })
  .openapi('ScorecardRecords');
export type DrillPage = z.infer<typeof drillPageSchema>;
