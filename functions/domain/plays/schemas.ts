import { idSchema, text } from '#domain/directory/schemas.ts';
import { isDimension } from '#domain/scorecard/drilldown.ts';
import { figureIds } from '#domain/scorecard/figures.ts';
import * as z from '#lib/zod.ts';

/**
 * A play: a leader's owned, dated follow-up to something the scorecard showed moving. It keeps
 * what the leader saw when they made it (the figure, the team pair or partner, the values
 * before and after), because the scorecard itself moves on every week.
 */

const units = ['count', 'ratio', 'minutes', 'rating'] as const;

/** A calendar date in the organisation's zone: the play is due by the end of it. */
export const isoDateSchema = z
  .string()
  .check(
    z.regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'A date, such as 2026-12-31.'),
    z.refine((value) => {
      const [year = 0, month = 0, day = 0] = value.split('-').map(Number);
      const date = new Date(Date.UTC(year, month - 1, day));
      return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    }, 'Not a day of the calendar.'),
  )
  .apply(z.withMeta, { example: '2026-12-31' });

/** The mover a play came from, as the scorecard showed it then. */
export const playSourceSchema = z
  .object({
    figure: z.string().apply(z.withMeta, { description: 'The figure id, e.g. `handoffs.returned_rate`.' }),
    name: z.string().apply(z.withMeta, { description: 'The figure’s name for people.' }),
    unit: z.enum(units),
    dimension: z
      .string()
      .apply(z.withMeta, { description: 'As in the figure’s `byDimension`, e.g. `pair:<from>:<to>`.' }),
    label: z.string().apply(z.withMeta, { description: 'The team pair, partner or person in words.' }),
    weeks: z
      .number()
      .check(z.int())
      .apply(z.withMeta, { description: 'The scorecard period the play was made from, in weeks.' }),
    week: z.string().apply(z.withMeta, { description: 'The last ISO week of that period.' }),
    previous: z
      .nullable(z.number())
      .apply(z.withMeta, { description: 'The value in the period before; null without one.' }),
    current: z.nullable(z.number()).apply(z.withMeta, { description: 'The value in the period; null without one.' }),
    sampleSize: z.number().check(z.int()),
    direction: z
      .nullable(z.enum(['better', 'worse']))
      .apply(z.withMeta, { description: 'How it moved, when it was one of the scorecard’s movers; null otherwise.' }),
  })
  .apply(z.withMeta, { id: 'PlaySource' });
export type PlaySource = z.infer<typeof playSourceSchema>;

export const playStatuses = ['open', 'closed'] as const;

export const playRecordSchema = z.object({
  id: idSchema,
  title: z.string(),
  ownerId: z.string(),
  dueOn: z.string(),
  /** The instant the due date ends in the organisation's zone: past it, the play is overdue. */
  dueAt: z.string(),
  source: playSourceSchema,
  status: z.enum(playStatuses),
  closeNote: z.optional(z.string()),
  closedAt: z.optional(z.string()),
  closedBy: z.optional(z.string()),
  createdBy: z.string(),
  version: z.number().check(z.int(), z.positive()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Play = z.infer<typeof playRecordSchema>;

export const createPlaySchema = z
  .strictObject({
    figure: z.enum(figureIds, { error: 'No such figure.' }),
    dimension: z
      .string()
      .check(z.maxLength(200), z.refine(isDimension, 'A dimension as in the figure’s byDimension, or all.')),
    weeks: z._default(z.number().check(z.int(), z.gte(1), z.lte(52)), 12),
    title: z.optional(text(200)).apply(z.withMeta, { description: 'What to do; the mover in words when left out.' }),
    ownerId: idSchema.apply(z.withMeta, { description: 'A leader or a staff member, active.' }),
    dueOn: isoDateSchema.apply(z.withMeta, { description: 'Today or later, in the organisation’s time zone.' }),
  })

  .apply(z.withMeta, { id: 'PlayCreation' });

export const updatePlaySchema = z
  .strictObject({
    title: z.optional(text(200)),
    ownerId: z.optional(idSchema),
    dueOn: z.optional(isoDateSchema),
  })

  .check(z.refine((change) => Object.keys(change).length > 0, 'Change at least one field.'))
  .apply(z.withMeta, { id: 'PlayChange' });

export const closePlaySchema = z
  .strictObject({ note: text(2000).apply(z.withMeta, { description: 'What was done, and what came of it.' }) })

  .apply(z.withMeta, { id: 'PlayClosing' });

export const playListQuerySchema = z.object({
  status: z._default(z.enum(playStatuses), 'open'),
  owner: z
    ._default(z.enum(['me', 'anyone']), 'anyone')
    .apply(z.withMeta, { description: 'Leaders: `me` for their own only.' }),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** A mover in words, the default title of a play. */
export function defaultTitle(source: Pick<PlaySource, 'label' | 'name'>): string {
  const words = `Follow up: ${source.label}, ${source.name}`;
  return words.length > 200 ? `${words.slice(0, 199)}…` : words;
}
