import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useForm } from '../forms/use-form.ts';
import { Dialog } from './dialog.tsx';
import { FormActions } from './form-actions.tsx';
import { TextAreaField } from './form-field.tsx';

/** One text a move asks for: its name in the request body (where its field errors point) and its words. */
export interface NoteField {
  name: string;
  label: string;
  hint?: string;
  /** Not required: the control is not marked `required` (say "(optional)" in the label). */
  optional?: boolean;
}

interface NoteDialogProps {
  title: string;
  description?: ComponentChildren;
  /** The texts, in order: usually one note; a reason and a note for declining. */
  notes: readonly NoteField[];
  submitLabel: string;
  /** Sends the move with the texts as typed, by name; a failure it throws is shown in the dialog. */
  onSubmit: (texts: Record<string, string>) => Promise<void>;
  onClose: () => void;
  /** Disables the submit button (people still loading, …). */
  disabled?: boolean;
}

/**
 * A move confirmed in a dialog, with the note (optional or required) that goes with it. The
 * owner closes it on success; a failure stays in it: beside the note the API named, or above.
 */
export function NoteDialog({
  title,
  description,
  notes,
  submitLabel,
  onSubmit,
  onClose,
  disabled = false,
}: NoteDialogProps) {
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(notes.map((note) => [note.name, ''])),
  );
  const form = useForm({ fields: notes.map((note) => note.name), quiet: true });

  function submit(event: SubmitEvent) {
    event.preventDefault();
    void form.submit(() => onSubmit(texts));
  }

  return (
    <Dialog title={title} description={description} onClose={onClose}>
      <form ref={form.ref} class="stack" noValidate onSubmit={submit}>
        {notes.map((note) => (
          <TextAreaField
            key={note.name}
            label={note.label}
            name={note.name}
            {...(note.hint ? { hint: note.hint } : {})}
            value={texts[note.name] ?? ''}
            onInput={(value) => setTexts((all) => ({ ...all, [note.name]: value }))}
            error={form.fieldErrors[note.name]}
            optional={note.optional ?? false}
          />
        ))}
        <FormActions form={form} label={submitLabel} disabled={disabled} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
