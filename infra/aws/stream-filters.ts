/**
 * Event-source filter patterns, as plain data in Lambda's own pattern language: the CDK stack
 * hands them to the event source mappings, and the local stream poller applies the same ones,
 * so that a consumer sees locally exactly the records it is invoked with when deployed. No CDK
 * import here: the local server loads this file.
 */

/** A pattern of the vocabulary used here: nested objects, and lists of the values allowed. */
export type FilterPattern = { readonly [key: string]: FilterPattern | readonly (string | number)[] };

/** Only new timeline events concern the notifier. */
export const notifierEventPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: ['event'] } } },
} as const satisfies FilterPattern;

/** Whether a stream record (in the Lambda event's shape) matches a pattern, by Lambda's rules for this vocabulary. */
export function matchesPattern(pattern: FilterPattern | readonly (string | number)[], value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((allowed) => allowed === value);
  if (!value || typeof value !== 'object') return false;
  return Object.entries(pattern).every(([key, inner]) =>
    matchesPattern(inner, (value as Record<string, unknown>)[key]),
  );
}
