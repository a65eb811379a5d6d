import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { defaultSettings, type OrganisationSettings, organisationSettingsSchema } from '#domain/settings/schemas.ts';
import { changedFields } from '#domain/timeline/event.ts';
import type { Db } from './client.ts';
import { staleVersion } from './errors.ts';
import { eventPut } from './events.ts';
import { settingsKeys } from './keys.ts';
import { send, transactWrite } from './send.ts';

/** The organisation's settings; the defaults until a leader first changes one (version 0). */
export async function getSettings(db: Db): Promise<OrganisationSettings> {
  const result = await send(() =>
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: settingsKeys.organisation() })),
  );
  return result.Item ? organisationSettingsSchema.parse({ ...defaultSettings, ...result.Item }) : defaultSettings;
}

/**
 * How long a warm function reuses the settings it read, for the writes that read them on every
 * request (a referral submission, a handoff): one GetItem fewer per request, a third of a
 * submission's round trips. A change made through this function takes effect at once in the
 * process that made it; another Lambda instance may apply the previous settings (SLA days,
 * working hours) for up to this long. The settings page and every settings update read afresh
 * (`getSettings`).
 */
export const settingsCacheMs = 5_000;
const recentSettings = new WeakMap<Db, { settings: OrganisationSettings; until: number }>();

/** `getSettings`, reused for `settingsCacheMs` (by the wall clock, not a request's `now`). */
export async function getRecentSettings(db: Db, at: number = Date.now()): Promise<OrganisationSettings> {
  const recent = recentSettings.get(db);
  if (recent && recent.until > at) return recent.settings;
  const settings = await getSettings(db);
  recentSettings.set(db, { settings, until: at + settingsCacheMs });
  return settings;
}

export async function replaceSettings(
  db: Db,
  before: OrganisationSettings,
  after: OrganisationSettings,
  actorId: string,
): Promise<OrganisationSettings> {
  const keys = settingsKeys.organisation();
  const changed = changedFields(before, after);
  await transactWrite(
    db,
    [
      {
        Put: {
          TableName: db.tableName,
          Item: { ...keys, entity: 'settings', ...after },
          // Version 0 is the defaults, which have no item yet.
          ConditionExpression: before.version === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(before.version === 0 ? {} : { ExpressionAttributeValues: { ':expected': before.version } }),
        },
      },
      eventPut(db, {
        recordType: 'settings',
        recordId: 'organisation',
        recordPk: keys.pk,
        type: 'settings.updated',
        actorId,
        at: after.updatedAt ?? new Date().toISOString(),
        before: changed.before,
        after: changed.after,
      }).item,
    ],
    { onConditionFailed: () => staleVersion('settings') },
  );
  recentSettings.delete(db);
  return after;
}
