import { ForbiddenError, NotFoundError } from '#domain/errors.ts';
import type { Caller, Role } from './roles.ts';

/**
 * The one authorization module: every access decision is made here from the caller (role,
 * team, partner organisation, user id) and the record's owners. Routes and services ask; they
 * never decide on their own.
 */

/** The parties a record belongs to, as far as access is concerned. */
export interface RecordParties {
  /** The user who created the record (a referral's referrer, a handoff's sender, …). */
  readonly createdBy?: string | undefined;
  readonly partnerId?: string | undefined;
  readonly ownerId?: string | undefined;
  /** Teams involved: a handoff's sending and receiving team, an issue owner's team, … */
  readonly teamIds?: readonly (string | undefined)[] | undefined;
  /**
   * Only the teams in `teamIds` see the record (a handoff): staff of another team do not,
   * leaders do, partners and advocates never do.
   */
  readonly teamsOnly?: boolean | undefined;
}

export type Action =
  | 'directory.manage'
  | 'teams.list'
  | 'directory.read'
  | 'settings.manage'
  | 'referral.create'
  | 'referral.read'
  | 'referral.triage'
  | 'referral.erase'
  | 'referral.conflicts'
  | 'customer.read'
  | 'customer.manage'
  | 'customer.winback'
  | 'issue.create'
  | 'issue.read'
  | 'issue.work'
  | 'handoff.create'
  | 'handoff.read'
  | 'handoff.act'
  | 'handoff.rate'
  | 'handoff.checklist'
  | 'scorecard.read'
  | 'webhooks.manage'
  | 'plays.manage'
  | 'plays.work';

const actionRoles: Record<Action, readonly Role[]> = {
  'directory.manage': ['leader'],
  // Everyone hands work to a team, or at least needs to name one.
  'teams.list': ['staff', 'partner', 'advocate', 'leader'],
  'directory.read': ['staff', 'leader'],
  'settings.manage': ['leader'],
  'referral.create': ['partner', 'advocate', 'staff', 'leader'],
  'referral.read': ['partner', 'advocate', 'staff', 'leader'],
  'referral.triage': ['staff', 'leader'],
  'referral.erase': ['leader'],
  'referral.conflicts': ['staff', 'leader'],
  // Referrers read the customers their won referrals created (record visibility decides which).
  'customer.read': ['partner', 'advocate', 'staff', 'leader'],
  'customer.manage': ['staff', 'leader'],
  'customer.winback': ['staff', 'leader'],
  // Partners report issues of the customers they brought; advocates follow, never report.
  'issue.create': ['partner', 'staff', 'leader'],
  'issue.read': ['partner', 'advocate', 'staff', 'leader'],
  // Owning, moving, handing over, the factors and the communication log: staff's work.
  'issue.work': ['staff', 'leader'],
  // Staff hand over from their own team; leaders belong to none, but may act for any team.
  'handoff.create': ['staff'],
  'handoff.read': ['staff', 'leader'],
  'handoff.act': ['staff', 'leader'],
  // The rating is the receiving team's own voice: nobody rates for them.
  'handoff.rate': ['staff'],
  // A team's checklist of what it needs: its own staff and leaders write it (`assertActsFor`).
  'handoff.checklist': ['staff', 'leader'],
  // The total customer scorecard is leadership's.
  'scorecard.read': ['leader'],
  // Webhooks send the organisation's events to outside systems: leaders decide where.
  'webhooks.manage': ['leader'],
  // Leaders turn what the scorecard shows into plays; the staff they hand one to work and close it.
  'plays.manage': ['leader'],
  'plays.work': ['staff', 'leader'],
};

/** Whether the caller's role may perform the action at all. */
export function can(caller: Caller, action: Action): boolean {
  return actionRoles[action].includes(caller.role);
}

/** Throws 403 when the caller's role may not perform the action. */
export function assertCan(caller: Caller, action: Action): void {
  if (!can(caller, action)) throw new ForbiddenError(`Your role (${caller.role}) may not do this.`);
}

/**
 * Whether the caller may see a record with these parties. Partners see their organisation's
 * records, advocates their own, staff and leaders everything that is not further restricted.
 */
export function canSee(caller: Caller, parties: RecordParties): boolean {
  if (parties.teamsOnly) {
    if (caller.role === 'leader') return true;
    return caller.role === 'staff' && caller.teamId !== undefined && (parties.teamIds ?? []).includes(caller.teamId);
  }
  switch (caller.role) {
    case 'leader':
    case 'staff':
      return true;
    case 'partner':
      return caller.partnerId !== undefined && parties.partnerId === caller.partnerId;
    case 'advocate':
      return parties.createdBy === caller.userId;
  }
}

/**
 * Throws 404 (never 403) for a record the caller may not see, so that its existence is not
 * leaked.
 */
export function assertVisible(caller: Caller, parties: RecordParties, what = 'record'): void {
  if (!canSee(caller, parties)) throw new NotFoundError(`No such ${what}.`);
}

/** Whether the caller is staff of the team. */
export function isMemberOf(caller: Caller, teamId: string): boolean {
  return caller.role === 'staff' && caller.teamId !== undefined && caller.teamId === teamId;
}

/** Whether the caller may act for a team: its staff, and leaders for every team. */
export function canActFor(caller: Caller, teamId: string): boolean {
  return caller.role === 'leader' || isMemberOf(caller, teamId);
}

/** Throws 403 when the caller may not act for the team (they may see the record, so no 404). */
export function assertActsFor(caller: Caller, teamId: string, detail: string): void {
  if (!canActFor(caller, teamId)) throw new ForbiddenError(detail);
}
