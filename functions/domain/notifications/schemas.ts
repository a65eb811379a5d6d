import type { Role } from '#domain/identity/roles.ts';
import * as z from '#lib/zod.ts';

/** What a notification is about; e-mail is chosen per kind. */
export const notificationKinds = [
  'referral_status',
  'handoff_received',
  'handoff_returned',
  'issue_assigned',
  'severe_issue',
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
  severe_issue: 'A sev 1 or sev 2 issue is reported (leaders, and whoever is on call for issues)',
  due_soon: 'Something of yours is due within the next working day',
  overdue: 'Something of yours is overdue',
  unowned: 'Something nobody owns is past its target',
  webhook_disabled: 'A webhook you registered is disabled after failing for a day',
  import_finished: 'An import you started has finished',
  early_warning: 'A partner or team pair moves past an early-warning threshold',
  weekly_digest: 'The weekly scorecard digest (Monday morning)',
};

/**
 * One entry of a user's feed: the latest of the notifications of one kind about one record
 * (repeats collapse into it, `count` says how many). Its id sorts by `at`, so the feed is newest
 * first. Only the recipient's own view of the record goes in: the record's title (a company, a
 * handoff's summary, an issue's title), the customers and teams it concerns, statuses, the note
 * staff wrote for the referrer, what a returned handoff is missing; never a person's name or
 * contact.
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
    /** What the record is and whom it concerns: "Handoff · Sales → Support · Vireo Software". */
    about: z.optional(z.string()),
    body: z.optional(z.string()),
    /** When the latest of them happened. */
    at: z.string(),
    /** How many notifications of this kind about this record it stands for; items stored before collapsing read 1. */
    count: z._default(z.number().check(z.int(), z.positive()), 1),
    /** When the first of them happened, when there was more than one. */
    firstAt: z.optional(z.string()),
    readAt: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

/**
 * A notification as a reaction makes it, before it is written: keyed by the event it comes
 * from (`eventId`), so that a redelivered event tells nobody twice.
 */
export interface NewNotification {
  readonly eventId: string;
  readonly kind: NotificationKind;
  readonly recordType: Notification['recordType'];
  readonly recordId: string;
  readonly path: string;
  readonly title: string;
  readonly about?: string | undefined;
  readonly body?: string | undefined;
  readonly at: string;
}

export const emailPreferencesSchema = z
  .object(
    Object.fromEntries(notificationKinds.map((kind) => [kind, z.boolean()])) as Record<
      NotificationKind,
      z.ZodMiniBoolean
    >,
  )
  .apply(z.withMeta, { id: 'EmailPreferences' });
export type EmailPreferences = z.infer<typeof emailPreferencesSchema>;

/** A user's choices, as stored: e-mail on or off for each kind. */
export interface NotificationPreferences {
  readonly email: EmailPreferences;
}

/**
 * Who each kind can reach. Partners and advocates have no team, no issues to own and no
 * webhooks (`everyone` is their referrals' news); staff do team work; only leaders register
 * webhooks, start imports and hear the scorecard's early warnings and digest.
 */
const audienceOf: Record<NotificationKind, 'everyone' | 'staff' | 'leaders'> = {
  referral_status: 'everyone',
  handoff_received: 'staff',
  handoff_returned: 'staff',
  issue_assigned: 'staff',
  severe_issue: 'staff',
  due_soon: 'staff',
  overdue: 'staff',
  unowned: 'staff',
  webhook_disabled: 'leaders',
  import_finished: 'leaders',
  early_warning: 'leaders',
  weekly_digest: 'leaders',
};

/** The kinds that can reach a role: offering a choice about the others would be a choice about nothing. */
export function notificationKindsFor(role: Role): NotificationKind[] {
  const reaches = { everyone: true, staff: role === 'staff' || role === 'leader', leaders: role === 'leader' };
  return notificationKinds.filter((kind) => reaches[audienceOf[kind]]);
}

/** The caller's choices, and the kinds that can reach them (the ones worth offering). */
export const notificationPreferencesSchema = z
  .object({ email: emailPreferencesSchema, offered: z.array(notificationKindSchema) })
  .apply(z.withMeta, { id: 'NotificationPreferences' });
export type NotificationPreferencesView = z.infer<typeof notificationPreferencesSchema>;

/** Everyone gets e-mail of every kind until they say otherwise. */
export const defaultPreferences: NotificationPreferences = {
  email: Object.fromEntries(notificationKinds.map((kind) => [kind, true])) as EmailPreferences,
};

export const preferencesPatchSchema = z
  .strictObject({ email: z.strictObject(z.partial(emailPreferencesSchema).shape) })

  .apply(z.withMeta, { id: 'NotificationPreferencesPatch' });

export const markReadSchema = z
  .union([
    z.strictObject({
      ids: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(100)),
    }),
    z.strictObject({ all: z.literal(true) }),
  ])
  .apply(z.withMeta, { id: 'MarkNotificationsRead' });

export const unsubscribeSchema = z
  .strictObject({ token: z.string().check(z.minLength(1), z.maxLength(2048)) })

  .apply(z.withMeta, { id: 'Unsubscribe' });
