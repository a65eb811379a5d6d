import type { Db } from '#data/client.ts';
import { putPreferences } from '#data/notification-repository.ts';
import { userIdByEmail } from '#data/user-email.ts';
import { type NotificationPreferences, notificationKinds } from '#domain/notifications/schemas.ts';
import { logger } from '#lib/logger.ts';
import * as z from '#lib/zod.ts';

/**
 * The part of an SES event (published to SNS by the configuration set) that matters here: who
 * bounced for good, or complained. A transient bounce (a full mailbox) is not a reason to stop.
 */
const sesEventSchema = z.union([
  z.object({
    eventType: z.literal('Bounce'),
    bounce: z.object({
      bounceType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
    }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    complaint: z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) }),
  }),
]);

const allOff = {
  email: Object.fromEntries(notificationKinds.map((kind) => [kind, false])),
} as NotificationPreferences;

/**
 * SES has already put the address on the suppression list; this marks its directory user:
 * every kind of e-mail turned off in their preferences, so the notifier stops trying and the
 * user sees, on their own page, that nothing is being sent. Addresses of nobody in the
 * directory (Cognito's invitation to an address since changed) are only logged.
 */
export async function applyMailFeedback(db: Db, message: string, now: Date): Promise<{ usersMarked: number }> {
  const parsed = sesEventSchema.safeParse(JSON.parse(message));
  if (!parsed.success) {
    logger.warn('mail feedback ignored: not a bounce or complaint event');
    return { usersMarked: 0 };
  }
  const event = parsed.data;
  if (event.eventType === 'Bounce' && event.bounce.bounceType !== 'Permanent') return { usersMarked: 0 };
  const recipients =
    event.eventType === 'Bounce' ? event.bounce.bouncedRecipients : event.complaint.complainedRecipients;
  let usersMarked = 0;
  for (const { emailAddress } of recipients) {
    const userId = await userIdByEmail(db, emailAddress);
    if (!userId) continue;
    await putPreferences(db, userId, allOff, now);
    // The id, never the address: log lines carry no personal data.
    logger.info('e-mail turned off after SES feedback', { userId, eventType: event.eventType });
    usersMarked++;
  }
  return { usersMarked };
}
