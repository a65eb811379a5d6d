import { api, ifMatch, request, type Success } from './client.ts';

type WebhooksApi = typeof api.api.webhooks;
type Answer<F extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;

export type Webhook = Answer<WebhooksApi[':id']['$get']>;
export type WebhookWithSecret = Answer<WebhooksApi['$post']>;
export type WebhookCreation = Parameters<WebhooksApi['$post']>[0]['json'];
export type WebhookChange = Parameters<WebhooksApi[':id']['$patch']>[0]['json'];
export type WebhookDelivery = Answer<WebhooksApi[':id']['deliveries']['$get']>['items'][number];

/** Leaders' webhook endpoints. */
export const webhooksApi = {
  list: (cursor?: string) => request(api.api.webhooks.$get({ query: { limit: '50', ...(cursor ? { cursor } : {}) } })),
  create: (creation: WebhookCreation) => request(api.api.webhooks.$post({ header: {}, json: creation })),
  update: (webhook: Webhook, change: WebhookChange) =>
    request(
      api.api.webhooks[':id'].$patch({ param: { id: webhook.id }, header: ifMatch(webhook.version), json: change }),
    ),
  remove: (webhook: Webhook) =>
    request(api.api.webhooks[':id'].$delete({ param: { id: webhook.id }, header: ifMatch(webhook.version) })),
  rotate: (webhook: Webhook) =>
    request(api.api.webhooks[':id'].secret.$post({ param: { id: webhook.id }, header: ifMatch(webhook.version) })),
  test: (webhook: Webhook) => request(api.api.webhooks[':id'].test.$post({ param: { id: webhook.id } })),
  deliveries: (webhook: Webhook) =>
    request(api.api.webhooks[':id'].deliveries.$get({ param: { id: webhook.id }, query: { limit: '50' } })),
};
