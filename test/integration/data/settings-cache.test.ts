import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { settingsKeys } from '#data/keys.ts';
import { getRecentSettings, getSettings, replaceSettings, settingsCacheMs } from '#data/settings-repository.ts';
import { defaultSettings } from '#domain/settings/schemas.ts';
import { createTestTable } from '#test/harness.ts';

let db: Db;

beforeAll(async () => {
  db = await createTestTable();
});

describe('the settings a warm function reuses for submissions and handoffs', () => {
  it('reuses what it read for a while, sees a change made through replaceSettings at once, and never caches the settings page', async () => {
    // The clock is passed in, so the window cannot end while the test runs.
    const at = Date.now();
    expect(await getRecentSettings(db, at)).toEqual(defaultSettings);

    // A change written behind this process's back (another Lambda instance): reused until the window ends.
    const elsewhere = { ...defaultSettings, version: 1, referralFirstResponseDays: 9 };
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...settingsKeys.organisation(), entity: 'settings', ...elsewhere },
      }),
    );
    expect((await getRecentSettings(db, at + settingsCacheMs - 1)).referralFirstResponseDays).toBe(
      defaultSettings.referralFirstResponseDays,
    );
    expect((await getSettings(db)).referralFirstResponseDays).toBe(9);
    expect((await getRecentSettings(db, at + settingsCacheMs)).referralFirstResponseDays).toBe(9);

    // A change made here applies to the very next submission.
    const after = { ...elsewhere, version: 2, referralFirstResponseDays: 3 };
    await replaceSettings(db, await getSettings(db), after, 'leader');
    expect((await getRecentSettings(db, at + settingsCacheMs)).referralFirstResponseDays).toBe(3);
  });
});
