import { idSchema } from '#domain/directory/schemas.ts';
import { defaultWorkingHours, workingHoursSchema } from '#domain/handoffs/working-hours.ts';
import { defaultIssueTargets, issueTargetsSchema } from '#domain/issues/targets.ts';
import { defaultMinimumSample, defaultThresholds, defaultWeights } from '#domain/scorecard/scoring.ts';
import * as z from '#lib/zod.ts';

/** An acknowledgement SLA, in working hours: a quarter of an hour to six working weeks. */
export const slaHoursSchema = z
  .number()
  .check(
    z.gte(0.25, 'At least a quarter of an hour.'),
    z.lte(240, 'At most 240 working hours.'),
    z.multipleOf(0.25, 'In quarters of an hour.'),
  );

/** Per team pair: sending team id → receiving team id → working hours. */
const slaOverridesSchema = z
  .record(idSchema, z.record(idSchema, slaHoursSchema))
  .apply(z.withMeta, { description: 'Sending team id → receiving team id → working hours to acknowledge.' });

/**
 * The scorecard's leader-set weights (whole numbers 0–100 that sum to 100) and band thresholds
 * (0–100, amber at most green). The types only are checked here; the rules are the scorecard's
 * (weightErrors, thresholdErrors), applied by the settings service.
 */
const scorecardWeightsSchema = z
  .strictObject({ external: z.number(), internal: z.number(), partners: z.number() })
  .apply(z.withMeta, {
    description: 'The pillars’ weights in the Total Customer Index: whole numbers 0–100 summing to 100.',
  });
const scorecardThresholdsSchema = z.strictObject({ green: z.number(), amber: z.number() }).apply(z.withMeta, {
  description: 'A score at or above `green` is green, at or above `amber` amber, red below (0–100).',
});

const minimumSampleSchema = z
  .number({ error: 'A whole number of records from 1 to 1000.' })
  .check(
    z.int('A whole number of records from 1 to 1000.'),
    z.gte(1, 'A whole number of records from 1 to 1000.'),
    z.lte(1000, 'A whole number of records from 1 to 1000.'),
  )
  .apply(z.withMeta, {
    description: 'The fewest records a share or rating needs to be banded; below it, "too few to judge".',
  });

export const scorecardSettingsSchema = z.object({
  weights: scorecardWeightsSchema,
  thresholds: scorecardThresholdsSchema,
  // Settings stored before leaders could choose it read as the default.
  minimumSample: z._default(minimumSampleSchema, defaultMinimumSample),
});

function points(what: string) {
  const message = `A whole number from 1 to 100 (${what}).`;
  return z.number({ error: message }).check(z.int(message), z.gte(1, message), z.lte(100, message));
}

/**
 * When a leader hears that something moved against its own 8-week baseline: a partner's weekly
 * referrals falling by a share of their baseline, or a share (a partner's acceptance, a team
 * pair's returns or late acknowledgements) moving by points.
 */
export const earlyWarningSettingsSchema = z
  .strictObject({
    referralsDropPercent: points('percent of the weekly baseline'),
    acceptanceDropPoints: points('percentage points'),
    returnsRisePoints: points('percentage points'),
    lateRisePoints: points('percentage points'),
  })
  .apply(z.withMeta, {
    description: 'Early-warning thresholds against each partner’s or team pair’s own 8-week baseline.',
  });
export type EarlyWarningSettings = z.infer<typeof earlyWarningSettingsSchema>;

export const defaultEarlyWarnings: EarlyWarningSettings = {
  referralsDropPercent: 50,
  acceptanceDropPoints: 20,
  returnsRisePoints: 15,
  lateRisePoints: 20,
};

function days(max: number) {
  const message = `A whole number of days from 1 to ${max}.`;
  return z.number({ error: message }).check(z.int(message), z.gte(1, message), z.lte(max, message));
}

