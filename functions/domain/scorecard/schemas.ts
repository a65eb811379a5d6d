import { z } from '#lib/zod.ts';

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
