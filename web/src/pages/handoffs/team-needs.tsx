import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { checklistsApi } from '../../api/handoffs.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { HandoffKind, TeamChecklist } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Field, TextField } from '../../components/form-field.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useForm } from '../../forms/use-form.ts';
import { usePeople } from '../referrals/use-people.ts';
import { kindLabels, kinds } from './labels.tsx';

type Draft = Record<HandoffKind, { id?: string; label: string }[]>;

const draftOf = (checklist: TeamChecklist): Draft =>
  Object.fromEntries(kinds.map((kind) => [kind, checklist.kinds[kind].map((item) => ({ ...item }))])) as Draft;

/** An item's error (`kickoff.2.label`, or its id's), shown beside the item's field. */
const itemPath = new RegExp(`^(${kinds.join('|')})\\.\\d+\\.(label|id)$`);

/**
 * What a team needs per kind of handoff (its checklist): senders see each item as a required
 * question, and a return names the items that were missing. The team's staff and leaders edit
 * it; staff of other teams read it. Leaders choose the team.
 */
export function TeamNeedsPage() {
  const { me } = useSession();
  const people = usePeople();
  const { route } = useLocation();
  const { params } = useRoute();
  const teamId = params.teamId ?? me.teamId ?? '';
  const teamName = people.teamName(teamId);
  const editable = me.role === 'leader' || (me.role === 'staff' && me.teamId === teamId);
  usePageTitle(teamName ? `What ${teamName} needs` : 'What each team needs', 'Handoffs');
  const [checklist, setChecklist] = useState<TeamChecklist | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const form = useForm({ fields: (path) => itemPath.test(path) });
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    setChecklist(null);
    setDraft(null);
    if (!teamId) return;
    let current = true;
    checklistsApi.get(teamId).then(
      (loaded) => {
        if (!current) return;
        setChecklist(loaded);
        setDraft(draftOf(loaded));
      },
      (cause) => current && form.setError(describeError(cause)),
    );
    return () => {
      current = false;
    };
  }, [teamId]);

  const change = (kind: HandoffKind, update: (items: Draft[HandoffKind]) => Draft[HandoffKind]) =>
    setDraft((current) => (current ? { ...current, [kind]: update(current[kind]) } : current));

  function save(event: SubmitEvent) {
    event.preventDefault();
    if (!checklist || !draft) return;
    setMessage(null);
    void form.submit(
      async () => {
        const saved = await checklistsApi.replace(checklist, draft);
        setChecklist(saved);
        setDraft(draftOf(saved));
        setMessage(`Saved. Senders now answer these items when they hand work to ${teamName ?? 'the team'}.`);
      },
      {
        // Someone saved meanwhile: their list is loaded, and the alert still says why nothing was saved.
        handle: async (cause) => {
          if (cause instanceof ApiError && cause.status === 412) {
            const fresh = await checklistsApi.get(checklist.teamId);
            setChecklist(fresh);
            setDraft(draftOf(fresh));
          }
          return false;
        },
      },
    );
  }

  return (
    <>
      <h1>{teamName ? `What ${teamName} needs` : 'What each team needs'}</h1>
      <p class="lede">
        For each kind of handoff, the things the receiving team needs before it can do its part. Senders must answer
        every item; a return names the ones that were missing, and the scorecard counts which items cause returns.
      </p>
      {(me.role === 'leader' || people.teams.length > 0) && (
        <div class="filters team-needs-filter">
          <Field label="Team">
            {(control) => (
              <select
                {...control}
                name="teamId"
                value={teamId}
                onChange={(event) => route(`/team-needs/${event.currentTarget.value}`)}
              >
                {!teamId && <option value="">Choose a team</option>}
                {people.teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      <StatusMessage>{message}</StatusMessage>
      {draft && (
        <form ref={form.ref} noValidate onSubmit={save}>
          <div class="checklist-grid">
            {kinds.map((kind) => (
              <section key={kind} class="card" aria-labelledby={`needs-${kind}`}>
                <h2 id={`needs-${kind}`}>{kindLabels[kind]}</h2>
                {draft[kind].length === 0 && <p class="section-hint">Nothing asked for this kind yet.</p>}
                {editable ? (
                  <ol class="checklist-items">
                    {draft[kind].map((item, index) => (
                      <li key={item.id ?? `new-${index}`} class="checklist-item">
                        <TextField
                          label={`${kindLabels[kind]}: item ${index + 1}`}
                          name={`${kind}.${index}.label`}
                          value={item.label}
                          onInput={(label) =>
                            change(kind, (items) =>
                              items.map((entry, position) => (position === index ? { ...entry, label } : entry)),
                            )
                          }
                          error={form.fieldErrors[`${kind}.${index}.label`] ?? form.fieldErrors[`${kind}.${index}.id`]}
                        />
                        <button
                          type="button"
                          class="button button-secondary"
                          onClick={() => change(kind, (items) => items.filter((_, position) => position !== index))}
                        >
                          Remove<span class="visually-hidden"> item {index + 1}</span>
                        </button>
                      </li>
                    ))}
                  </ol>
                ) : (
                  <ul>
                    {draft[kind].map((item) => (
                      <li key={item.id}>{item.label}</li>
                    ))}
                  </ul>
                )}
                {editable && (
                  <button
                    type="button"
                    class="button button-secondary"
                    onClick={() => change(kind, (items) => [...items, { label: '' }])}
                  >
                    Add an item<span class="visually-hidden"> to {kindLabels[kind]}</span>
                  </button>
                )}
              </section>
            ))}
          </div>
          <ErrorAlert>{form.error}</ErrorAlert>
          {editable && (
            <div class="form-actions">
              <button type="submit" class="button button-primary" disabled={form.submitting}>
                {form.submitting ? 'Saving…' : 'Save what we need'}
              </button>
            </div>
          )}
        </form>
      )}
      {!draft && <ErrorAlert>{form.error}</ErrorAlert>}
      {!draft && !form.error && teamId && <p aria-busy="true">Loading the checklist…</p>}
    </>
  );
}