/** Organisation-wide settings that leaders set; every capability adds its own. */
export const organisationSettingsSchema = z
  .object({
    /** How long the first valid registration of a prospect is protected (days). */
    referralProtectionDays: z.number().check(z.int(), z.gte(1), z.lte(365)),
    /** When the first staff response to a referral is due (days after submission). */
    referralFirstResponseDays: z.number().check(z.int(), z.gte(1), z.lte(30)),
    /** The organisation's working days and hours, in its time zone (which is configuration). */
    workingHours: workingHoursSchema,
    /** How many working hours a team has to acknowledge a handoff, unless its pair says otherwise. */
    handoffAckSlaHours: slaHoursSchema,
    handoffAckSlaOverrides: slaOverridesSchema,
    /** Time to own (minutes) and to resolve (hours) a customer-impacting issue, per severity. */
    issueTargets: issueTargetsSchema,
    /** The scorecard's weights and band thresholds. */
    scorecard: scorecardSettingsSchema,
    // Settings stored before early warnings existed read as the defaults.
    earlyWarnings: z._default(earlyWarningSettingsSchema, defaultEarlyWarnings),
    /**
     * Who is on call, per kind of record: `issues` is told at once of every new sev1 or sev2
     * issue, beside the leaders. An active staff member or leader (checked when set, and again
     * when told: someone deactivated since is skipped).
     */
    onCall: z.object({ issues: z.optional(z.string()) }).apply(z.withMeta, {
      description: 'Who is on call: `issues`, a user id, hears of every new sev1 or sev2 issue.',
    }),
    /** Read only: the organisation's time zone (configuration, `ORG_TIME_ZONE`), never stored. */
    timeZone: z.optional(z.string()),
    version: z.number().check(z.int(), z.nonnegative()),
    updatedAt: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'OrganisationSettings' });
export type OrganisationSettings = z.infer<typeof organisationSettingsSchema>;

export const defaultSettings: OrganisationSettings = {
  referralProtectionDays: 90,
  referralFirstResponseDays: 2,
  workingHours: defaultWorkingHours,
  handoffAckSlaHours: 4,
  handoffAckSlaOverrides: {},
  issueTargets: defaultIssueTargets,
  scorecard: { weights: defaultWeights, thresholds: defaultThresholds, minimumSample: defaultMinimumSample },
  earlyWarnings: defaultEarlyWarnings,
  // Nobody until a leader names someone; settings stored before it read this too.
  onCall: {},
  version: 0,
};

export const updateSettingsSchema = z
  .strictObject({
    referralProtectionDays: z.optional(days(365)),
    referralFirstResponseDays: z.optional(days(30)),
    /** Replaces the working days and hours (all three fields). */
    workingHours: z.optional(workingHoursSchema),
    handoffAckSlaHours: z.optional(slaHoursSchema),
    /**
     * Merged into the overrides (JSON Merge Patch): a number sets a pair's SLA, `null` removes
     * the pair's override (it falls back to the default), a `null` row removes all of a
     * sending team's overrides.
     */
    handoffAckSlaOverrides: z.optional(
      z
        .record(idSchema, z.nullable(z.record(idSchema, z.nullable(slaHoursSchema))))
        .check(z.refine((rows) => Object.keys(rows).length <= 100, 'At most 100 sending teams at once.')),
    ),
    /** Replaces the issue targets (all four severities). */
    issueTargets: z.optional(issueTargetsSchema),
    /** Replaces the scorecard's weights, its thresholds, or both. */
    scorecard: z.optional(
      z
        .strictObject({
          weights: z.optional(scorecardWeightsSchema),
          thresholds: z.optional(scorecardThresholdsSchema),
          minimumSample: z.optional(minimumSampleSchema),
        })
        .check(
          z.refine(
            (value) =>
              value.weights !== undefined || value.thresholds !== undefined || value.minimumSample !== undefined,
            'Name weights, thresholds or minimumSample.',
          ),
        ),
    ),
    /** Replaces the early-warning thresholds (all four). */
    earlyWarnings: z.optional(earlyWarningSettingsSchema),
    /** Names who is on call for issues; `null` names nobody (the leaders alone are told). */
    onCall: z.optional(z.strictObject({ issues: z.nullable(idSchema) })),
  })
  .check(z.refine((value) => Object.keys(value).length > 0, 'Name a setting to change.'))
  .apply(z.withMeta, { id: 'OrganisationSettingsChange' });
