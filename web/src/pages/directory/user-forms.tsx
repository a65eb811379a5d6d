import { useEffect, useMemo, useState } from 'preact/hooks';
import { type NewUser, type UserChanges, usersApi } from '../../api/directory.ts';
import type { Role, User } from '../../api/types.ts';
import { ErrorAlert } from '../../components/alert.tsx';
import { Field, TextField } from '../../components/form-field.tsx';
import { roleLabels, roles } from '../../components/roles.ts';
import { staleFor } from '../../forms/form-state.ts';
import { useForm } from '../../forms/use-form.ts';
import type { Memberships } from './memberships.ts';

const FIELDS = ['name', 'email', 'role', 'teamId', 'partnerId'];

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

export function CreateUser({ memberships, onCreated }: { memberships: Memberships; onCreated: (user: User) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [teamId, setTeamId] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const form = useForm({ fields: FIELDS });

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const user: NewUser = {
      name,
      email,
      role,
      ...(role === 'staff' && teamId ? { teamId } : {}),
      ...(role === 'partner' && partnerId ? { partnerId } : {}),
    };
    void form.submit(async () => {
      const created = await usersApi.create(user);
      setName('');
      setEmail('');
      setTeamId('');
      setPartnerId('');
      onCreated(created);
    });
  }

  return (
    <section class="card" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Add a user</h2>
      <ErrorAlert>{form.error}</ErrorAlert>
      <form ref={form.ref} class="form-grid" noValidate onSubmit={submit}>
        <TextField label="Name" name="name" value={name} onInput={setName} error={form.fieldErrors.name} />
        <TextField
          label="E-mail"
          name="email"
          type="email"
          value={email}
          onInput={setEmail}
          error={form.fieldErrors.email}
        />
        <Field label="Role" error={form.fieldErrors.role}>
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
          errors={form.fieldErrors}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={form.submitting}>
            Add user
          </button>
        </div>
      </form>
    </section>
  );
}

export function EditUser({
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
  const form = useForm({ fields: FIELDS });

  useEffect(() => {
    form.ref.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const changes: UserChanges = {
      ...(name !== user.name ? { name } : {}),
      ...(user.role === 'staff' && teamId !== (user.teamId ?? '') ? { teamId } : {}),
      ...(user.role === 'partner' && partnerId !== (user.partnerId ?? '') ? { partnerId } : {}),
    };
    if (Object.keys(changes).length === 0) {
      onDone(null);
      return;
    }
    void form.submit(async () => onDone(await usersApi.update(user, changes)), { handle: staleFor(onStale) });
  }

  return (
    <form ref={form.ref} class="form-grid" noValidate onSubmit={submit} aria-label={`Edit ${user.name}`}>
      <ErrorAlert>{form.error}</ErrorAlert>
      <TextField label="Name" name="name" value={name} onInput={setName} error={form.fieldErrors.name} />
      <MembershipPicker
        role={user.role}
        memberships={memberships}
        teamId={teamId}
        partnerId={partnerId}
        onTeam={setTeamId}
        onPartner={setPartnerId}
        errors={form.fieldErrors}
      />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={form.submitting}>
          Save
        </button>
        <button type="button" class="button button-secondary" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
