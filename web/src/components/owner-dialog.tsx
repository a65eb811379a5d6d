import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useForm } from '../forms/use-form.ts';
import { Dialog } from './dialog.tsx';
import { FormActions } from './form-actions.tsx';
import { Field } from './form-field.tsx';

interface OwnerDialogProps {
  title: string;
  description: ComponentChildren;
  label: string;
  submitLabel: string;
  /** Who may own it, labelled for the picker; the first is chosen when `initial` is empty. */
  owners: readonly { id: string; label: string }[];
  /** The people are loaded: until then the picker shows `initial` as loading and cannot be sent. */
  loaded: boolean;
  initial: string;
  /** Sends the choice; a failure it throws (a field error on `userId`) is shown in the dialog. */
  onSubmit: (userId: string) => Promise<void>;
  onClose: () => void;
}

/** Assigning or handing over a record: one picker of active staff and leaders. */
export function OwnerDialog({
  title,
  description,
  label,
  submitLabel,
  owners,
  loaded,
  initial,
  onSubmit,
  onClose,
}: OwnerDialogProps) {
  const [userId, setUserId] = useState(initial);
  const form = useForm({ fields: ['userId'], quiet: true });
  useEffect(() => {
    if (!userId && owners[0]) setUserId(owners[0].id);
  }, [userId, owners]);

  function submit(event: SubmitEvent) {
    event.preventDefault();
    void form.submit(() => onSubmit(userId));
  }

  return (
    <Dialog title={title} description={description} onClose={onClose}>
      <form ref={form.ref} class="stack" noValidate onSubmit={submit}>
        <Field label={label} error={form.fieldErrors.userId} hint="An active staff member or leader.">
          {(control) => (
            <select
              {...control}
              name="userId"
              value={userId}
              onChange={(event) => setUserId(event.currentTarget.value)}
            >
              {!loaded && <option value={userId}>Loading people…</option>}
              {owners.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FormActions form={form} label={submitLabel} disabled={!loaded || !userId} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
