import { timelineEventSchema } from '#domain/timeline/event.ts';
import { noticeEarlyWarning, sendWeeklyDigest } from '#services/leader-notices.ts';
import { notify } from '#services/notifications.ts';
import { enqueueWebhooks } from '#services/webhook-dispatcher.ts';
import { noticeDisabledWebhook } from '#services/webhook-notice.ts';
import type { NamedReaction, StreamedEvent } from './reaction.ts';

/**
 * The one consumer of timeline events on the table's stream (functions/handlers/notifier.ts)
 * runs every reaction below for each new `event` item. A reaction must be idempotent per event:
 * the stream delivers at least once and a batch with a failure is delivered again, so whatever a
 * reaction writes is keyed by the event's id (a redelivery overwrites or is refused by a
 * condition), never by a fresh id.
 *
 * To add one: write `(ctx, event) => Promise<void>` in a file of your own and append it to
 * `eventReactions` with a name. A dependency a reaction needs (a queue, a dispatcher) goes into
 * `ReactionContext` (./reaction.ts, which the reactions import, so that nothing imports back
 * into this list) as an optional field, set where the handler is built (the Lambda's handler
 * and the local stack).
 */

/** A stream image of an `event` item as the event it records; anything else is not one. */
export function streamedEventOf(image: Record<string, unknown> | undefined): StreamedEvent | undefined {
  if (image?.entity !== 'event' || typeof image.pk !== 'string') return undefined;
  const parsed = timelineEventSchema.safeParse(image);
  return parsed.success ? { ...parsed.data, recordPk: image.pk } : undefined;
}

/** Every reaction to a new timeline event, in the order they run. */
export const eventReactions: readonly NamedReaction[] = [
  { name: 'notifications', react: notify },
  { name: 'webhooks', react: enqueueWebhooks },
  { name: 'webhook-disabled-notice', react: noticeDisabledWebhook },
  { name: 'early-warning-notice', react: noticeEarlyWarning },
  { name: 'weekly-digest', react: sendWeeklyDigest },
];
