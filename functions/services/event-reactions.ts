import type { Db } from '#data/client.ts';
import { type TimelineEvent, timelineEventSchema } from '#domain/timeline/event.ts';
import type { Mailer } from '#services/mailer.ts';
import { notify } from '#services/notifications.ts';
import { enqueueWebhooks } from '#services/webhook-dispatcher.ts';
import { noticeDisabledWebhook } from '#services/webhook-notice.ts';

/**
 * The one consumer of timeline events on the table's stream (functions/handlers/notifier.ts)
 * runs every reaction below for each new `event` item. A reaction must be idempotent per event:
 * the stream delivers at least once and a batch with a failure is delivered again, so whatever a
 * reaction writes is keyed by the event's id (a redelivery overwrites or is refused by a
 * condition), never by a fresh id.
 *
 * To add one: write `(ctx, event) => Promise<void>` in a file of your own and append it to
 * `eventReactions` with a name. A dependency a reaction needs (a queue, a dispatcher) goes into
 * `ReactionContext` as an optional field, set where the handler is built (the Lambda's handler
 * and the local stack).
 */

/** A timeline event as it arrived on the stream, with its record's partition key. */
export interface StreamedEvent extends TimelineEvent {
  /** The record's partition (`REFERRAL#…`): the record item is `{pk, sk: <TYPE>}`. */
  readonly recordPk: string;
}

export interface ReactionContext {
  readonly db: Db;
  readonly now: () => Date;
  /** Where e-mail goes: SES when deployed, the mail sink under `.data/mail/` locally. */
  readonly mailer: Mailer;
  /** The web app's address, for links back to a record in e-mail. */
  readonly webBaseUrl: string;
  /** Signs the unsubscribe links of e-mail. */
  readonly unsubscribeSecret: string;
  /** The organisation's time zone, for dates in e-mail. */
  readonly timeZone: string;
}

export type EventReaction = (ctx: ReactionContext, event: StreamedEvent) => Promise<void>;

export interface NamedReaction {
  readonly name: string;
  readonly react: EventReaction;
}

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
];
