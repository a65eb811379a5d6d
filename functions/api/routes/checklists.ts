import { createRoute } from '@hono/zod-openapi';
import { replaceChecklistSchema, teamChecklistSchema } from '#domain/handoffs/checklists.ts';
import { checklists } from '#services/handoffs.ts';
import { serviceContext } from '../env.ts';
import {
  changeResponses,
  etag,
  idParams,
  ifMatchHeaders,
  json,
  jsonBody,
  problemResponses,
  router,
  versionFromIfMatch,
} from '../http.ts';

/** A team's checklist of what it needs per kind of handoff, beside the team's own routes. */
export const checklistRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/checklist',
      tags: ['teams'],
      summary: 'What a team needs per kind of handoff (staff and leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams },
      responses: { 200: json(teamChecklistSchema, 'The checklist; version 0 while empty.'), ...problemResponses },
    }),
    async (c) => {
      const checklist = await checklists.get(serviceContext(c), c.req.valid('param').id);
      return c.json(checklist, 200, { ETag: etag(checklist.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}/checklist',
      tags: ['teams'],
      summary: 'Replace what a team needs per kind of handoff (the team’s staff and leaders)',
      security: [{ Bearer: [] }],
      request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(replaceChecklistSchema) },
      responses: { 200: json(teamChecklistSchema, 'The checklist as replaced.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const checklist = await checklists.replace(
        serviceContext(c),
        c.req.valid('param').id,
        version,
        c.req.valid('json'),
      );
      return c.json(checklist, 200, { ETag: etag(checklist.version) });
    },
  );
