import { useEffect, useState } from 'preact/hooks';
import { listAll, partnersApi, teamsApi, usersApi } from '../../api/directory.ts';

/** Names for the ids in the scorecard's dimensions, from the directory (leaders may read it). */
export interface Names {
  teams: Map<string, string>;
  partners: Map<string, string>;
  users: Map<string, string>;
}

const empty: Names = { teams: new Map(), partners: new Map(), users: new Map() };

/** Reads the directory once for the page; ids stay visible while the names load (or if they cannot). */
export function useDirectoryNames(): Names {
  const [names, setNames] = useState<Names>(empty);
  useEffect(() => {
    let live = true;
    const byId = (records: { id: string; name: string }[]) =>
      new Map(records.map((record) => [record.id, record.name]));
    Promise.all([listAll(teamsApi.list, true), listAll(partnersApi.list, true), listAll(usersApi.list, true)]).then(
      ([teams, partners, users]) => {
        if (live) setNames({ teams: byId(teams), partners: byId(partners), users: byId(users) });
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return names;
}

const stageNames: Record<string, string> = {
  first_purchase: 'First purchase',
  won_back: 'Won back',
};

/** A dimension (`partner:<id>`, `pair:<from>:<to>`, `sev:sev1`, …) in words. */
export function dimensionName(dimension: string, names: Names): string {
  if (dimension === 'all') return 'Everyone';
  const [kind, first = '', second = ''] = dimension.split(':');
  const team = (id: string) => names.teams.get(id) ?? id;
  switch (kind) {
    case 'partner':
      return names.partners.get(first) ?? first;
    case 'referrer':
      return names.users.get(first) ?? first;
    case 'pair':
      return `${team(first)} → ${team(second)}`;
    case 'from':
      return `Sent by ${team(first)}`;
    case 'to':
      return `Received by ${team(first)}`;
    case 'sev':
      return first.replace(/^sev/, 'Sev ');
    case 'stage':
      return stageNames[first] ?? first.charAt(0).toUpperCase() + first.slice(1);
    default:
      return dimension;
  }
}
