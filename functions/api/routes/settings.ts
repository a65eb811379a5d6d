import { createRoute } from '@hono/zod-openapi';
import { organisationSettingsSchema, updateSettingsSchema } from '#domain/settings/schemas.ts';
import { settings } from '#services/settings.ts';
import { serviceContext } from '../env.ts';
import {
  changeResponses,
  etag,
  ifMatchHeaders,
  json,
  jsonBody,
  problemResponses,
  router,
  versionFromIfMatch,
} from '../http.ts';

export const settingsRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['settings'],
      summary: 'The organisation’s settings (leaders)',
      security: [{ Bearer: [] }],
      responses: { 200: json(organisationSettingsSchema, 'The settings.'), ...problemResponses },
    }),
    async (c) => {
      const current = await settings.get(serviceContext(c));
      return c.json(current, 200, { ETag: etag(current.version) });
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/',
      tags: ['settings'],
      summary: 'Change settings (leaders)',
      security: [{ Bearer: [] }],
      request: { headers: ifMatchHeaders, ...jsonBody(updateSettingsSchema) },
      responses: { 200: json(organisationSettingsSchema, 'The settings as changed.'), ...changeResponses },
    }),
    async (c) => {
      const version = versionFromIfMatch(c.req.valid('header')['if-match']);
      const updated = await settings.update(serviceContext(c), version, c.req.valid('json'));
      return c.json(updated, 200, { ETag: etag(updated.version) });
    },
  );
