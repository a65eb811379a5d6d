import { userRepository } from '#data/directory-repository.ts';
import { putNotification } from '#data/notification-repository.ts';
import { getWebhook } from '#data/webhook-repository.ts';
import { callerOf } from '#domain/directory/schemas.ts';
import { mayBeNotified } from '#domain/identity/visibility.ts';
import type { NewNotification } from '#domain/notifications/schemas.ts';
import { mailIfWanted } from './notifications.ts';
import type { EventReaction } from './reaction.ts';

/**
 * The reaction that tells a webhook's owner (the leader who registered it) that the dispatcher
 * disabled it after a day of failures: a notification, and an e-mail if they want that kind.
 * Keyed by the event, like every notification: a redelivered event tells them once.
 */
export const noticeDisabledWebhook: EventReaction = async (ctx, event) => {
  if (event.type !== 'webhook.disabled' || event.actorId !== 'system') return;
  const endpoint = await getWebhook(ctx.db, event.recordId);
  if (!endpoint || endpoint.enabled) return;
  const owner = await userRepository.get(ctx.db, endpoint.createdBy);
  // Only who manages webhooks hears of one: an owner who no longer may has nothing to do about it.
  if (!owner?.active || !mayBeNotified(callerOf(owner), { type: 'webhook' })) return;
  const notification: NewNotification = {
    eventId: event.id,
    kind: 'webhook_disabled',
    recordType: 'webhook',
    recordId: endpoint.id,
    path: '/settings/webhooks',
    title: `The webhook to ${new URL(endpoint.url).host} was disabled: it failed for a day`,
    body: 'Check the receiver, then enable the webhook again on the Webhooks page; its deliveries log says what it answered.',
    at: event.at,
  };
  const now = ctx.now();
  await putNotification(ctx.db, owner.id, notification, now);
  // Its own guard (a mailed marker) sends it once, even when the first try stopped in between.
  await mailIfWanted(ctx, owner, notification, now);
};
