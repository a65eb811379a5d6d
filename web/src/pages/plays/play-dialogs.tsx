import { useState } from 'preact/hooks';
import { playsApi } from '../../api/plays.ts';
import type { FigureId } from '../../api/scorecard.ts';
import { useSession } from '../../auth/session.tsx';
import { formatCalendarDate } from '../../components/dates.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Field, TextField } from '../../components/form-field.tsx';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { useForm } from '../../forms/use-form.ts';
import { usePeople } from '../referrals/use-people.ts';

/** The mover a play is made of, as the scorecard page shows it. */
export interface MoverRef {
  figure: FigureId;
  name: string;
  dimension: string;
  label: string;
  weeks: number;
}

/** A week from today in the browser's calendar: a sensible first due date, changed at will. */
function inAWeek(): string {
  const date = new Date();
  date.setDate(date.getDate() + 7);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A leader turns a mover into a play: who follows it up, by when, and what to do. */
export function MakePlayDialog({
  mover,
  onDone,
  onClose,
}: {
  mover: MoverRef;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const { me } = useSession();
  const people = usePeople();
  const [ownerId, setOwnerId] = useState(me.id);
  const [dueOn, setDueOn] = useState(inAWeek());
  const [title, setTitle] = useState('');
  const form = useForm({ fields: ['ownerId', 'dueOn', 'title'], quiet: true });

  function submit(event: SubmitEvent) {
    event.preventDefault();
    void form.submit(async () => {
      const play = await playsApi.create({
        figure: mover.figure,
        dimension: mover.dimension,
        weeks: mover.weeks,
        ownerId,
        dueOn,
        ...(title.trim() ? { title: title.trim() } : {}),
      });
      onDone(`Play made: ${play.ownerName} follows it up by ${formatCalendarDate(play.dueOn)}.`);
    });
  }

  return (
    <Dialog
      title={`Make a play: ${mover.label}, ${mover.name}`}
      description="An owned, dated follow-up. It shows on its owner’s My work until they close it with a note."
      onClose={onClose}
    >
      <form ref={form.ref} class="stack" noValidate onSubmit={submit}>
        <Field label="Owner" error={form.fieldErrors.ownerId} hint="A leader or a staff member.">
          {(control) => (
            <select
              {...control}
              name="ownerId"
              value={ownerId}
              onChange={(event) => setOwnerId(event.currentTarget.value)}
            >
              {!people.loaded && <option value={ownerId}>Loading people…</option>}
              {people.owners.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Due by"
          error={form.fieldErrors.dueOn}
          hint="The end of this day, in the organisation’s time zone."
        >
          {(control) => (
            <input
              {...control}
              type="date"
              name="dueOn"
              required
              value={dueOn}
              onInput={(event) => setDueOn(event.currentTarget.value)}
            />
          )}
        </Field>
        <TextField
          label="What to do (optional)"
          name="title"
          hint="Left empty, the play is named after the mover."
          value={title}
          onInput={setTitle}
          error={form.fieldErrors.title}
          optional
        />
        <FormActions form={form} label="Make the play" disabled={!people.loaded} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** Its owner (or a leader) closes a play, saying what was done. */
export function ClosePlayDialog({
  play,
  onDone,
  onClose,
}: {
  play: { id: string; title: string };
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  async function close({ note = '' }: Record<string, string>) {
    // The version is read just before closing, so If-Match names the play as it is now.
    const current = await playsApi.get(play.id);
    await playsApi.close(current, note);
    onDone(`Play closed: ${play.title}.`);
  }

  return (
    <NoteDialog
      title={`Close the play: ${play.title}`}
      description="Say what was done and what came of it."
      notes={[{ name: 'note', label: 'Note' }]}
      submitLabel="Close the play"
      onSubmit={close}
      onClose={onClose}
    />
  );
}
