import * as z from '#lib/zod.ts';

/** What a notification is about; e-mail is chosen per kind. */
export const notificationKinds = [
  'referral_status',
  'handoff_received',
  'handoff_returned',
  'issue_assigned',
  'due_soon',
  'overdue',
  'unowned',
  'webhook_disabled',
  'import_finished',
  'early_warning',
  'weekly_digest',
] as const;
export const notificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const notificationKindLabels: Record<NotificationKind, string> = {
  referral_status: 'A referral of yours changes status',
  handoff_received: 'A handoff arrives for your team',
  handoff_returned: 'A handoff your team sent comes back',
  issue_assigned: 'An issue is handed to you',
  due_soon: 'Something of yours is due within the next working day',
  overdue: 'Something of yours is overdue',
  unowned: 'Something nobody owns is past its target',
  webhook_disabled: 'A webhook you registered is disabled after failing for a day',
  import_finished: 'An import you started has finished',
  early_warning: 'A partner or team pair moves past an early-warning threshold',
  weekly_digest: 'The weekly scorecard digest (Monday morning)',
};

/**
 * One entry of a user's feed. Its id is the timeline event's: one event tells a user once,
 * however often the stream delivers it. Only the recipient's own view of the record goes in:
 * names of organisations and teams, statuses, the note staff wrote for the referrer; never a
 * person's name or contact.
 */
export const notificationSchema = z
  .object({
    id: z.string(),
    kind: notificationKindSchema,
    recordType: z.enum(['referral', 'handoff', 'issue', 'webhook', 'import', 'scorecard']),
    recordId: z.string(),
    /** The web app's path of the record, e.g. `/referrals/01J…`. */
    path: z.string(),
    title: z.string(),
    body: z.string().optional(),
    at: z.string(),
    readAt: z.string().optional(),
  })
  .openapi('Notification');
export type Notification = z.infer<typeof notificationSchema>;

export const emailPreferencesSchema = z
  .object(
    Object.fromEntries(notificationKinds.map((kind) => [kind, z.boolean()])) as Record<NotificationKind, z.ZodBoolean>,
  )
  .openapi('EmailPreferences');
export type EmailPreferences = z.infer<typeof emailPreferencesSchema>;

export const notificationPreferencesSchema = z
  .object({ email: emailPreferencesSchema })
  .openapi('NotificationPreferences');
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** Everyone gets e-mail of every kind until they say otherwise. */
export const defaultPreferences: NotificationPreferences = {
  email: Object.fromEntries(notificationKinds.map((kind) => [kind, true])) as EmailPreferences,
};

export const preferencesPatchSchema = z
  .object({ email: emailPreferencesSchema.partial().strict() })
  .strict()
  .openapi('NotificationPreferencesPatch');

export const markReadSchema = z
  .union([
    z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }).strict(),
    z.object({ all: z.literal(true) }).strict(),
  ])
  .openapi('MarkNotificationsRead');

export const unsubscribeSchema = z
  .object({ token: z.string().min(1).max(2048) })
  .strict()
  .openapi('Unsubscribe');
