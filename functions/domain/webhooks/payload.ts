import type { TimelineEvent } from '#domain/timeline/event.ts';

/**
 * The fields of a record a receiver is told, when an event's before or after holds them: ids,
 * states and ranks, never a name, an address, a note or any other contact's personal data.
 * Whatever else a timeline event carries stays in the portal; the link leads a person there.
 */
const safeFields = ['status', 'lifecycle', 'severity', 'ownerId', 'toTeamId', 'fromTeamId', 'customerId'] as const;

const pagePaths: Record<string, string> = {
  referral: 'referrals',
  handoff: 'handoffs',
  issue: 'issues',
  customer: 'customers',
};

export interface WebhookPayload {
  readonly type: string;
  readonly timestamp: string;
  readonly data: Record<string, unknown>;
}

function pick(source: Record<string, unknown> | null, prefix?: string): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of safeFields) {
    const value = source?.[field];
    if (typeof value !== 'string') continue;
    picked[prefix ? `${prefix}${field[0]?.toUpperCase()}${field.slice(1)}` : field] = value;
  }
  return picked;
}

/** The body receivers get for a timeline event published as `type`. */
export function webhookPayload(event: TimelineEvent, type: string, siteUrl: string): WebhookPayload {
  const before = pick(event.before, 'previous');
  const after = pick(event.after);
  // A previous value equal to the new one says nothing.
  for (const [key, value] of Object.entries(before)) {
    const field = key.slice('previous'.length);
    if (after[`${field[0]?.toLowerCase()}${field.slice(1)}`] === value) delete before[key];
  }
  const page = pagePaths[event.recordType] ?? `${event.recordType}s`;
  return {
    type,
    timestamp: event.at,
    data: {
      recordType: event.recordType,
      id: event.recordId,
      eventId: event.id,
      actorId: event.actorId,
      ...after,
      ...before,
      link: new URL(`/${page}/${encodeURIComponent(event.recordId)}`, siteUrl).toString(),
    },
  };
}
