import { ulid } from 'ulid';
import type { Db } from '#data/client.ts';
import type { Team, User } from '#domain/directory/schemas.ts';
import type { Handoff, HandoffSubmission } from '#domain/handoffs/schemas.ts';
import type { Caller } from '#domain/identity/roles.ts';
import type { ServiceContext } from '#services/context.ts';
import { teams, users } from '#services/directory.ts';

let counter = 0;

/** A valid handoff body to another team; override what the test is about. */
export function aHandoffSubmission(overrides: Partial<HandoffSubmission> = {}): HandoffSubmission {
  counter++;
  return {
    toTeamId: ulid(),
    summary: `New customer ${counter}: set up their workspace`,
    promised: 'A working workspace and a kickoff call within five working days.',
    needs: 'The signed order form, the admin contact and the number of seats.',
    ...overrides,
  };
}

const at = '2026-03-04T10:00:00.000Z';

/** A handoff record just sent from one team to another; override what the test is about. */
export function aHandoff(overrides: Partial<Handoff> = {}): Handoff {
  return {
    id: ulid(),
    status: 'sent',
    version: 1,
    fromTeamId: ulid(),
    toTeamId: ulid(),
    senderId: ulid(),
    kind: 'other',
    summary: 'Set up the workspace',
    promised: 'A kickoff call this week.',
    needs: 'The admin contact.',
    createdAt: at,
    updatedAt: at,
    sentAt: at,
    ackSlaHours: 4,
    ackDueAt: '2026-03-04T14:00:00.000Z',
    overdue: false,
    returnCount: 0,
    checklist: [],
    ...overrides,
  } as Handoff;
}

const system: Caller = { userId: 'system', role: 'leader', name: 'System', email: 'system@example.test' };

/** Another team of the test organisation, with one staff member in it. */
export async function aTeamWithStaff(db: Db, name: string): Promise<{ team: Team; staff: User }> {
  const ctx: ServiceContext = { db, caller: system, now: () => new Date() };
  const team = await teams.create(ctx, { name: `${name} ${ulid().slice(-6)}` });
  const staff = await users.create(ctx, {
    name: `${name} Staff`,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${ulid().toLowerCase()}@example.test`,
    role: 'staff',
    teamId: team.id,
  });
  return { team, staff };
}

/** Another member of an existing team. */
export async function aColleague(db: Db, teamId: string, name = 'Colleague'): Promise<User> {
  const ctx: ServiceContext = { db, caller: system, now: () => new Date() };
  return users.create(ctx, {
    name,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${ulid().toLowerCase()}@example.test`,
    role: 'staff',
    teamId,
  });
}
