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
  | 'referral.conflicts';

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
