import { useEffect, useRef, useState } from 'preact/hooks';
import { listAll, type NamedRecordApi, usersApi } from '../../api/directory.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { User } from '../../api/types.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { TextField } from '../../components/form-field.tsx';
import { MorePages } from '../../components/more-pages.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { staleFor } from '../../forms/form-state.ts';
import { useForm } from '../../forms/use-form.ts';
import { formatDate, useDirectoryList } from './use-directory-list.ts';

/** A team or a partner organisation: a name that can be changed and switched off. */
export interface NamedRecord {
  id: string;
  name: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  leaderId?: string;
}

export interface NamedRecordLabels {
  /** The page's heading, e.g. "Teams". */
  title: string;
  /** One record in running text, e.g. "team". */
  one: string;
  /** Many in running text, e.g. "teams". */
  many: string;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The directory screen for teams and for partner organisations: add one, list them (active
 * only, or all), rename and deactivate or reactivate each.
 */
export function NamedRecordDirectory<T extends NamedRecord>({
  recordApi,
  labels,
}: {
  recordApi: NamedRecordApi<T>;
  labels: NamedRecordLabels;
}) {
  usePageTitle(labels.title, 'Directory');
  const list = useDirectoryList<T>(recordApi.list);
  const [status, setStatus] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const leaders = useLeaders();

  const listTitle = list.includeInactive ? `All ${labels.many}` : `Active ${labels.many}`;
  const say = (message: string) => {
    setActionError(null);
    setStatus(message);
  };

  async function chooseLeader(record: T, leaderId: string) {
    setBusy(record.id);
    setStatus(undefined);
    setActionError(null);
    try {
      const updated = await recordApi.update(record, { leaderId: leaderId || null });
      list.changed(updated);
      const leader = leaders?.find((candidate) => candidate.id === updated.leaderId);
      say(
        leader
          ? `${leader.name} now hears of the early warnings of “${updated.name}”.`
          : `Every leader now hears of the early warnings of “${updated.name}”.`,
      );
    } catch (error) {
      setActionError(describeError(error));
      await list.reload();
    } finally {
      setBusy(null);
    }
  }

  async function toggleActive(record: T) {
    setBusy(record.id);
    setStatus(undefined);
    setActionError(null);
    try {
      const updated = await recordApi.update(record, { active: !record.active });
      list.changed(updated);
      say(`${capitalise(labels.one)} “${updated.name}” ${updated.active ? 'reactivated' : 'deactivated'}.`);
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
      <h1>{labels.title}</h1>
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert>{actionError}</ErrorAlert>

      <CreateNamedRecord
        labels={labels}
        create={recordApi.create}
        onCreated={(record) => {
          list.added(record);
          say(`${capitalise(labels.one)} “${record.name}” added.`);
        }}
      />

      <section class="card" aria-labelledby="records-heading">
        <div class="card-header">
          <h2 id="records-heading" ref={listHeading} tabIndex={-1}>
            {listTitle}
          </h2>
          <label class="toggle">
            <input
              type="checkbox"
              checked={list.includeInactive}
              onChange={(event) => list.setIncludeInactive(event.currentTarget.checked)}
            />
            Show inactive {labels.many}
          </label>
        </div>
        <ErrorAlert>{list.loadError}</ErrorAlert>
        {list.items && list.items.length === 0 && !list.loading && (
          <p class="empty">
            There are no {list.includeInactive ? '' : 'active '}
            {labels.many} yet.
          </p>
        )}
        {list.items && list.items.length > 0 && (
          <div class="table-scroll">
            <table aria-labelledby="records-heading" aria-busy={list.loading ? 'true' : undefined}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Responsible leader</th>
                  <th scope="col">Last changed</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((record) => (
                  <tr key={record.id}>
                    <th scope="row">
                      {editing === record.id ? (
                        <RenameForm
                          record={record}
                          labels={labels}
                          rename={(name) => recordApi.update(record, { name })}
                          onDone={(updated, message) => {
                            setEditing(null);
                            if (updated) {
                              list.changed(updated);
                              say(message);
                            }
                          }}
                          onStale={async (message) => {
                            setEditing(null);
                            setStatus(undefined);
                            setActionError(message);
                            await list.reload();
                          }}
                        />
                      ) : (
                        record.name
                      )}
                    </th>
                    <td>
                      <span class={record.active ? 'badge badge-active' : 'badge badge-inactive'}>
                        {record.active ? 'Active' : 'Inactive'}
                      </span>
                    </td>
                    <td>
                      <LeaderPicker
                        record={record}
                        leaders={leaders}
                        disabled={busy === record.id}
                        onChoose={(leaderId) => chooseLeader(record, leaderId)}
                      />
                    </td>
                    <td class="nowrap">{formatDate(record.updatedAt)}</td>
                    <td class="actions">
                      {editing !== record.id && (
                        <button
                          type="button"
                          class="button button-secondary"
                          id={`rename-${record.id}`}
                          onClick={() => setEditing(record.id)}
                        >
                          Rename<span class="visually-hidden"> {record.name}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        class="button button-secondary"
                        disabled={busy === record.id}
                        onClick={() => toggleActive(record)}
                      >
                        {record.active ? 'Deactivate' : 'Reactivate'}
                        <span class="visually-hidden"> {record.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <MorePages list={list} loading={`Loading ${labels.many}…`} more={`Show more ${labels.many}`} />
      </section>
    </>
  );
}

function CreateNamedRecord<T extends NamedRecord>({
  labels,
  create,
  onCreated,
}: {
  labels: NamedRecordLabels;
  create: (name: string) => Promise<T>;
  onCreated: (record: T) => void;
}) {
  const [name, setName] = useState('');
  const form = useForm({ fields: ['name'] });

  function submit(event: SubmitEvent) {
    event.preventDefault();
    void form.submit(async () => {
      const record = await create(name);
      setName('');
      onCreated(record);
    });
  }

  const headingId = 'create-heading';
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a {labels.one}</h2>
      <ErrorAlert>{form.error}</ErrorAlert>
      {/* noValidate: the API's validation is the one the user sees, worded the same everywhere. */}
      <form ref={form.ref} class="form-row" noValidate onSubmit={submit}>
        <TextField label="Name" name="name" value={name} onInput={setName} error={form.fieldErrors.name} />
        <button type="submit" class="button button-primary" disabled={form.submitting}>
          Add {labels.one}
        </button>
      </form>
    </section>
  );
}

function RenameForm<T extends NamedRecord>({
  record,
  labels,
  rename,
  onDone,
  onStale,
}: {
  record: T;
  labels: NamedRecordLabels;
  rename: (name: string) => Promise<T>;
  onDone: (updated: T | null, message: string) => void;
  onStale: (message: string) => Promise<void>;
}) {
  const [name, setName] = useState(record.name);
  const form = useForm({ fields: ['name'], quiet: true });
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const returnFocus = () => requestAnimationFrame(() => document.getElementById(`rename-${record.id}`)?.focus());

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const stale = staleFor(onStale);
    void form.submit(
      async () => {
        const updated = await rename(name);
        onDone(updated, `${capitalise(labels.one)} renamed to “${updated.name}”.`);
        returnFocus();
      },
      {
        handle: async (cause) => {
          const handled = await stale(cause);
          if (handled) returnFocus();
          return handled;
        },
      },
    );
  }

  return (
    <form ref={form.ref} class="inline-form" noValidate onSubmit={submit}>
      <ErrorAlert>{form.error}</ErrorAlert>
      <TextField
        label={`New name for ${record.name}`}
        name="name"
        value={name}
        onInput={setName}
        error={form.fieldErrors.name}
        inputRef={input}
      />
      <div class="button-group">
        <button type="submit" class="button button-primary" disabled={form.submitting}>
          Save
        </button>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => {
            onDone(null, '');
            returnFocus();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The active leaders, by name, for the responsible-leader pickers; undefined while loading. */
function useLeaders(): User[] | undefined {
  const [leaders, setLeaders] = useState<User[] | undefined>();
  useEffect(() => {
    let current = true;
    listAll(usersApi.list, false).then(
      (users) => current && setLeaders(users.filter((user) => user.role === 'leader')),
      () => current && setLeaders([]),
    );
    return () => {
      current = false;
    };
  }, []);
  return leaders;
}

/**
 * Who hears of the record's early warnings. "Every leader" is the default: a warning nobody is
 * named for still reaches someone.
 */
function LeaderPicker<T extends NamedRecord>({
  record,
  leaders,
  disabled,
  onChoose,
}: {
  record: T;
  leaders: User[] | undefined;
  disabled: boolean;
  onChoose: (leaderId: string) => void;
}) {
  const known = leaders?.some((leader) => leader.id === record.leaderId) ?? false;
  return (
    <select
      class="inline-select"
      aria-label={`Responsible leader of ${record.name}`}
      value={record.leaderId ?? ''}
      disabled={disabled || leaders === undefined}
      onChange={(event) => onChoose(event.currentTarget.value)}
    >
      <option value="">Every leader</option>
      {/* A leader since deactivated is kept visible: the warnings go to every leader meanwhile. */}
      {record.leaderId && leaders && !known && <option value={record.leaderId}>A former leader</option>}
      {leaders?.map((leader) => (
        <option key={leader.id} value={leader.id}>
          {leader.name}
        </option>
      ))}
    </select>
  );
}
