import { idSchema, text } from '#domain/directory/schemas.ts';
import * as z from '#lib/zod.ts';
import { isEventPattern, webhookEventTypes } from './event-types.ts';
import { maxUrlLength } from './url.ts';

/** A subscription: exact types and `family.*` wildcards, each once. */
export const eventPatternsSchema = z
  .array(
    z
      .string()
      .max(60)
      .refine(isEventPattern, {
        message: `Must be one of ${webhookEventTypes.join(', ')}, or referral.*, handoff.*, issue.*, customer.*.`,
      }),
  )
  .min(1, 'Name at least one event type.')
  .max(webhookEventTypes.length)
  .refine((patterns) => new Set(patterns).size === patterns.length, 'Each event type at most once.')
  .meta({ example: ['referral.*', 'customer.lifecycle_changed'] });

/** The URL's own checks (HTTPS, no credentials, no private address) depend on the stack: the service makes them. */
const urlField = z.string().max(maxUrlLength).meta({ example: 'https://hooks.example.com/total-customer' });

export const createWebhookSchema = z
  .object({ url: urlField, events: eventPatternsSchema, description: text(200).optional() })
  .strict()
  .meta({ id: 'WebhookCreation' });

export const updateWebhookSchema = z
  .object({
    url: urlField.optional(),
    events: eventPatternsSchema.optional(),
    description: text(200).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'Change at least one field.')
  .meta({ id: 'WebhookChange' });

/** Why an endpoint stopped: a leader turned it off, or it failed for a day. */
export const disabledReasons = ['leader', 'failing'] as const;

/** The endpoint as stored; the secrets never leave the service but on creation and rotation. */
export const webhookRecordSchema = z.object({
  id: idSchema,
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().optional(),
  enabled: z.boolean(),
  disabledReason: z.enum(disabledReasons).optional(),
  /** When the current run of failed attempts began; absent while the endpoint answers. */
  failingSince: z.string().optional(),
  createdBy: z.string(),
  secret: z.string(),
  previousSecret: z.string().optional(),
  previousSecretUntil: z.string().optional(),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookRecord = z.infer<typeof webhookRecordSchema>;

export const webhookSchema = webhookRecordSchema.omit({ secret: true, previousSecret: true }).meta({ id: 'Webhook' });
export type WebhookView = z.infer<typeof webhookSchema>;

export const webhookWithSecretSchema = webhookSchema
  .extend({ secret: z.string().meta({ description: 'whsec_…: shown now and never again.' }) })
  .meta({ id: 'WebhookWithSecret' });

export function webhookView(record: WebhookRecord): WebhookView {
  const { secret: _secret, previousSecret: _previous, ...view } = record;
  return view;
}

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;

export const deliveryAttemptSchema = z
  .object({
    at: z.string(),
    /** The receiver's HTTP status, when it answered. */
    statusCode: z.number().int().optional(),
    /** Why there was no answer (timeout, refused connection, a redirect not followed…). */
    error: z.string().optional(),
    durationMs: z.number().int(),
    /** When the next attempt is due after this one failed; absent after a success or the last. */
    nextAttemptAt: z.string().optional(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

export const deliverySchema = z
  .object({
    id: z.string().meta({ description: 'The webhook-id header: the same for every attempt.' }),
    webhookId: idSchema,
    type: z.string(),
    recordType: z.string(),
    recordId: z.string(),
    eventId: z.string(),
    status: z.enum(deliveryStatuses),
    createdAt: z.string(),
    nextAttemptAt: z.string().optional(),
    attempts: z.array(deliveryAttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });
export type DeliveryView = z.infer<typeof deliverySchema>;
