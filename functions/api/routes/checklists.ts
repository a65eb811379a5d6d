import { replaceChecklistSchema, teamChecklistSchema } from '#domain/handoffs/checklists.ts';
import { checklists } from '#services/handoffs.ts';
import { serviceContext } from '../env.ts';
import {
  changed,
  changeResponses,
  idParams,
  ifMatchHeaders,
  input,
  json,
  operation,
  problemResponses,
  router,
  versioned,
} from '../http.ts';

/** A team's checklist of what it needs per kind of handoff, beside the team's own routes. */
export const checklistRoutes = router()
  .get(
    '/:id/checklist',
    operation({
      tags: ['teams'],
      summary: 'What a team needs per kind of handoff (staff and leaders)',
      responses: { 200: json(teamChecklistSchema, 'The checklist; version 0 while empty.'), ...problemResponses },
    }),
    input('param', idParams),
    async (c) => versioned(c, await checklists.get(serviceContext(c), c.req.valid('param').id)),
  )
  .put(
    '/:id/checklist',
    operation({
      tags: ['teams'],
      summary: 'Replace what a team needs per kind of handoff (the team’s staff and leaders)',
      responses: { 200: json(teamChecklistSchema, 'The checklist as replaced.'), ...changeResponses },
    }),
    input('param', idParams),
    input('header', ifMatchHeaders),
    input('json', replaceChecklistSchema),
    async (c) =>
      changed(c, (version) =>
        checklists.replace(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json')),
      ),
  );
