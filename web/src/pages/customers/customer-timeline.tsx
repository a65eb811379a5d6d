import type { CustomerDetail, LifecycleStage } from '../../api/types.ts';
import { Timeline } from '../../components/timeline.tsx';
import type { People } from '../referrals/use-people.ts';
import { lifecycleLabel } from './labels.tsx';

type TimelineEvent = CustomerDetail['timeline'][number];

const fieldNames: Record<string, string> = {
  name: 'name',
  domain: 'domain',
  segment: 'segment',
  fit: 'fit',
  jobToBeDone: 'job to be done',
  stakeholderRoles: 'stakeholder map',
  stakeholdersChanged: 'stakeholder map',
  referredBy: 'referral',
};

function stage(value: unknown): string | undefined {
  return typeof value === 'string' ? lifecycleLabel(value as LifecycleStage).toLowerCase() : undefined;
}

/** One event as a sentence: "Moved from repeat to lapsed by Sam Okafor". */
export function describeCustomerEvent(event: TimelineEvent, people: People): string {
  const actor = event.actorId && event.actorId !== 'system' ? people.userName(event.actorId) : undefined;
  const by = actor ? ` by ${actor}` : '';
  switch (event.type) {
    case 'customer.created': {
      const at = stage(event.after?.lifecycle);
      return `Entered${at ? ` as ${at}` : ''}${by}`;
    }
    case 'customer.lifecycle_moved': {
      const from = stage(event.before?.lifecycle);
      const to = stage(event.after?.lifecycle);
      return `Moved${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}${by}`;
    }
    case 'customer.updated': {
      const fields = [...new Set(Object.keys(event.after ?? {}).map((key) => fieldNames[key] ?? key))];
      return `Profile edited${by}${fields.length ? `: ${fields.join(', ')}` : ''}`;
    }
    default:
      return `${event.type.replace(/^customer\./, '').replace(/_/g, ' ')}${by}`;
  }
}

/** The customer's history, oldest first, as dated sentences. */
export function CustomerTimeline({ customer, people }: { customer: CustomerDetail; people: People }) {
  return (
    <Timeline
      events={customer.timeline}
      namespace="customer"
      describe={(event) => describeCustomerEvent(event, people)}
    />
  );
}
