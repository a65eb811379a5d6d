import { api, ifMatch, request } from './client.ts';
import type { Partner, Team, User } from './types.ts';

/** One page of a list, as every list endpoint answers: `cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface ListOptions {
  includeInactive: boolean;
  cursor?: string | null;
  limit?: number;
}

function listQuery({ includeInactive, cursor, limit = 50 }: ListOptions) {
  return {
    limit: String(limit),
    includeInactive: includeInactive ? ('true' as const) : ('false' as const),
    ...(cursor ? { cursor } : {}),
  };
}

/** What a name-and-status record (a team, a partner organisation) may change. */
export interface NamedRecordChanges {
  name?: string;
  active?: boolean;
  /** The responsible leader; null names nobody (every leader hears of its warnings). */
  leaderId?: string | null;
}

/** The calls a directory list screen makes, the same shape for teams and partner organisations. */
export interface NamedRecordApi<T> {
  list(options: ListOptions): Promise<Page<T>>;
  create(name: string): Promise<T>;
  update(record: T, changes: NamedRecordChanges): Promise<T>;
}

export const teamsApi: NamedRecordApi<Team> = {
  list: (options) => request(api.api.teams.$get({ query: listQuery(options) })),
  create: (name) => request(api.api.teams.$post({ header: {}, json: { name } })),
  update: (team, changes) =>
    request(api.api.teams[':id'].$patch({ param: { id: team.id }, header: ifMatch(team.version), json: changes })),
};

export const partnersApi: NamedRecordApi<Partner> = {
  list: (options) => request(api.api.partners.$get({ query: listQuery(options) })),
  create: (name) => request(api.api.partners.$post({ header: {}, json: { name } })),
  update: (partner, changes) =>
    request(
      api.api.partners[':id'].$patch({ param: { id: partner.id }, header: ifMatch(partner.version), json: changes }),
    ),
};

export interface NewUser {
  name: string;
  email: string;
  role: User['role'];
  teamId?: string;
  partnerId?: string;
}

export interface UserChanges {
  name?: string;
  active?: boolean;
  teamId?: string;
  partnerId?: string;
}

export const usersApi = {
  list: (options: ListOptions): Promise<Page<User>> => request(api.api.users.$get({ query: listQuery(options) })),
  create: (user: NewUser): Promise<User> => request(api.api.users.$post({ header: {}, json: user })),
  update: (user: User, changes: UserChanges): Promise<User> =>
    request(api.api.users[':id'].$patch({ param: { id: user.id }, header: ifMatch(user.version), json: changes })),
};

/**
 * Every item of a list, following its cursor: for the short lists a form picks from (teams,
 * partner organisations). `maxPages` bounds the walk so a runaway list cannot hang the screen.
 */
export async function listAll<T>(
  list: (options: ListOptions) => Promise<Page<T>>,
  includeInactive: boolean,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const answer: Page<T> = await list({ includeInactive, cursor, limit: 100 });
    items.push(...answer.items);
    cursor = answer.cursor;
    if (!cursor) break;
  }
  return items;
}
