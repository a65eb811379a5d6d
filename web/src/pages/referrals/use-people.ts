import { useEffect, useMemo, useState } from 'preact/hooks';
import { listAll, partnersApi, teamsApi, usersApi } from '../../api/directory.ts';
import type { Partner, Referral, Team, User } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';

interface Directory {
  users: User[];
  partners: Partner[];
  teams: Team[];
}

/** One load of the directory serves the screens a staff member moves between for a minute. */
const freshForMs = 60_000;
let cached: { at: number; promise: Promise<Directory> } | null = null;

function loadDirectory(): Promise<Directory> {
  if (cached && Date.now() - cached.at < freshForMs) return cached.promise;
  const promise = Promise.all([
    listAll(usersApi.list, true),
    listAll(partnersApi.list, true),
    listAll(teamsApi.list, true),
  ]).then(([users, partners, teams]) => ({ users, partners, teams }));
  cached = { at: Date.now(), promise };
  promise.catch(() => {
    cached = null;
  });
  return promise;
}

export interface People {
  /** Whether the names could be looked up: staff and leaders may read the directory, referrers may not. */
  available: boolean;
  loaded: boolean;
  userName(id: string | undefined): string | undefined;
  partnerName(id: string | undefined): string | undefined;
  teamName(id: string | undefined): string | undefined;
  /** The active teams, by name: for pickers. */
  teams: Team[];
  /** Who may own a referral: active staff and leaders, with their team or role, by name. */
  owners: { id: string; label: string }[];
}

/**
 * Names for the ids a referral or a handoff carries (referrer, owner, actors, partner
 * organisation, teams), for staff and leaders. For partners and advocates nothing is looked up:
 * the API would refuse.
 */
export function usePeople(): People {
  const { me } = useSession();
  const available = me.role === 'staff' || me.role === 'leader';
  const [directory, setDirectory] = useState<Directory | null>(null);

  useEffect(() => {
    if (!available) return;
    let current = true;
    loadDirectory().then(
      (loaded) => current && setDirectory(loaded),
      () => current && setDirectory({ users: [], partners: [], teams: [] }),
    );
    return () => {
      current = false;
    };
  }, [available]);

  return useMemo(() => {
    const users = new Map((directory?.users ?? []).map((user) => [user.id, user]));
    const partners = new Map((directory?.partners ?? []).map((partner) => [partner.id, partner.name]));
    const teams = new Map((directory?.teams ?? []).map((team) => [team.id, team.name]));
    const owners = (directory?.users ?? [])
      .filter((user) => user.active && (user.role === 'staff' || user.role === 'leader'))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((user) => ({
        id: user.id,
        label: `${user.name} (${user.role === 'leader' ? 'Leader' : ((user.teamId && teams.get(user.teamId)) ?? 'Staff')})`,
      }));
    return {
      available,
      loaded: directory !== null,
      userName: (id) => (id ? (id === me.id ? `${me.name} (you)` : users.get(id)?.name) : undefined),
      partnerName: (id) => (id ? partners.get(id) : undefined),
      teamName: (id) => (id ? teams.get(id) : undefined),
      teams: (directory?.teams ?? []).filter((team) => team.active).sort((a, b) => a.name.localeCompare(b.name)),
      owners,
    };
  }, [directory, available, me.id, me.name]);
}

/** The partner organisation a referral came through, or what kind of referrer sent it. */
export function referrerSide(
  referral: { partnerId?: string | undefined; referrerRole: Referral['referrerRole'] },
  people: People,
): string {
  if (referral.partnerId) return people.partnerName(referral.partnerId) ?? (people.loaded ? 'Partner' : '…');
  return { partner: 'Partner', advocate: 'Advocate', staff: 'Staff', leader: 'Leader' }[referral.referrerRole];
}
