import { useEffect, useState } from 'preact/hooks';
import { listAll, partnersApi, teamsApi } from '../../api/directory.ts';
import { describeError } from '../../api/problem.ts';
import type { Partner, Team, User } from '../../api/types.ts';

export interface Memberships {
  teams: Team[];
  partners: Partner[];
}

/** Every team and partner organisation, for the pickers and to name each user's membership. */
export function useMemberships(): { memberships: Memberships; error: string | null } {
  const [memberships, setMemberships] = useState<Memberships>({ teams: [], partners: [] });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([listAll(teamsApi.list, true), listAll(partnersApi.list, true)]).then(
      ([teams, partners]) => setMemberships({ teams, partners }),
      (cause: unknown) => setError(describeError(cause)),
    );
  }, []);
  return { memberships, error };
}

export function membershipOf(user: User, { teams, partners }: Memberships): string {
  if (user.teamId) return teams.find((team) => team.id === user.teamId)?.name ?? '…';
  if (user.partnerId) return partners.find((partner) => partner.id === user.partnerId)?.name ?? '…';
  return '—';
}
