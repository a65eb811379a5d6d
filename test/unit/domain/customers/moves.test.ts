import { describe, expect, it } from 'vitest';
import { edit, moveLifecycle, newCustomer } from '#domain/customers/moves.ts';
import { InvalidTransitionError, ValidationError } from '#domain/errors.ts';
import { aCustomer, aCustomerCreation } from '#test/customer-fixtures.ts';

const staff = { userId: 'staff-1', role: 'staff' as const };
const now = new Date('2026-03-09T10:00:00.000Z');
const at = now.toISOString();

describe('a new customer', () => {
  it('is known by its name and normalised domain, dated, and its event shows no contact', () => {
    const input = aCustomerCreation({
      name: 'Nimbus Freight',
      domain: 'https://www.Nimbus.example/',
      lifecycle: 'lapsed',
    });
    const { next, event } = newCustomer(input, staff, { id: 'c-1', now, idempotencyPk: 'IDEMPOTENCY#k' });
    expect(next).toMatchObject({
      id: 'c-1',
      name: 'Nimbus Freight',
      domain: 'nimbus.example',
      lifecycle: 'lapsed',
      lifecycleChangedAt: at,
      lapsedAt: at,
      openIssueCount: 0,
      createdBy: 'staff-1',
      idempotencyPk: 'IDEMPOTENCY#k',
      version: 1,
      createdAt: at,
    });
    expect(next.prospectKeys).toEqual(['name:nimbus freight', 'domain:nimbus.example']);
    expect(event).toMatchObject({ type: 'customer.created', actorId: 'staff-1', before: null });
    expect(JSON.stringify(event)).not.toContain('dana@customer.example');
  });

  it('is not lapsed, nor keeps a stored response, unless it says so', () => {
    const { next } = newCustomer(aCustomerCreation({ lifecycle: 'repeat' }), staff, { id: 'c-2', now });
    expect(next.lapsedAt).toBeUndefined();
    expect(next.idempotencyPk).toBeUndefined();
  });
});

describe('a customer’s edit', () => {
  it('adds the new name’s key, keeps the old ones, and records the fields that changed', () => {
    const before = aCustomer();
    const moved = edit(before, { name: 'Acme Freight', segment: null }, staff, now);
    expect(moved?.next).toMatchObject({ name: 'Acme Freight', version: 2, updatedAt: at });
    expect(moved?.next.segment).toBeUndefined();
    expect(moved?.next.prospectKeys).toEqual([...before.prospectKeys, 'name:acme freight']);
    expect(moved?.event).toEqual({
      type: 'customer.updated',
      actorId: 'staff-1',
      before: { name: 'Acme Logistics', segment: 'enterprise' },
      after: { name: 'Acme Freight', segment: null },
    });
  });

  it('drops the stored response with the contacts it replaces, and says only that they changed', () => {
    const before = aCustomer({ idempotencyPk: 'IDEMPOTENCY#k' });
    const moved = edit(before, { stakeholders: [{ name: 'Ari Ally', role: 'ally' }] }, staff, now);
    expect(moved?.next.idempotencyPk).toBeUndefined();
    expect(moved?.event.after).toMatchObject({ stakeholdersChanged: true });
    expect(JSON.stringify(moved?.event)).not.toContain('Ari Ally');
    expect(edit(before, { name: 'Acme Freight' }, staff, now)?.next.idempotencyPk).toBe('IDEMPOTENCY#k');
  });

  it('is nothing when nothing changes', () => {
    expect(edit(aCustomer(), { name: 'Acme Logistics', domain: 'acme.example' }, staff, now)).toBeUndefined();
  });
});

describe('a customer’s lifecycle moves', () => {
  it('lapsing dates the lapse, as the event customer.lifecycle_moved', () => {
    const { next, event } = moveLifecycle(aCustomer(), { to: 'lapsed' }, staff, now);
    expect(next).toMatchObject({ lifecycle: 'lapsed', lapsedAt: at, lifecycleChangedAt: at, version: 2 });
    expect(event).toEqual({
      type: 'customer.lifecycle_moved',
      actorId: 'staff-1',
      note: undefined,
      before: { lifecycle: 'repeat' },
      after: { lifecycle: 'lapsed' },
    });
  });

  it('winning back records who, when and what settled it, and the issues still open', () => {
    const lapsed = aCustomer({ lifecycle: 'lapsed', openIssueCount: 2 });
    const { next, event } = moveLifecycle(lapsed, { to: 'won_back', note: 'Fixed the invoices' }, staff, now);
    expect(next.wonBack).toEqual({ by: 'staff-1', at, note: 'Fixed the invoices' });
    expect(event.after).toEqual({ lifecycle: 'won_back', openIssueCount: 2 });
    expect(event.note).toBe('Fixed the invoices');
  });

  it('refuses a move down the ladder and a win-back without its note', () => {
    expect(() => moveLifecycle(aCustomer({ lifecycle: 'loyal' }), { to: 'repeat' }, staff, now)).toThrow(
      InvalidTransitionError,
    );
    expect(() => moveLifecycle(aCustomer({ lifecycle: 'lapsed' }), { to: 'won_back' }, staff, now)).toThrow(
      ValidationError,
    );
  });
});
