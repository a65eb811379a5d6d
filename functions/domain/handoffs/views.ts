import { canActFor, isMemberOf } from '#domain/identity/authorization.ts';
import type { Caller } from '#domain/identity/roles.ts';
import * as z from '#lib/zod.ts';
import { type Handoff, handoffSchema } from './schemas.ts';
import { type HandoffStatus, handoffStatusSchema, nextStatuses, sideThatMovesTo } from './workflow.ts';

/**
 * A handoff as the API shows it: the record, and what the caller may do with it now, so that a
 * screen offers exactly the actions the API would accept (the rules stay here, not in the web).
 */
export const handoffViewSchema = z
  .extend(handoffSchema, {
    actions: z
      .object({
        /** The statuses the caller may move it to, in the workflow's order. */
        transitions: z.array(handoffStatusSchema),
        /** Whether the caller may rate it now. */
        rate: z.boolean(),
      })
      .apply(z.withMeta, { id: 'HandoffActions' }),
  })
  .apply(z.withMeta, { id: 'HandoffView' });
export type HandoffView = z.infer<typeof handoffViewSchema>;

/** The team whose side makes a move. */
export function teamThatMovesTo(handoff: Pick<Handoff, 'fromTeamId' | 'toTeamId'>, to: HandoffStatus): string {
  return sideThatMovesTo(to) === 'sender' ? handoff.fromTeamId : handoff.toTeamId;
}

/** Whether the caller may rate it: receiving team's staff, once, after completion. */
export function canRate(handoff: Handoff, caller: Caller): boolean {
  return handoff.status === 'completed' && handoff.rating === undefined && isMemberOf(caller, handoff.toTeamId);
}

export function handoffView(handoff: Handoff, caller: Caller): HandoffView {
  return {
    ...handoff,
    actions: {
      transitions: nextStatuses(handoff.status).filter((to) => canActFor(caller, teamThatMovesTo(handoff, to))),
      rate: canRate(handoff, caller),
    },
  };
}
