import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { staleVersion } from '#data/errors.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  putDelivery,
  replaceWebhook,
} from '#data/webhook-repository.ts';
import { NotFoundError, ValidationError } from '#domain/errors.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { deliveryWindowMs } from '#domain/webhooks/backoff.ts';
import {
  type createWebhookSchema,
  type DeliveryView,
  type updateWebhookSchema,
  type WebhookRecord,
  type WebhookView,
  webhookView,
} from '#domain/webhooks/schemas.ts';
import { type UrlPolicy, webhookUrlProblem } from '#domain/webhooks/url.ts';
import type * as z from '#lib/zod.ts';
import type { CreateOptions, ListOptions, ServiceContext } from './context.ts';

/** `whsec_` and 32 random bytes in base64: the Standard Webhooks form every verifier takes. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function assertUrl(url: string, policy: UrlPolicy): void {
  const problem = webhookUrlProblem(url, policy);
  if (problem) throw new ValidationError([{ path: 'url', message: problem }]);
}

async function requireWebhook(ctx: ServiceContext, id: string): Promise<WebhookRecord> {
  assertCan(ctx.caller, 'webhooks.manage');
  const record = await getWebhook(ctx.db, id);
  if (!record) throw new NotFoundError('No such webhook.');
  return record;
}

/** The secrets that sign at `now`: the current one, and the one it replaced during its day of grace. */
export function signingSecrets(record: WebhookRecord, now: Date): string[] {
  const previous =
    record.previousSecret && record.previousSecretUntil && new Date(record.previousSecretUntil) > now
      ? [record.previousSecret]
      : [];
  return [record.secret, ...previous];
}

export type WebhookWithSecret = WebhookView & { secret: string };

/** Leaders' endpoints: register, change, rotate, delete, and read their deliveries. */
export const webhooks = {
  async list(ctx: ServiceContext, options: ListOptions) {
    assertCan(ctx.caller, 'webhooks.manage');
    const page = await listWebhooks(ctx.db, options);
    return { items: page.items.map(webhookView), cursor: page.cursor };
  },

  async get(ctx: ServiceContext, id: string): Promise<WebhookView> {
    return webhookView(await requireWebhook(ctx, id));
  },

  async create(
    ctx: ServiceContext,
    input: z.infer<typeof createWebhookSchema>,
    policy: UrlPolicy,
    options: CreateOptions = {},
  ): Promise<WebhookWithSecret> {
    assertCan(ctx.caller, 'webhooks.manage');
    assertUrl(input.url, policy);
    const at = ctx.now().toISOString();
    const record: WebhookRecord = {
      id: ulid(),
      url: input.url,
      events: input.events,
      ...(input.description === undefined ? {} : { description: input.description }),
      enabled: true,
      createdBy: ctx.caller.userId,
      secret: newSecret(),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const answer: WebhookWithSecret = { ...webhookView(record), secret: record.secret };
    await createWebhook(ctx.db, record, answer, options.idempotency);
    return answer;
  },

  async update(
    ctx: ServiceContext,
    id: string,
    expectedVersion: number,
    change: z.infer<typeof updateWebhookSchema>,
    policy: UrlPolicy,
  ): Promise<WebhookView> {
    const before = await requireWebhook(ctx, id);
    if (before.version !== expectedVersion) throw staleVersion('webhook');
    if (change.url !== undefined) assertUrl(change.url, policy);
    const { description, enabled, ...plain } = change;
    const after: WebhookRecord = {
      ...before,
      ...plain,
      version: before.version + 1,
      updatedAt: ctx.now().toISOString(),
    };
    if (description === null) delete after.description;
    else if (description !== undefined) after.description = description;
    if (enabled === true && !before.enabled) {
      // Turned on again: a clean slate, the day of failures counts from the next one.
      after.enabled = true;
      delete after.disabledReason;
      delete after.failingSince;
    } else if (enabled === false && before.enabled) {
      after.enabled = false;
      after.disabledReason = 'leader';
    }
    const type =
      enabled === undefined || enabled === before.enabled
        ? 'webhook.updated'
        : enabled
          ? 'webhook.enabled'
          : 'webhook.disabled';
    return webhookView(await replaceWebhook(ctx.db, before, after, ctx.caller.userId, type));
  },

  async remove(ctx: ServiceContext, id: string, expectedVersion: number): Promise<WebhookView> {
    const before = await requireWebhook(ctx, id);
    if (before.version !== expectedVersion) throw staleVersion('webhook');
    await deleteWebhook(ctx.db, before, ctx.caller.userId, ctx.now().toISOString());
    return webhookView(before);
  },

  /**
   * A new secret; the old one keeps signing beside it for a day (Standard Webhooks sends several
   * signatures), so receivers can switch without losing a message.
   */
  async rotateSecret(ctx: ServiceContext, id: string, expectedVersion: number): Promise<WebhookWithSecret> {
    const before = await requireWebhook(ctx, id);
    if (before.version !== expectedVersion) throw staleVersion('webhook');
    const now = ctx.now();
    const after: WebhookRecord = {
      ...before,
      secret: newSecret(),
      previousSecret: before.secret,
      previousSecretUntil: new Date(now.getTime() + deliveryWindowMs).toISOString(),
      version: before.version + 1,
      updatedAt: now.toISOString(),
    };
    await replaceWebhook(ctx.db, before, after, ctx.caller.userId, 'webhook.secret_rotated');
    return { ...webhookView(after), secret: after.secret };
  },

  async deliveries(ctx: ServiceContext, id: string, options: ListOptions) {
    await requireWebhook(ctx, id);
    return listDeliveries(ctx.db, id, options);
  },

  /** A `webhook.test` message to the endpoint, whatever it subscribes to, through the same queue. */
  async test(ctx: ServiceContext, id: string): Promise<DeliveryView> {
    const record = await requireWebhook(ctx, id);
    if (!record.enabled) throw new ValidationError([{ path: 'enabled', message: 'Enable the webhook first.' }]);
    const at = ctx.now().toISOString();
    const eventId = ulid();
    const delivery = {
      id: `msg_${eventId}`,
      webhookId: record.id,
      type: 'webhook.test',
      recordType: 'webhook',
      recordId: record.id,
      eventId,
      eventAt: at,
      status: 'pending' as const,
      createdAt: at,
      nextAttemptAt: at,
      attempts: [],
      body: JSON.stringify({ type: 'webhook.test', timestamp: at, data: { webhookId: record.id } }),
    };
    await putDelivery(ctx.db, delivery);
    const { body: _body, eventAt: _eventAt, ...view } = delivery;
    return view;
  },
};
