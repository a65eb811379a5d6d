import {
  createWebhookSchema,
  deliverySchema,
  updateWebhookSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '#domain/webhooks/schemas.ts';
import type { UrlPolicy } from '#domain/webhooks/url.ts';
import * as z from '#lib/zod.ts';
import { webhooks } from '#services/webhooks.ts';
import { serviceContext } from '../env.ts';
import {
  changed,
  changeResponses,
  created,
  createResponses,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  input,
  json,
  operation,
  paginationQuery,
  problemResponses,
  router,
  versioned,
  versionFromIfMatch,
} from '../http.ts';

const listQuery = z.object(paginationQuery);
const webhookPage = z
  .object({ items: z.array(webhookSchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'WebhookPage' });
const deliveryPage = z
  .object({ items: z.array(deliverySchema), cursor: z.nullable(z.string()) })
  .apply(z.withMeta, { id: 'WebhookDeliveryPage' });
const _security = [{ Bearer: [] }];
const tags = ['webhooks'];

/**
 * Leaders' webhook endpoints. The URL policy is the stack's: the local stack lets plain http
 * reach 127.0.0.1, a deployed one only public HTTPS hosts.
 */
export function webhookRoutes(policy: UrlPolicy) {
  return router()
    .get(
      '/',
      operation({
        tags,
        summary: 'List webhook endpoints, newest first (leaders)',
        responses: { 200: json(webhookPage, 'A page of endpoints.'), ...problemResponses },
      }),
      input('query', listQuery),
      async (c) => c.json(await webhooks.list(serviceContext(c), c.req.valid('query')), 200),
    )
    .post(
      '/',
      operation({
        tags,
        summary: 'Register a webhook endpoint (leaders)',
        description:
          'HTTPS only. The answer carries the signing `secret` (`whsec_…`), shown this once. Event types: see docs/webhooks.md.',
        responses: { 201: json(webhookWithSecretSchema, 'The endpoint and its secret.'), ...createResponses },
      }),
      input('header', idempotencyHeaders),
      input('json', createWebhookSchema),
      async (c) =>
        created(c, '/api/webhooks', (options) =>
          webhooks.create(serviceContext(c), c.req.valid('json'), policy, options),
        ),
    )
    .get(
      '/:id',
      operation({
        tags,
        summary: 'Read a webhook endpoint (leaders)',
        responses: { 200: json(webhookSchema, 'The endpoint, without its secret.'), ...problemResponses },
      }),
      input('param', idParams),
      async (c) => versioned(c, await webhooks.get(serviceContext(c), c.req.valid('param').id)),
    )
    .patch(
      '/:id',
      operation({
        tags,
        summary: 'Change the URL, events or description, or enable or disable an endpoint (leaders)',
        responses: { 200: json(webhookSchema, 'The endpoint as changed.'), ...changeResponses },
      }),
      input('param', idParams),
      input('header', ifMatchHeaders),
      input('json', updateWebhookSchema),
      async (c) =>
        changed(c, (version) =>
          webhooks.update(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'), policy),
        ),
    )
    .delete(
      '/:id',
      operation({
        tags,
        summary: 'Delete an endpoint; its pending deliveries are dropped (leaders)',
        responses: { 200: json(webhookSchema, 'The endpoint as it was.'), ...changeResponses },
      }),
      input('param', idParams),
      input('header', ifMatchHeaders),
      async (c) => {
        const version = versionFromIfMatch(c.req.valid('header')['if-match']);
        return c.json(await webhooks.remove(serviceContext(c), c.req.valid('param').id, version), 200);
      },
    )
    .post(
      '/:id/secret',
      operation({
        tags,
        summary: 'Rotate the signing secret; the old one signs beside it for 24 hours (leaders)',
        responses: { 200: json(webhookWithSecretSchema, 'The endpoint and its new secret.'), ...changeResponses },
      }),
      input('param', idParams),
      input('header', ifMatchHeaders),
      async (c) => changed(c, (version) => webhooks.rotateSecret(serviceContext(c), c.req.valid('param').id, version)),
    )
    .get(
      '/:id/deliveries',
      operation({
        tags,
        summary: 'The deliveries to an endpoint, newest first, each with its attempts (leaders)',
        responses: { 200: json(deliveryPage, 'A page of deliveries.'), ...problemResponses },
      }),
      input('param', idParams),
      input('query', listQuery),
      async (c) =>
        c.json(await webhooks.deliveries(serviceContext(c), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .post(
      '/:id/test',
      operation({
        tags,
        summary: 'Send a `webhook.test` message to the endpoint (leaders)',
        responses: { 201: json(deliverySchema, 'The delivery, queued.'), ...createResponses },
      }),
      input('param', idParams),
      async (c) => c.json(await webhooks.test(serviceContext(c), c.req.valid('param').id), 201),
    );
}
