import * as z from '#lib/zod.ts';
import { type Play, type PlaySource, playRecordSchema } from './schemas.ts';

/**
 * A play as the API shows it: the record, its owner's name, whether it is overdue, and where
 * the records behind its mover are (the drill-down in the API, the scorecard on the web).
 */
export const playViewSchema = z
  .extend(playRecordSchema, {
    ownerName: z.string().apply(z.withMeta, { description: 'The owner as the directory names them.' }),
    overdue: z.boolean().apply(z.withMeta, { description: 'Open past the end of its due date.' }),
    recordsPath: z.string().apply(z.withMeta, {
      description:
        'The API path of the records behind the mover: the figure’s drill-down with its dimension and period.',
    }),
    webPath: z.string().apply(z.withMeta, { description: 'The scorecard page opened on those records.' }),
  })
  .apply(z.withMeta, { id: 'Play' });
export type PlayView = z.infer<typeof playViewSchema>;

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
