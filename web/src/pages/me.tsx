import { useEffect, useState } from 'preact/hooks';
import { api, request } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { roleLabel } from '../components/roles.ts';
import { NotificationPreferencesSection } from './notification-preferences.tsx';

/**
 * The name of the caller's team or partner organisation: a string once known, null while it
 * loads, false when it cannot be read. Taken from `/api/me` when it carries it; otherwise looked
 * up. Every role may read teams, but only staff and leaders the partner directory, so a partner
 * user's own organisation cannot be looked up.
 */
function useMembershipName(me: Me): string | null | false {
  const given = namedMembership(me);
  const [name, setName] = useState<string | null | false>(given ?? null);
  useEffect(() => {
    if (given) return;
    let current = true;
    const lookup = me.teamId
      ? request(api.api.teams[':id'].$get({ param: { id: me.teamId } }))
      : me.partnerId && (me.role === 'staff' || me.role === 'leader')
        ? request(api.api.partners[':id'].$get({ param: { id: me.partnerId } }))
        : null;
    if (!lookup) {
      setName(false);
      return;
    }
    lookup.then(
      (record) => current && setName(record.name),
      () => current && setName(false),
    );
    return () => {
      current = false;
    };
  }, [given, me.teamId, me.partnerId, me.role]);
  return name;
}

/** The names, if `/api/me` answers them (`teamName`, `partnerName`): then no lookup is needed. */
function namedMembership(me: Me): string | undefined {
  if ('teamName' in me && typeof me.teamName === 'string') return me.teamName;
  if ('partnerName' in me && typeof me.partnerName === 'string') return me.partnerName;
  return undefined;
}

export function MePage() {
  const { me } = useSession();
  usePageTitle('Me');
  const membership = useMembershipName(me);
  return (
    <>
      <h1>Me</h1>
      <section class="card" aria-labelledby="me-profile">
        <h2 id="me-profile">Your profile</h2>
        <dl class="summary-list">
          <div>
            <dt>Name</dt>
            <dd>{me.name}</dd>
          </div>
          <div>
            <dt>E-mail</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{roleLabel(me.role)}</dd>
          </div>
          {membership !== false && (me.teamId || me.partnerId) && (
            <div>
              <dt>{me.teamId ? 'Team' : 'Partner organisation'}</dt>
              <dd>{membership ?? '…'}</dd>
            </div>
          )}
        </dl>
      </section>
      <NotificationPreferencesSection />
    </>
  );
}
