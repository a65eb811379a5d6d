import { createRoute } from '@hono/zod-openapi';
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
  changeResponses,
  createResponses,
  etag,
  idempotencyAt,
  idempotencyHeaders,
  idParams,
  ifMatchHeaders,
  json,
  jsonBody,
  paginationQuery,
  problemResponses,
  router,
  versionFromIfMatch,
} from '../http.ts';

const listQuery = z.object(paginationQuery);
const webhookPage = z.object({ items: z.array(webhookSchema), cursor: z.string().nullable() }).openapi('WebhookPage');
const deliveryPage = z
  .object({ items: z.array(deliverySchema), cursor: z.string().nullable() })
  .openapi('WebhookDeliveryPage');
const security = [{ Bearer: [] }];
const tags = ['webhooks'];

/**
 * Leaders' webhook endpoints. The URL policy is the stack's: the local stack lets plain http
 * reach 127.0.0.1, a deployed one only public HTTPS hosts.
 */
export function webhookRoutes(policy: UrlPolicy) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        summary: 'List webhook endpoints, newest first (leaders)',
        security,
        request: { query: listQuery },
        responses: { 200: json(webhookPage, 'A page of endpoints.'), ...problemResponses },
      }),
      async (c) => c.json(await webhooks.list(serviceContext(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags,
        summary: 'Register a webhook endpoint (leaders)',
        description:
          'HTTPS only. The answer carries the signing `secret` (`whsec_…`), shown this once. Event types: see docs/webhooks.md.',
        security,
        request: { headers: idempotencyHeaders, ...jsonBody(createWebhookSchema) },
        responses: { 201: json(webhookWithSecretSchema, 'The endpoint and its secret.'), ...createResponses },
      }),
      async (c) => {
        const created = await webhooks.create(serviceContext(c), c.req.valid('json'), policy, {
          idempotency: idempotencyAt(c, '/api/webhooks'),
        });
        return c.json(created, 201, { ETag: etag(created.version), Location: `/api/webhooks/${created.id}` });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags,
        summary: 'Read a webhook endpoint (leaders)',
        security,
        request: { params: idParams },
        responses: { 200: json(webhookSchema, 'The endpoint, without its secret.'), ...problemResponses },
      }),
      async (c) => {
        const record = await webhooks.get(serviceContext(c), c.req.valid('param').id);
        return c.json(record, 200, { ETag: etag(record.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/{id}',
        tags,
        summary: 'Change the URL, events or description, or enable or disable an endpoint (leaders)',
        security,
        request: { params: idParams, headers: ifMatchHeaders, ...jsonBody(updateWebhookSchema) },
        responses: { 200: json(webhookSchema, 'The endpoint as changed.'), ...changeResponses },
      }),
      async (c) => {
        const version = versionFromIfMatch(c.req.valid('header')['if-match']);
        const record = await webhooks.update(
          serviceContext(c),
          c.req.valid('param').id,
          version,
          c.req.valid('json'),
          policy,
        );
        return c.json(record, 200, { ETag: etag(record.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}',
        tags,
        summary: 'Delete an endpoint; its pending deliveries are dropped (leaders)',
        security,
        request: { params: idParams, headers: ifMatchHeaders },
        responses: { 200: json(webhookSchema, 'The endpoint as it was.'), ...changeResponses },
      }),
      async (c) => {
        const version = versionFromIfMatch(c.req.valid('header')['if-match']);
        return c.json(await webhooks.remove(serviceContext(c), c.req.valid('param').id, version), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/secret',
        tags,
        summary: 'Rotate the signing secret; the old one signs beside it for 24 hours (leaders)',
        security,
        request: { params: idParams, headers: ifMatchHeaders },
        responses: { 200: json(webhookWithSecretSchema, 'The endpoint and its new secret.'), ...changeResponses },
      }),
      async (c) => {
        const version = versionFromIfMatch(c.req.valid('header')['if-match']);
        const rotated = await webhooks.rotateSecret(serviceContext(c), c.req.valid('param').id, version);
        return c.json(rotated, 200, { ETag: etag(rotated.version) });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/deliveries',
        tags,
        summary: 'The deliveries to an endpoint, newest first, each with its attempts (leaders)',
        security,
        request: { params: idParams, query: listQuery },
        responses: { 200: json(deliveryPage, 'A page of deliveries.'), ...problemResponses },
      }),
      async (c) =>
        c.json(await webhooks.deliveries(serviceContext(c), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/test',
        tags,
        summary: 'Send a `webhook.test` message to the endpoint (leaders)',
        security,
        request: { params: idParams },
        responses: { 201: json(deliverySchema, 'The delivery, queued.'), ...createResponses },
      }),
      async (c) => c.json(await webhooks.test(serviceContext(c), c.req.valid('param').id), 201),
    );
}
