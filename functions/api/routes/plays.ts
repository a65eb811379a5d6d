import { closePlaySchema, createPlaySchema, playListQuerySchema, updatePlaySchema } from '#domain/plays/schemas.ts';
import { playViewSchema } from '#domain/plays/views.ts';
import { plays } from '#services/plays.ts';
import { changeRecord, createRecord, json, listRecords, pageSchema, readRecord, router } from '../http.ts';

const playPage = pageSchema(playViewSchema, 'PlayPage');
const tags = ['plays'];

/** Plays: follow-ups leaders make from the scorecard's movers, worked and closed by their owners. */
export const playRoutes = router()
  .get(
    '/',
    ...listRecords(
      {
        tags,
        summary: 'List plays of a status, soonest due first (leaders: all or their own; staff: their own)',
        answer: json(playPage, 'A page of plays.'),
      },
      playListQuerySchema,
      plays.list,
    ),
  )
  .post(
    '/',
    ...createRecord(
      {
        tags,
        summary: 'Make a play of a scorecard mover: an owner, a due date, a title (leaders)',
        description:
          'The figure and dimension are a mover’s (or any figure’s dimension on the scorecard); the play keeps ' +
          'the values the scorecard shows now over `weeks`, and links to the records behind them.',
        answer: json(playViewSchema, 'The play.'),
      },
      '/api/plays',
      createPlaySchema,
      plays.create,
    ),
  )
  .get(
    '/:id',
    ...readRecord(
      { tags, summary: 'Read a play (leaders; staff their own)', answer: json(playViewSchema, 'The play.') },
      plays.get,
    ),
  )
  .patch(
    '/:id',
    ...changeRecord(
      {
        tags,
        summary: 'Reassign, re-date or retitle an open play (leaders)',
        answer: json(playViewSchema, 'The play as changed.'),
      },
      updatePlaySchema,
      plays.update,
    ),
  )
  .post(
    '/:id/close',
    ...changeRecord(
      {
        tags,
        summary: 'Close a play with a note of what was done (its owner, or leaders)',
        answer: json(playViewSchema, 'The play, closed.'),
      },
      closePlaySchema,
      plays.close,
    ),
  );
