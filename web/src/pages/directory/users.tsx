import { useRef, useState } from 'preact/hooks';
import { usersApi } from '../../api/directory.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { User } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { MorePages } from '../../components/more-pages.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { roleLabel } from '../../components/roles.ts';
import { membershipOf, useMemberships } from './memberships.ts';
import { useDirectoryList } from './use-directory-list.ts';
import { CreateUser, EditUser } from './user-forms.tsx';

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
        <MorePages list={list} loading="Loading users…" more="Show more users" />
      </section>
    </>
  );
}
