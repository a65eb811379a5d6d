import { idSchema, text } from '#domain/directory/schemas.ts';
import * as z from '#lib/zod.ts';
import { isEventPattern, webhookEventTypes } from './event-types.ts';
import { maxUrlLength } from './url.ts';

/** A subscription: exact types and `family.*` wildcards, each once. */
export const eventPatternsSchema = z
  .array(
    z.string().check(
      z.maxLength(60),
      z.refine(isEventPattern, {
        message: `Must be one of ${webhookEventTypes.join(', ')}, or referral.*, handoff.*, issue.*, customer.*.`,
      }),
    ),
  )
  .check(
    z.minLength(1, 'Name at least one event type.'),
    z.maxLength(webhookEventTypes.length),
    z.refine((patterns) => new Set(patterns).size === patterns.length, 'Each event type at most once.'),
  )
  .apply(z.withMeta, { example: ['referral.*', 'customer.lifecycle_changed'] });

/** The URL's own checks (HTTPS, no credentials, no private address) depend on the stack: the service makes them. */
const urlField = z
  .string()
  .check(z.maxLength(maxUrlLength))
  .apply(z.withMeta, { example: 'https://hooks.example.com/total-customer' });

export const createWebhookSchema = z
  .strictObject({ url: urlField, events: eventPatternsSchema, description: z.optional(text(200)) })

  .apply(z.withMeta, { id: 'WebhookCreation' });

export const updateWebhookSchema = z
  .strictObject({
    url: z.optional(urlField),
    events: z.optional(eventPatternsSchema),
    description: z.optional(z.nullable(text(200))),
    enabled: z.optional(z.boolean()),
  })

  .check(z.refine((change) => Object.keys(change).length > 0, 'Change at least one field.'))
  .apply(z.withMeta, { id: 'WebhookChange' });

/** Why an endpoint stopped: a leader turned it off, or it failed for a day. */
export const disabledReasons = ['leader', 'failing'] as const;

/** The endpoint as stored; the secrets never leave the service but on creation and rotation. */
export const webhookRecordSchema = z.object({
  id: idSchema,
  url: z.string(),
  events: z.array(z.string()),
  description: z.optional(z.string()),
  enabled: z.boolean(),
  disabledReason: z.optional(z.enum(disabledReasons)),
  /** When the current run of failed attempts began; absent while the endpoint answers. */
  failingSince: z.optional(z.string()),
  createdBy: z.string(),
  secret: z.string(),
  previousSecret: z.optional(z.string()),
  previousSecretUntil: z.optional(z.string()),
  version: z.number().check(z.int(), z.positive()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookRecord = z.infer<typeof webhookRecordSchema>;

export const webhookSchema = z
  .omit(webhookRecordSchema, { secret: true, previousSecret: true })
  .apply(z.withMeta, { id: 'Webhook' });
export type WebhookView = z.infer<typeof webhookSchema>;

export const webhookWithSecretSchema = z
  .extend(webhookSchema, {
    secret: z.string().apply(z.withMeta, { description: 'whsec_…: shown now and never again.' }),
  })
  .apply(z.withMeta, { id: 'WebhookWithSecret' });

export function webhookView(record: WebhookRecord): WebhookView {
  const { secret: _secret, previousSecret: _previous, ...view } = record;
  return view;
}

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;

export const deliveryAttemptSchema = z
  .object({
    at: z.string(),
    /** The receiver's HTTP status, when it answered. */
    statusCode: z.optional(z.number().check(z.int())),
    /** Why there was no answer (timeout, refused connection, a redirect not followed…). */
    error: z.optional(z.string()),
    durationMs: z.number().check(z.int()),
    /** When the next attempt is due after this one failed; absent after a success or the last. */
    nextAttemptAt: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'WebhookDeliveryAttempt' });
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

export const deliverySchema = z
  .object({
    id: z.string().apply(z.withMeta, { description: 'The webhook-id header: the same for every attempt.' }),
    webhookId: idSchema,
    type: z.string(),
    recordType: z.string(),
    recordId: z.string(),
    eventId: z.string(),
    status: z.enum(deliveryStatuses),
    createdAt: z.string(),
    nextAttemptAt: z.optional(z.string()),
    attempts: z.array(deliveryAttemptSchema),
  })
  .apply(z.withMeta, { id: 'WebhookDelivery' });
export type DeliveryView = z.infer<typeof deliverySchema>;
