import { idSchema } from '#domain/directory/schemas.ts';
import { fitSchema } from '#domain/referrals/schemas.ts';
import { z } from '#lib/zod.ts';

/** The lifecycle (seed 001), with lapsed and won back (born-again, seed 002) beside it. */
export const lifecycleStages = [
  'prospect',
  'first_purchase',
  'repeat',
  'loyal',
  'advocate',
  'lapsed',
  'won_back',
] as const;
export const lifecycleStageSchema = z.enum(lifecycleStages);

export const customerSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    domain: z.string().optional(),
    lifecycle: lifecycleStageSchema,
    fit: fitSchema.optional(),
    jobToBeDone: z.string().optional(),
    prospectKeys: z.array(z.string()),
    /** The referral that brought the customer, and whom it credits. */
    referredBy: z
      .object({ referralId: z.string(), referrerId: z.string(), partnerId: z.string().optional() })
      .optional(),
    version: z.number().int().positive(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Customer');
export type Customer = z.infer<typeof customerSchema>;
