import { teamRepository, userRepository } from '#data/directory-repository.ts';
import { staleVersion } from '#data/errors.ts';
import { getSettings, replaceSettings } from '#data/settings-repository.ts';
import { ValidationError } from '#domain/errors.ts';
import { mergeSlaOverrides, selfPairErrors } from '#domain/handoffs/sla.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import { thresholdErrors, weightErrors } from '#domain/scorecard/scoring.ts';
import type { OrganisationSettings, updateSettingsSchema } from '#domain/settings/schemas.ts';
import { config } from '#lib/config.ts';
import type * as z from '#lib/zod.ts';
import type { ServiceContext } from './context.ts';

/** The settings as answered: what is stored, and the time zone (configuration) beside it. */
function answer(stored: OrganisationSettings): OrganisationSettings {
  return { ...stored, timeZone: config.ORG_TIME_ZONE };
}

/** Every team an SLA override names (on either side) must exist. */
async function assertTeamsExist(
  ctx: ServiceContext,
  patch: NonNullable<z.infer<typeof updateSettingsSchema>['handoffAckSlaOverrides']>,
) {
  const errors = selfPairErrors(patch);
  const named = new Map<string, string>();
  for (const [from, row] of Object.entries(patch)) {
    named.set(from, `handoffAckSlaOverrides.${from}`);
    for (const [to, hours] of Object.entries(row ?? {})) {
      if (hours !== null) named.set(to, `handoffAckSlaOverrides.${from}.${to}`);
    }
  }
  for (const [teamId, path] of named) {
    // Removing an override of a team that has since gone is always allowed.
    const removing = patch[teamId] === null;
    if (!removing && !(await teamRepository.get(ctx.db, teamId))) errors.push({ path, message: 'No such team.' });
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

/** Whoever is on call for issues must be able to own one: an active staff member or leader. */
async function assertCanBeOnCall(ctx: ServiceContext, userId: string) {
  const user = await userRepository.get(ctx.db, userId);
  if (!user?.active || (user.role !== 'staff' && user.role !== 'leader')) {
    throw new ValidationError([
      { path: 'onCall.issues', message: 'Name an active staff member or leader: someone who can own an issue.' },
    ]);
  }
}

export const settings = {
  async get(ctx: ServiceContext): Promise<OrganisationSettings> {
    assertCan(ctx.caller, 'settings.manage');
    return answer(await getSettings(ctx.db));
  },
  async update(
    ctx: ServiceContext,
    expectedVersion: number,
    change: z.infer<typeof updateSettingsSchema>,
  ): Promise<OrganisationSettings> {
    assertCan(ctx.caller, 'settings.manage');
    const before = await getSettings(ctx.db);
    if (before.version !== expectedVersion) throw staleVersion('settings');
    const { handoffAckSlaOverrides: overridesPatch, scorecard: scorecardPatch, onCall: onCallPatch, ...plain } = change;
    const scorecard = { ...before.scorecard, ...scorecardPatch };
    const scorecardErrors = [
      ...(scorecardPatch?.weights ? weightErrors(scorecard.weights) : []),
      ...(scorecardPatch?.thresholds ? thresholdErrors(scorecard.thresholds) : []),
    ].map((error) => ({ ...error, path: `scorecard.${error.path}` }));
    if (scorecardErrors.length > 0) throw new ValidationError(scorecardErrors);
    if (overridesPatch) await assertTeamsExist(ctx, overridesPatch);
    if (onCallPatch?.issues) await assertCanBeOnCall(ctx, onCallPatch.issues);
    const onCall = onCallPatch
      ? onCallPatch.issues
        ? { ...before.onCall, issues: onCallPatch.issues }
        : (({ issues: _nobody, ...rest }) => rest)(before.onCall)
      : before.onCall;
    const after: OrganisationSettings = {
      ...before,
      ...plain,
      scorecard,
      onCall,
      ...(overridesPatch
        ? { handoffAckSlaOverrides: mergeSlaOverrides(before.handoffAckSlaOverrides, overridesPatch) }
        : {}),
      version: before.version + 1,
      updatedAt: ctx.now().toISOString(),
    };
    return answer(await replaceSettings(ctx.db, before, after, ctx.caller.userId));
  },
};
