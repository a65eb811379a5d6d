import type { ComponentChildren } from 'preact';
import { ErrorAlert } from './alert.tsx';

interface FormActionsProps {
  /** The form's state: the alert for what no field shows, and whether it is sending. */
  form: { error: string | null; submitting: boolean };
  label: ComponentChildren;
  /** What the button says while the form is sending ("Handing over…"); the label when not given. */
  busyLabel?: string;
  /** Holds the button back for a reason of the form's own (people still loading, …). */
  disabled?: boolean;
  /** A dialog's way out: a Cancel button after the move. */
  onCancel?: () => void;
  /** A small form inside a record's page, which is not the page's main move. */
  secondary?: boolean;
}

/**
 * A form's last lines: the alert for the errors no field shows, then the submit button (and a
 * dialog's Cancel), so that every form ends the same way.
 */
export function FormActions({
  form,
  label,
  busyLabel,
  disabled = false,
  onCancel,
  secondary = false,
}: FormActionsProps) {
  return (
    <>
      <ErrorAlert>{form.error}</ErrorAlert>
      <div class="form-actions">
        <button
          type="submit"
          class={secondary ? 'button button-secondary' : 'button button-primary'}
          disabled={form.submitting || disabled}
        >
          {form.submitting && busyLabel ? busyLabel : label}
        </button>
        {onCancel && (
          <button type="button" class="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </>
  );
}
