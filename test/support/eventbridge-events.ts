import type { ScheduledEvent } from 'aws-lambda';

/**
 * A scheduled event exactly as EventBridge delivers it to a rule's Lambda target: the rule's
 * ARN in `resources`, `detail` empty, the schedule's own time.
 */
export function aScheduledEvent(options: { rule: string; time: Date }): ScheduledEvent {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: options.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'eu-west-2',
    resources: [`arn:aws:events:eu-west-2:123456789012:rule/${options.rule}`],
    detail: {},
  };
}
