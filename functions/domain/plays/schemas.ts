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
  .regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'A date, such as 2026-12-31.')
  .refine((value) => {
    const [year = 0, month = 0, day = 0] = value.split('-').map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, 'Not a day of the calendar.')
  .meta({ example: '2026-12-31' });

/** The mover a play came from, as the scorecard showed it then. */
export const playSourceSchema = z
  .object({
    figure: z.string().meta({ description: 'The figure id, e.g. `handoffs.returned_rate`.' }),
    name: z.string().meta({ description: 'The figure’s name for people.' }),
    unit: z.enum(units),
    dimension: z.string().meta({ description: 'As in the figure’s `byDimension`, e.g. `pair:<from>:<to>`.' }),
    label: z.string().meta({ description: 'The team pair, partner or person in words.' }),
    weeks: z.number().int().meta({ description: 'The scorecard period the play was made from, in weeks.' }),
    week: z.string().meta({ description: 'The last ISO week of that period.' }),
    previous: z.number().nullable().meta({ description: 'The value in the period before; null without one.' }),
    current: z.number().nullable().meta({ description: 'The value in the period; null without one.' }),
    sampleSize: z.number().int(),
    direction: z
      .enum(['better', 'worse'])
      .nullable()
      .meta({ description: 'How it moved, when it was one of the scorecard’s movers; null otherwise.' }),
  })
  .meta({ id: 'PlaySource' });
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
  closeNote: z.string().optional(),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  createdBy: z.string(),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Play = z.infer<typeof playRecordSchema>;

export const playSchema = playRecordSchema
  .extend({
    ownerName: z.string().meta({ description: 'The owner as the directory names them.' }),
    overdue: z.boolean().meta({ description: 'Open past the end of its due date.' }),
    recordsPath: z.string().meta({
      description:
        'The API path of the records behind the mover: the figure’s drill-down with its dimension and period.',
    }),
    webPath: z.string().meta({ description: 'The scorecard page opened on those records.' }),
  })
  .meta({ id: 'Play' });
export type PlayView = z.infer<typeof playSchema>;

export const createPlaySchema = z
  .object({
    figure: z.enum(figureIds, { error: 'No such figure.' }),
    dimension: z.string().max(200).refine(isDimension, 'A dimension as in the figure’s byDimension, or all.'),
    weeks: z.number().int().min(1).max(52).default(12),
    title: text(200).optional().meta({ description: 'What to do; the mover in words when left out.' }),
    ownerId: idSchema.meta({ description: 'A leader or a staff member, active.' }),
    dueOn: isoDateSchema.meta({ description: 'Today or later, in the organisation’s time zone.' }),
  })
  .strict()
  .meta({ id: 'PlayCreation' });

export const updatePlaySchema = z
  .object({
    title: text(200).optional(),
    ownerId: idSchema.optional(),
    dueOn: isoDateSchema.optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'Change at least one field.')
  .meta({ id: 'PlayChange' });

export const closePlaySchema = z
  .object({ note: text(2000).meta({ description: 'What was done, and what came of it.' }) })
  .strict()
  .meta({ id: 'PlayClosing' });

export const playListQuerySchema = z.object({
  status: z.enum(playStatuses).default('open'),
  owner: z.enum(['me', 'anyone']).default('anyone').meta({ description: 'Leaders: `me` for their own only.' }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

/** The drill-down's query string for a play's mover: its dimension and period. */
export function recordsQuery(source: Pick<PlaySource, 'dimension' | 'weeks'>): string {
  return `weeks=${source.weeks}&dimension=${encodeURIComponent(source.dimension)}`;
}

export function playView(play: Play, ownerName: string, now: Date): PlayView {
  const query = recordsQuery(play.source);
  return {
    ...play,
    ownerName,
    overdue: play.status === 'open' && play.dueAt <= now.toISOString(),
    recordsPath: `/api/scorecard/${encodeURIComponent(play.source.figure)}/records?${query}`,
    webPath: `/scorecard?figure=${encodeURIComponent(play.source.figure)}&${query}`,
  };
}

/** A mover in words, the default title of a play. */
export function defaultTitle(source: Pick<PlaySource, 'label' | 'name'>): string {
  const words = `Follow up: ${source.label}, ${source.name}`;
  return words.length > 200 ? `${words.slice(0, 199)}…` : words;
}
