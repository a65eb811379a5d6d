import { useRef, useState } from 'preact/hooks';
import { referralsApi } from '../../api/referrals.ts';
import type { ReferralDetail } from '../../api/types.ts';
import { StatusMessage } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { TextAreaField } from '../../components/form-field.tsx';
import { useForm } from '../../forms/use-form.ts';
import type { People } from './use-people.ts';

/** Staff and leaders' notes on a referral: never shown to the referrer. */
export function InternalNotes({
  referral,
  people,
  onAdded,
}: {
  referral: ReferralDetail;
  people: People;
  onAdded: () => Promise<void>;
}) {
  const [text, setText] = useState('');
  const form = useForm({ fields: ['text'], quiet: true });
  const [saved, setSaved] = useState<string | undefined>();
  const input = useRef<HTMLTextAreaElement>(null);
  const notes = [...(referral.internalNotes ?? [])].sort((a, b) => a.at.localeCompare(b.at));

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaved(undefined);
    const added = await form.submit(async () => {
      await referralsApi.addNote(referral.id, text);
      setText('');
      setSaved('Note added.');
      await onAdded();
    });
    // Any failure, a field's or not, leaves the user where they write the note again.
    if (!added) input.current?.focus();
  }

  return (
    <section class="card" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Internal notes</h2>
      <p class="section-hint">Only staff and leaders see these: never the referrer.</p>
      {notes.length === 0 ? (
        <p class="empty">No notes yet.</p>
      ) : (
        <ul class="notes">
          {notes.map((note) => (
            <li key={note.id}>
              <p class="note-text">{note.text}</p>
              <p class="note-meta">
                {people.userName(note.authorId) ?? '…'}, <Time iso={note.at} withTime />
              </p>
            </li>
          ))}
        </ul>
      )}
      <StatusMessage>{saved}</StatusMessage>
      <form ref={form.ref} class="stack" noValidate onSubmit={submit}>
        <TextAreaField
          label="Add an internal note"
          name="text"
          value={text}
          onInput={setText}
          error={form.fieldErrors.text}
          textAreaRef={input}
        />
        <FormActions form={form} label="Add note" secondary />
      </form>
    </section>
  );
}
