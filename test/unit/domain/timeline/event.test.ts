import { describe, expect, it } from 'vitest';
import { changedFields } from '#domain/timeline/event.ts';
import { aTeam } from '#test/factories.ts';

describe('changedFields', () => {
  it('keeps only the fields that changed, before and after', () => {
    const before = aTeam({ name: 'Sales', version: 1 });
    const after = { ...before, name: 'Sales & Renewals', version: 2, updatedAt: '2025-02-01T00:00:00.000Z' };

    expect(changedFields(before, after)).toEqual({ before: { name: 'Sales' }, after: { name: 'Sales & Renewals' } });
  });

  it('ignores version and updatedAt by default', () => {
    const before = aTeam();
    const after = { ...before, version: 7, updatedAt: '2030-01-01T00:00:00.000Z' };

    expect(changedFields(before, after)).toEqual({ before: {}, after: {} });
  });

  it('ignores the fields it is told to ignore, and only those', () => {
    const before = { name: 'a', active: true, version: 1 };
    const after = { name: 'b', active: false, version: 2 };

    expect(changedFields(before, after, ['name'])).toEqual({
      before: { active: true, version: 1 },
      after: { active: false, version: 2 },
    });
  });

  it('records an added field as null before and a removed one as null after', () => {
    const result = changedFields({ teamId: 'T1' }, { partnerId: 'P1' });

    expect(result).toEqual({ before: { teamId: 'T1', partnerId: null }, after: { teamId: null, partnerId: 'P1' } });
  });

  it('compares nested values by content, not identity', () => {
    const same = changedFields({ tags: ['a', 'b'] }, { tags: ['a', 'b'] });
    const different = changedFields({ tags: ['a', 'b'] }, { tags: ['a', 'c'] });

    expect(same).toEqual({ before: {}, after: {} });
    expect(different).toEqual({ before: { tags: ['a', 'b'] }, after: { tags: ['a', 'c'] } });
  });

  it('keeps falsy values rather than turning them into null', () => {
    expect(changedFields({ active: true, count: 1 }, { active: false, count: 0 })).toEqual({
      before: { active: true, count: 1 },
      after: { active: false, count: 0 },
    });
  });
});
