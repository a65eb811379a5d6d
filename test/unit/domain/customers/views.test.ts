import { describe, expect, it } from 'vitest';
import { createCustomerSchema, customerEventView, updateCustomerSchema } from '#domain/customers/schemas.ts';
import { customerTimelineView, customerView, lifecycleHistory } from '#domain/customers/views.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';
import { aCustomer, aCustomerCreation } from '#test/customer-fixtures.ts';
import { aCaller, anId } from '#test/factories.ts';

const event = (overrides: Partial<TimelineEvent>): TimelineEvent => ({
  id: anId(),
  recordType: 'customer',
  recordId: anId(),
  type: 'customer.lifecycle_moved',
  actorId: 'staff-1',
  at: '2025-02-01T00:00:00.000Z',
  before: { lifecycle: 'repeat' },
  after: { lifecycle: 'lapsed' },
  ...overrides,
});

describe('customer schemas', () => {
  it('refuse what staff may not set on creation (mass assignment) and creation as won back', () => {
    for (const extra of [{ version: 3 }, { openIssueCount: 0 }, { referredBy: {} }, { wonBack: {} }, { id: anId() }]) {
      expect(createCustomerSchema.safeParse({ ...aCustomerCreation(), ...extra }).success).toBe(false);
    }
    expect(createCustomerSchema.safeParse(aCustomerCreation({ lifecycle: 'won_back' as never })).success).toBe(false);
    expect(createCustomerSchema.parse({ name: 'Just A Name' })).toMatchObject({
      lifecycle: 'prospect',
      stakeholders: [],
    });
  });

  it('keep the lifecycle out of a profile edit, and refuse an empty one', () => {
    expect(updateCustomerSchema.safeParse({ lifecycle: 'loyal' }).success).toBe(false);
    expect(updateCustomerSchema.safeParse({}).success).toBe(false);
    expect(updateCustomerSchema.safeParse({ segment: null }).success).toBe(true);
  });

  it('refuse a stakeholder without an influence role, or with a role not on the list', () => {
    const base = aCustomerCreation();
    for (const stakeholder of [
      { name: 'X' },
      { name: 'X', role: 'blocker' },
      { name: 'X', role: 'ally', blame: 'y' },
    ]) {
      expect(createCustomerSchema.safeParse({ ...base, stakeholders: [stakeholder] }).success).toBe(false);
    }
  });
});

describe('customer views', () => {
  it('put no stakeholder contact into an event', () => {
    const customer = aCustomer();
    const text = JSON.stringify(customerEventView(customer));
    expect(text).not.toContain('Dana');
    expect(text).not.toContain('dana@acme.example');
    expect(customerEventView(customer).stakeholderRoles).toEqual(['decision_maker']);
  });

  it('show staff the whole record but the stored response, and referrers an allow-list', () => {
    const customer = aCustomer({ idempotencyPk: 'IDEMPOTENCY#x', wonBack: { by: 'u', at: 'a', note: 'n' } });
    const staff = customerView(customer, aCaller({ role: 'staff' }));
    expect(staff.stakeholders).toHaveLength(1);
    expect(staff).not.toHaveProperty('idempotencyPk');
    for (const role of ['partner', 'advocate'] as const) {
      const shown = customerView(customer, aCaller({ role }));
      expect(Object.keys(shown).sort()).toEqual(
        [
          'createdAt',
          'domain',
          'fit',
          'id',
          'jobToBeDone',
          'lifecycle',
          'lifecycleChangedAt',
          'name',
          'updatedAt',
          'version',
        ].sort(),
      );
    }
  });

  it('give referrers the lifecycle moves only, without notes or other people’s names', () => {
    const events = [
      event({ type: 'customer.created', before: null, after: { lifecycle: 'first_purchase' } }),
      event({ type: 'customer.updated', after: { segment: 'x' } }),
      event({ note: 'They were angry about invoices' }),
    ];
    const partner = aCaller({ role: 'partner' });
    const shown = customerTimelineView(events, partner);
    expect(shown.map((e) => e.type)).toEqual(['customer.created', 'customer.lifecycle_moved']);
    expect(JSON.stringify(shown)).not.toContain('invoices');
    expect(shown.every((e) => e.actorId === '')).toBe(true);
    expect(customerTimelineView(events, aCaller({ role: 'leader' }))).toHaveLength(3);
  });

  it('read the lifecycle history from creation and moves, oldest first', () => {
    const history = lifecycleHistory([
      event({ type: 'customer.created', before: null, after: { lifecycle: 'first_purchase' }, at: '1' }),
      event({ type: 'customer.updated', after: { name: 'x' }, at: '2' }),
      event({ at: '3', note: 'Went quiet' }),
    ]);
    expect(history).toEqual([
      { from: null, to: 'first_purchase', at: '1', by: 'staff-1' },
      { from: 'repeat', to: 'lapsed', at: '3', by: 'staff-1', note: 'Went quiet' },
    ]);
  });
});
