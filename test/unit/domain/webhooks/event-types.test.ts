import { describe, expect, it } from 'vitest';
import { isEventPattern, subscribes, webhookEventTypes, webhookTypeOf } from '#domain/webhooks/event-types.ts';

describe('webhook event types', () => {
  it('publish the timeline’s referral, handoff and issue events, and a customer’s lifecycle move under its public name', () => {
    expect(webhookTypeOf('referral.accepted')).toBe('referral.accepted');
    expect(webhookTypeOf('handoff.returned')).toBe('handoff.returned');
    expect(webhookTypeOf('issue.resolved')).toBe('issue.resolved');
    expect(webhookTypeOf('customer.lifecycle_moved')).toBe('customer.lifecycle_changed');
  });

  it('keep back what receivers are not told of', () => {
    for (const type of [
      'customer.updated',
      'user.created',
      'settings.updated',
      'referral_conflict.recorded',
      'webhook.created',
    ]) {
      expect(webhookTypeOf(type)).toBeUndefined();
    }
  });

  it('match exact types and family wildcards, and nothing by prefix alone', () => {
    expect(subscribes(['referral.*'], 'referral.won')).toBe(true);
    expect(subscribes(['referral.won'], 'referral.won')).toBe(true);
    expect(subscribes(['referral.won'], 'referral.lost')).toBe(false);
    expect(subscribes(['issue.*'], 'referral.won')).toBe(false);
    expect(subscribes(['customer.*'], 'customer.lifecycle_changed')).toBe(true);
  });

  it('accept as patterns the known types and families only', () => {
    for (const type of webhookEventTypes) expect(isEventPattern(type)).toBe(true);
    for (const pattern of ['referral.*', 'handoff.*', 'issue.*', 'customer.*'])
      expect(isEventPattern(pattern)).toBe(true);
    for (const pattern of ['*', 'user.*', 'referral.', 'referral.unknown', 'customer.lifecycle_moved', 'referral.**']) {
      expect(isEventPattern(pattern)).toBe(false);
    }
    expect(new Set(webhookEventTypes).size).toBe(webhookEventTypes.length);
  });
});
