import { api, ifMatch, request } from './client.ts';
import type { Page } from './directory.ts';
import type {
  ChecklistReplacement,
  Handoff,
  HandoffDetail,
  HandoffRatingSubmission,
  HandoffStatus,
  HandoffSubmission,
  HandoffTransition,
  TeamChecklist,
} from './types.ts';

/** The filters of a handoff list; staff always get their own team's box, whatever `teamId` says. */
export interface HandoffFilters {
  box?: 'inbox' | 'outbox' | undefined;
  /** Leaders: whose box; without it, every handoff. */
  teamId?: string | undefined;
  status?: HandoffStatus | undefined;
  overdue?: boolean | undefined;
  cursor?: string | null | undefined;
  limit?: number | undefined;
}

function handoffQuery({ box, teamId, status, overdue, cursor, limit = 25 }: HandoffFilters) {
  return {
    limit: String(limit),
    ...(box ? { box } : {}),
    ...(teamId ? { teamId } : {}),
    ...(status ? { status } : {}),
    ...(overdue === undefined ? {} : { overdue: overdue ? ('true' as const) : ('false' as const) }),
    ...(cursor ? { cursor } : {}),
  };
}

const handoffs = api.api.handoffs;

export const handoffsApi = {
  list: (filters: HandoffFilters): Promise<Page<Handoff>> => request(handoffs.$get({ query: handoffQuery(filters) })),

  get: (id: string): Promise<HandoffDetail> => request(handoffs[':id'].$get({ param: { id } })),

  /** `idempotencyKey`: fresh for each submission, the same when the same submission is retried. */
  send: (submission: HandoffSubmission, idempotencyKey: string): Promise<Handoff> =>
    request(handoffs.$post({ header: { 'idempotency-key': idempotencyKey }, json: submission })),

  transition: (handoff: Handoff, change: HandoffTransition): Promise<Handoff> =>
    request(
      handoffs[':id'].transitions.$post({ param: { id: handoff.id }, header: ifMatch(handoff.version), json: change }),
    ),

  rate: (handoff: Handoff, rating: HandoffRatingSubmission): Promise<Handoff> =>
    request(
      handoffs[':id'].rating.$post({ param: { id: handoff.id }, header: ifMatch(handoff.version), json: rating }),
    ),
};

const teams = api.api.teams;

/** Teams' checklists: what each needs per kind of handoff. */
export const checklistsApi = {
  get: (teamId: string): Promise<TeamChecklist> => request(teams[':id'].checklist.$get({ param: { id: teamId } })),

  replace: (checklist: TeamChecklist, body: ChecklistReplacement): Promise<TeamChecklist> =>
    request(
      teams[':id'].checklist.$put({ param: { id: checklist.teamId }, header: ifMatch(checklist.version), json: body }),
    ),
};
