import { idSchema, text } from '#domain/directory/schemas.ts';
import { ValidationError } from '#domain/errors.ts';
import * as z from '#lib/zod.ts';

/**
 * What a receiving team needs before it can do its part, per kind of handoff (seed 003: ask the
 * internal customer what they need, once). The sender's form shows the items of the receiving
 * team's list for the kind as required questions; a return names the items that were missing.
 */

export const handoffKinds = ['kickoff', 'escalation', 'invoice_query', 'other'] as const;
export const handoffKindSchema = z.enum(handoffKinds);
export type HandoffKind = z.infer<typeof handoffKindSchema>;

/** The kinds in words, for labels the API gives (scorecard breakdowns) and the web. */
export const handoffKindNames: Record<HandoffKind, string> = {
  kickoff: 'Kickoff',
  escalation: 'Escalation',
  invoice_query: 'Invoice query',
  other: 'Other work',
};

/** At most this many items per kind: a checklist longer than a screen is a form nobody fills in. */
export const maxItemsPerKind = 12;

const itemLabel = text(200);

export const checklistItemSchema = z
  .object({ id: idSchema, label: z.string() })
  .apply(z.withMeta, { id: 'ChecklistItem' });
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

const kindLists = <T extends z.ZodMiniType>(item: T) =>
  z.object(
    Object.fromEntries(handoffKinds.map((kind) => [kind, z.array(item)])) as Record<HandoffKind, z.ZodMiniArray<T>>,
  );

export const teamChecklistSchema = z
  .object({
    teamId: idSchema,
    /** 0 until the team first writes its checklist: send `If-Match: "0"` to write the first one. */
    version: z.number().check(z.int(), z.nonnegative()),
    kinds: kindLists(checklistItemSchema),
    updatedAt: z.optional(z.string()),
    updatedBy: z.optional(z.string()),
  })
  .apply(z.withMeta, { id: 'TeamChecklist' });
export type TeamChecklist = z.infer<typeof teamChecklistSchema>;

/**
 * A team's whole checklist, replaced at once. An item keeps its `id` when it is kept (so the
 * returns that named it still count under it); a new item comes without one and gets one.
 */
export const replaceChecklistSchema = z
  .strictObject(
    Object.fromEntries(
      handoffKinds.map((kind) => [
        kind,
        z._default(
          z
            .array(z.strictObject({ id: z.optional(idSchema), label: itemLabel }))
            .check(z.maxLength(maxItemsPerKind, `At most ${maxItemsPerKind} items per kind.`)),
          [],
        ),
      ]),
    ) as Record<
      HandoffKind,
      z.ZodMiniDefault<
        z.ZodMiniArray<z.ZodMiniObject<{ id: z.ZodMiniOptional<typeof idSchema>; label: typeof itemLabel }>>
      >
    >,
  )
  .apply(z.withMeta, { id: 'TeamChecklistReplacement' });
export type ChecklistReplacement = z.infer<typeof replaceChecklistSchema>;

/** An empty checklist: what a team that has written none asks for. */
export function emptyChecklist(teamId: string): TeamChecklist {
  return {
    teamId,
    version: 0,
    kinds: Object.fromEntries(handoffKinds.map((kind) => [kind, []])) as unknown as TeamChecklist['kinds'],
  };
}

/**
 * The next checklist: ids kept where the body names one the team has (an id it does not have
 * is refused, so a typo cannot silently start a new item's history), new ids otherwise, and
 * labels unique within a kind (two identical questions are one).
 */
export function replaceChecklist(
  before: TeamChecklist,
  body: ChecklistReplacement,
  context: { newId: () => string; at: string; actorId: string },
): TeamChecklist {
  const known = new Set(handoffKinds.flatMap((kind) => before.kinds[kind].map((item) => item.id)));
  const errors: { path: string; message: string }[] = [];
  const seenIds = new Set<string>();
  const kinds = Object.fromEntries(
    handoffKinds.map((kind) => {
      const labels = new Set<string>();
      const items = body[kind].map((item, index) => {
        const folded = item.label.toLocaleLowerCase('en');
        if (labels.has(folded))
          errors.push({ path: `${kind}.${index}.label`, message: 'This item is listed already.' });
        labels.add(folded);
        if (item.id !== undefined && (!known.has(item.id) || seenIds.has(item.id))) {
          errors.push({
            path: `${kind}.${index}.id`,
            message: 'Not an item of this checklist: leave the id out for a new one.',
          });
        }
        const id = item.id ?? context.newId();
        seenIds.add(id);
        return { id, label: item.label };
      });
      return [kind, items];
    }),
  ) as TeamChecklist['kinds'];
  if (errors.length > 0) throw new ValidationError(errors);
  return {
    teamId: before.teamId,
    version: before.version + 1,
    kinds,
    updatedAt: context.at,
    updatedBy: context.actorId,
  };
}

/** One answered item, as the handoff keeps it: the label is copied, so a later edit of the list does not rewrite what was asked. */
export const answeredItemSchema = z
  .object({ itemId: idSchema, label: z.string(), answer: z.string() })
  .apply(z.withMeta, { id: 'HandoffChecklistAnswer' });
export type AnsweredItem = z.infer<typeof answeredItemSchema>;

/**
 * The sender's answers checked against the receiving team's items for the kind: every item
 * answered, nothing answered that is not asked. Field errors name `answers.<itemId>`, the
 * field the form shows for that item.
 */
export function answerChecklist(
  items: readonly ChecklistItem[],
  answers: Readonly<Record<string, string>>,
): AnsweredItem[] {
  const asked = new Set(items.map((item) => item.id));
  const errors = [
    ...items
      .filter((item) => !answers[item.id])
      .map((item) => ({ path: `answers.${item.id}`, message: `The receiving team needs this: ${item.label}.` })),
    ...Object.keys(answers)
      .filter((id) => !asked.has(id))
      .map((id) => ({
        path: `answers.${id}`,
        message: 'Not an item the receiving team asks for this kind of handoff.',
      })),
  ];
  if (errors.length > 0) throw new ValidationError(errors);
  return items.map((item) => ({ itemId: item.id, label: item.label, answer: answers[item.id] as string }));
}
