import * as z from '#lib/zod.ts';

/**
 * A change to a record: who, when, what kind, and the record's fields before and after.
 * Personal data never goes into an event: `before` and `after` hold only the fields a record
 * type declares safe, and ids stand in for people.
 */
export const timelineEventSchema = z.object({
  id: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  type: z.string(),
  actorId: z.string(),
  at: z.string(),
  before: z.nullable(z.record(z.string(), z.unknown())),
  after: z.nullable(z.record(z.string(), z.unknown())),
  note: z.optional(z.string()),
});

export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** The fields that differ between two versions of a record, for a compact before/after. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  ignore: readonly string[] = ['version', 'updatedAt'],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const result = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of keys) {
    if (ignore.includes(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      result.before[key] = before[key] ?? null;
      result.after[key] = after[key] ?? null;
    }
  }
  return result;
}
