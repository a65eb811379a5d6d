import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { listAll, type NewUser, partnersApi, teamsApi, type UserChanges, usersApi } from '../../api/directory.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { Partner, Role, Team, User } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Field, focusFirstInvalid, TextField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { roleLabel, roleLabels, roles } from '../../components/roles.ts';
import { useDirectoryList } from './use-directory-list.ts';

interface Memberships {
  teams: Team[];
  partners: Partner[];
}

/** Every team and partner organisation, for the pickers and to name each user's membership. */
function useMemberships(): { memberships: Memberships; error: string | null } {
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

function membershipOf(user: User, { teams, partners }: Memberships): string {
  if (user.teamId) return teams.find((team) => team.id === user.teamId)?.name ?? '…';
  if (user.partnerId) return partners.find((partner) => partner.id === user.partnerId)?.name ?? '…';
  return '—';
}

const FIELDS = ['name', 'email', 'role', 'teamId', 'partnerId'];

/** Users: add one with a role (and their team or partner organisation), edit, deactivate. */
export function UsersPage() {
  usePageTitle('Users', 'Directory');
  const { me } = useSession();
  const list = useDirectoryList<User>(usersApi.list);
  const { memberships, error: membershipsError } = useMemberships();
  const [status, setStatus] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  const say = (message: string) => {
    setActionError(null);
    setStatus(message);
  };

  async function toggleActive(user: User) {
    setBusy(user.id);
    setStatus(undefined);
    setActionError(null);
    try {
      const updated = await usersApi.update(user, { active: !user.active });
      list.changed(updated);
      say(`${updated.name} ${updated.active ? 'reactivated' : 'deactivated'}.`);
      if (!updated.active && !list.includeInactive) listHeading.current?.focus();
    } catch (error) {
      setActionError(describeError(error));
      if (error instanceof ApiError && (error.status === 412 || error.status === 404)) await list.reload();
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <h1>Users</h1>
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert>{actionError ?? membershipsError}</ErrorAlert>

      <CreateUser
        memberships={memberships}
        onCreated={(user) => {
          list.added(user);
          say(`${user.name} added as ${roleLabel(user.role).toLowerCase()}.`);
        }}
      />

      <section class="card" aria-labelledby="users-heading">
        <div class="card-header">
          <h2 id="users-heading" ref={listHeading} tabIndex={-1}>
            {list.includeInactive ? 'All users' : 'Active users'}
          </h2>
          <label class="toggle">
            <input
              type="checkbox"
              checked={list.includeInactive}
              onChange={(event) => list.setIncludeInactive(event.currentTarget.checked)}
            />
            Show inactive users
          </label>
        </div>
        <ErrorAlert>{list.loadError}</ErrorAlert>
        {list.items && list.items.length === 0 && !list.loading && <p class="empty">There are no users yet.</p>}
        {list.items && list.items.length > 0 && (
          <div class="table-scroll">
            <table aria-labelledby="users-heading" aria-busy={list.loading ? 'true' : undefined}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">Team or partner</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((user) => [
                  <tr key={user.id}>
                    <th scope="row" class="nowrap">
                      {user.name}
                    </th>
                    <td class="nowrap">{user.email}</td>
                    <td>{roleLabel(user.role)}</td>
                    <td>{membershipOf(user, memberships)}</td>
                    <td>
                      <span class={user.active ? 'badge badge-active' : 'badge badge-inactive'}>
                        {user.active ? 'Active' : 'Inactive'}
                      </span>
                    </td>
                    <td class="actions">
                      <button
                        type="button"
                        class="button button-secondary"
                        id={`edit-${user.id}`}
                        aria-expanded={editing === user.id ? 'true' : 'false'}
                        onClick={() => setEditing(editing === user.id ? null : user.id)}
                      >
                        Edit<span class="visually-hidden"> {user.name}</span>
                      </button>
                      {user.id !== me.id && (
                        <button
                          type="button"
                          class="button button-secondary"
                          disabled={busy === user.id}
                          onClick={() => toggleActive(user)}
                        >
                          {user.active ? 'Deactivate' : 'Reactivate'}
                          <span class="visually-hidden"> {user.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>,
                  editing === user.id && (
                    <tr key={`${user.id}-edit`} class="edit-row">
                      <td colSpan={6}>
                        <EditUser
                          user={user}
                          memberships={memberships}
                          onDone={(updated) => {
                            setEditing(null);
                            if (updated) {
                              list.changed(updated);
                              say(`${updated.name} saved.`);
                            }
                            requestAnimationFrame(() => document.getElementById(`edit-${user.id}`)?.focus());
                          }}
                          onStale={async (message) => {
                            setEditing(null);
                            setStatus(undefined);
                            setActionError(message);
                            await list.reload();
                            document.getElementById(`edit-${user.id}`)?.focus();
                          }}
                        />
                      </td>
                    </tr>
                  ),
                ])}
              </tbody>
            </table>
          </div>
        )}
        {list.loading && <p class="loading">Loading users…</p>}
        {list.hasMore && !list.loading && (
          <button type="button" class="button button-secondary" onClick={() => list.loadMore()}>
            Show more users
          </button>
        )}
      </section>
    </>
  );
}

interface MembershipPickerProps {
  role: string;
  memberships: Memberships;
  teamId: string;
  partnerId: string;
  onTeam: (id: string) => void;
  onPartner: (id: string) => void;
  errors: Record<string, string>;
}

/** The team picker for staff, the partner organisation picker for partner users. */
function MembershipPicker({ role, memberships, teamId, partnerId, onTeam, onPartner, errors }: MembershipPickerProps) {
  const activeTeams = useMemo(() => memberships.teams.filter((team) => team.active), [memberships]);
  const activePartners = useMemo(() => memberships.partners.filter((partner) => partner.active), [memberships]);
  if (role === 'staff') {
    return (
      <Field label="Team" error={errors.teamId}>
        {(control) => (
          <select {...control} name="teamId" value={teamId} onChange={(event) => onTeam(event.currentTarget.value)}>
            <option value="">Choose a team</option>
            {activeTeams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  if (role === 'partner') {
    return (
      <Field label="Partner organisation" error={errors.partnerId}>
        {(control) => (
          <select
            {...control}
            name="partnerId"
            value={partnerId}
            onChange={(event) => onPartner(event.currentTarget.value)}
          >
            <option value="">Choose a partner organisation</option>
            {activePartners.map((partner) => (
              <option key={partner.id} value={partner.id}>
                {partner.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  return null;
}

function CreateUser({ memberships, onCreated }: { memberships: Memberships; onCreated: (user: User) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [teamId, setTeamId] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    setFieldErrors({});
    const user: NewUser = {
      name,
      email,
      role,
      ...(role === 'staff' && teamId ? { teamId } : {}),
      ...(role === 'partner' && partnerId ? { partnerId } : {}),
    };
    try {
      const created = await usersApi.create(user);
      setName('');
      setEmail('');
      setTeamId('');
      setPartnerId('');
      onCreated(created);
    } catch (cause) {
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(describeError(cause, FIELDS));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <section class="card" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Add a user</h2>
      <ErrorAlert>{error}</ErrorAlert>
      <form ref={form} class="form-grid" noValidate onSubmit={submit}>
        <TextField label="Name" name="name" value={name} onInput={setName} error={fieldErrors.name} />
        <TextField
          label="E-mail"
          name="email"
          type="email"
          value={email}
          onInput={setEmail}
          error={fieldErrors.email}
        />
        <Field label="Role" error={fieldErrors.role}>
          {(control) => (
            <select
              {...control}
              name="role"
              value={role}
              onChange={(event) => setRole(event.currentTarget.value as Role)}
            >
              {roles.map((option) => (
                <option key={option} value={option}>
                  {roleLabels[option].one}
                </option>
              ))}
            </select>
          )}
        </Field>
        <MembershipPicker
          role={role}
          memberships={memberships}
          teamId={teamId}
          partnerId={partnerId}
          onTeam={setTeamId}
          onPartner={setPartnerId}
          errors={fieldErrors}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={submitting}>
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}

function EditUser({
  user,
  memberships,
  onDone,
  onStale,
}: {
  user: User;
  memberships: Memberships;
  onDone: (updated: User | null) => void;
  onStale: (message: string) => Promise<void>;
}) {
  const [name, setName] = useState(user.name);
  const [teamId, setTeamId] = useState(user.teamId ?? '');
  const [partnerId, setPartnerId] = useState(user.partnerId ?? '');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);
  useEffect(() => focusFirstInvalid(form.current), [fieldErrors]);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setFieldErrors({});
    const changes: UserChanges = {
      ...(name !== user.name ? { name } : {}),
      ...(user.role === 'staff' && teamId !== (user.teamId ?? '') ? { teamId } : {}),
      ...(user.role === 'partner' && partnerId !== (user.partnerId ?? '') ? { partnerId } : {}),
    };
    if (Object.keys(changes).length === 0) {
      onDone(null);
      return;
    }
    try {
      onDone(await usersApi.update(user, changes));
    } catch (cause) {
      setSaving(false);
      if (cause instanceof ApiError && (cause.status === 412 || cause.status === 404)) {
        await onStale(describeError(cause));
        return;
      }
      if (cause instanceof ApiError) setFieldErrors(cause.fieldErrors);
      setError(describeError(cause, FIELDS));
    }
  }

  return (
    <form ref={form} class="form-grid" noValidate onSubmit={submit} aria-label={`Edit ${user.name}`}>
      <ErrorAlert>{error}</ErrorAlert>
      <TextField label="Name" name="name" value={name} onInput={setName} error={fieldErrors.name} />
      <MembershipPicker
        role={user.role}
        memberships={memberships}
        teamId={teamId}
        partnerId={partnerId}
        onTeam={setTeamId}
        onPartner={setPartnerId}
        errors={fieldErrors}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={saving}>
          Save
        </button>
        <button type="button" class="button button-secondary" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
