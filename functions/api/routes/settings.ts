import { organisationSettingsSchema, updateSettingsSchema } from '#domain/settings/schemas.ts';
import { settings } from '#services/settings.ts';
import { serviceContext } from '../env.ts';
import {
  changed,
  changeResponses,
  ifMatchHeaders,
  input,
  json,
  operation,
  problemResponses,
  router,
  versioned,
} from '../http.ts';

export const settingsRoutes = router()
  .get(
    '/',
    operation({
      tags: ['settings'],
      summary: 'The organisation’s settings (leaders)',
      responses: { 200: json(organisationSettingsSchema, 'The settings.'), ...problemResponses },
    }),
    async (c) => versioned(c, await settings.get(serviceContext(c))),
  )
  .patch(
    '/',
    operation({
      tags: ['settings'],
      summary: 'Change settings (leaders)',
      responses: { 200: json(organisationSettingsSchema, 'The settings as changed.'), ...changeResponses },
    }),
    input('header', ifMatchHeaders),
    input('json', updateSettingsSchema),
    async (c) => changed(c, (version) => settings.update(serviceContext(c), version, c.req.valid('json'))),
  );
