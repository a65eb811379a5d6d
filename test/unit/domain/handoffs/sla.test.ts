import { describe, expect, it } from 'vitest';
import { ackSlaHoursFor, mergeSlaOverrides, selfPairErrors } from '#domain/handoffs/sla.ts';
import { defaultSettings, organisationSettingsSchema, updateSettingsSchema } from '#domain/settings/schemas.ts';
import { anId } from '#test/factories.ts';

const [sales, onboarding, support] = [anId(), anId(), anId()];

describe('the acknowledgement SLA of a team pair', () => {
  it('is 4 working hours unless the pair has its own', () => {
    const settings = { ...defaultSettings, handoffAckSlaOverrides: { [sales]: { [onboarding]: 8 } } };
    expect(ackSlaHoursFor(defaultSettings, sales, onboarding)).toBe(4);
    expect(ackSlaHoursFor(settings, sales, onboarding)).toBe(8);
    // Pairs are directed: the other way round keeps the default.
    expect(ackSlaHoursFor(settings, onboarding, sales)).toBe(4);
    expect(ackSlaHoursFor({ ...settings, handoffAckSlaHours: 2 }, sales, support)).toBe(2);
  });
});

describe('merging overrides (JSON Merge Patch)', () => {
  const current = { [sales]: { [onboarding]: 8, [support]: 2 } };

  it('sets, replaces and removes pairs, and drops rows left empty', () => {
    expect(mergeSlaOverrides(current, { [sales]: { [onboarding]: 6 } })).toEqual({
      [sales]: { [onboarding]: 6, [support]: 2 },
    });
    expect(mergeSlaOverrides(current, { [sales]: { [support]: null } })).toEqual({ [sales]: { [onboarding]: 8 } });
    expect(mergeSlaOverrides(current, { [sales]: { [support]: null, [onboarding]: null } })).toEqual({});
    expect(mergeSlaOverrides(current, { [sales]: null })).toEqual({});
    expect(mergeSlaOverrides(current, { [support]: { [sales]: 1 } })).toEqual({
      ...current,
      [support]: { [sales]: 1 },
    });
  });

  it('leaves the current overrides untouched', () => {
    mergeSlaOverrides(current, { [sales]: null });
    expect(current[sales]).toEqual({ [onboarding]: 8, [support]: 2 });
  });

  it('finds a pair of one team', () => {
    expect(selfPairErrors({ [sales]: { [sales]: 2, [support]: 1 } })).toEqual([
      { path: `handoffAckSlaOverrides.${sales}.${sales}`, message: expect.any(String) },
    ]);
  });
});

describe('the settings schemas', () => {
  it('default to Monday–Friday 09:00–17:00 and 4 working hours', () => {
    expect(organisationSettingsSchema.parse({ ...defaultSettings })).toMatchObject({
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      handoffAckSlaHours: 4,
      handoffAckSlaOverrides: {},
    });
  });

  it.each([
    [{ handoffAckSlaHours: 0 }],
    [{ handoffAckSlaHours: 1.1 }],
    [{ handoffAckSlaHours: 241 }],
    [{ handoffAckSlaOverrides: { 'not-an-id': { [sales]: 2 } } }],
    [{ handoffAckSlaOverrides: { [sales]: { [onboarding]: -1 } } }],
    [{ workingHours: { days: [1], start: '17:00', end: '09:00' } }],
    [{ timeZone: 'UTC' }],
  ])('refuse %j', (change) => {
    expect(updateSettingsSchema.safeParse(change).success).toBe(false);
  });

  it('take a quarter-hour SLA and a removal', () => {
    expect(
      updateSettingsSchema.safeParse({
        handoffAckSlaHours: 0.75,
        handoffAckSlaOverrides: { [sales]: { [onboarding]: null } },
      }).success,
    ).toBe(true);
  });
});
