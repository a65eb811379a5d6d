import { z } from '#lib/zod.ts';

/** Organisation-wide settings that leaders set; every capability adds its own. */
export const organisationSettingsSchema = z
  .object({
    /** How long the first valid registration of a prospect is protected (days). */
    referralProtectionDays: z.number().int().min(1).max(365),
    /** When the first staff response to a referral is due (days after submission). */
    referralFirstResponseDays: z.number().int().min(1).max(30),
    version: z.number().int().nonnegative(),
    updatedAt: z.string().optional(),
  })
  .openapi('OrganisationSettings');
export type OrganisationSettings = z.infer<typeof organisationSettingsSchema>;

export const defaultSettings: OrganisationSettings = {
  referralProtectionDays: 90,
  referralFirstResponseDays: 2,
  version: 0,
};

export const updateSettingsSchema = z
  .strictObject({
    referralProtectionDays: z.number().int().min(1).max(365).optional(),
    referralFirstResponseDays: z.number().int().min(1).max(30).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Name a setting to change.')
  .openapi('OrganisationSettingsChange');
