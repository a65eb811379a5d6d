import { replaceChecklistSchema, teamChecklistSchema } from '#domain/handoffs/checklists.ts';
import { checklists } from '#services/handoffs.ts';
import { changeRecord, json, readRecord, router } from '../http.ts';

const tags = ['teams'];

/** A team's checklist of what it needs per kind of handoff, beside the team's own routes. */
export const checklistRoutes = router()
  .get(
    '/:id/checklist',
    ...readRecord(
      {
        tags,
        summary: 'What a team needs per kind of handoff (staff and leaders)',
        answer: json(teamChecklistSchema, 'The checklist; version 0 while empty.'),
      },
      checklists.get,
    ),
  )
  .put(
    '/:id/checklist',
    ...changeRecord(
      {
        tags,
        summary: 'Replace what a team needs per kind of handoff (the team’s staff and leaders)',
        answer: json(teamChecklistSchema, 'The checklist as replaced.'),
      },
      replaceChecklistSchema,
      checklists.replace,
    ),
  );
