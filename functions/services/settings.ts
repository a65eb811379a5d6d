import { staleVersion } from '#data/errors.ts';
import { getSettings, replaceSettings } from '#data/settings-repository.ts';
import { assertCan } from '#domain/identity/authorization.ts';
import type { OrganisationSettings, updateSettingsSchema } from '#domain/settings/schemas.ts';
import type { z } from '#lib/zod.ts';
import type { ServiceContext } from './context.ts';

export const settings = {
  async get(ctx: ServiceContext): Promise<OrganisationSettings> {
    assertCan(ctx.caller, 'settings.manage');
    return getSettings(ctx.db);
  },
  async update(
    ctx: ServiceContext,
    expectedVersion: number,
    change: z.infer<typeof updateSettingsSchema>,
  ): Promise<OrganisationSettings> {
    assertCan(ctx.caller, 'settings.manage');
    const before = await getSettings(ctx.db);
    if (before.version !== expectedVersion) throw staleVersion('settings');
    const after: OrganisationSettings = {
      ...before,
      ...change,
      version: before.version + 1,
      updatedAt: ctx.now().toISOString(),
    };
    return replaceSettings(ctx.db, before, after, ctx.caller.userId);
  },
};
