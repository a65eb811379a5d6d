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
  actOnRecord,
  changeRecord,
  changeResponses,
  createRecord,
  createResponses,
  idParams,
  ifMatchHeaders,
  input,
  json,
  listRecords,
  operation,
  pageSchema,
  paginationQuery,
  problemResponses,
  readRecord,
  router,
  versionFromIfMatch,
} from '../http.ts';

const listQuery = z.object(paginationQuery);
const webhookPage = pageSchema(webhookSchema, 'WebhookPage');
const deliveryPage = pageSchema(deliverySchema, 'WebhookDeliveryPage');
const tags = ['webhooks'];

/**
 * Leaders' webhook endpoints. The URL policy is the stack's: the local stack lets plain http
 * reach 127.0.0.1, a deployed one only public HTTPS hosts.
 */
export function webhookRoutes(policy: UrlPolicy) {
  return router()
    .get(
      '/',
      ...listRecords(
        {
          tags,
          summary: 'List webhook endpoints, newest first (leaders)',
          answer: json(webhookPage, 'A page of endpoints.'),
        },
        listQuery,
        webhooks.list,
      ),
    )
    .post(
      '/',
      ...createRecord(
        {
          tags,
          summary: 'Register a webhook endpoint (leaders)',
          description:
            'HTTPS only. The answer carries the signing `secret` (`whsec_…`), shown this once. Event types: see docs/webhooks.md.',
          answer: json(webhookWithSecretSchema, 'The endpoint and its secret.'),
        },
        '/api/webhooks',
        createWebhookSchema,
        (ctx, body, options) => webhooks.create(ctx, body, policy, options),
      ),
    )
    .get(
      '/:id',
      ...readRecord(
        {
          tags,
          summary: 'Read a webhook endpoint (leaders)',
          answer: json(webhookSchema, 'The endpoint, without its secret.'),
        },
        webhooks.get,
      ),
    )
    .patch(
      '/:id',
      ...changeRecord(
        {
          tags,
          summary: 'Change the URL, events or description, or enable or disable an endpoint (leaders)',
          answer: json(webhookSchema, 'The endpoint as changed.'),
        },
        updateWebhookSchema,
        (ctx, id, version, change) => webhooks.update(ctx, id, version, change, policy),
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
      ...actOnRecord(
        {
          tags,
          summary: 'Rotate the signing secret; the old one signs beside it for 24 hours (leaders)',
          answer: json(webhookWithSecretSchema, 'The endpoint and its new secret.'),
        },
        webhooks.rotateSecret,
      ),
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
