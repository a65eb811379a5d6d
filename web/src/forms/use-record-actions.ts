import { useState } from 'preact/hooks';
import { ApiError } from '../api/problem.ts';

export interface RecordActionsOptions<Action extends string, Updated> {
  /** The change was made: `updated` is the record as the API answered it. */
  onChanged: (updated: Updated, message: string) => void | Promise<void>;
  /** It was not: a 412, 409 or 404 means the caller should reload the record. */
  onFailed: (error: unknown) => void;
  /**
   * Where focus goes after a change, first that is still on the page: the action's own button
   * is often gone (the record moved on), and focus must not fall back to the body.
   */
  focusAfter: (action: Action) => readonly string[];
}

/**
 * The buttons of a record's page that change it (a referral's triage, an issue's ownership, a
 * handoff's moves): which action is under way, which dialog is open, and `run`, which makes a
 * change and says what became of it.
 */
export function useRecordActions<Action extends string, Updated>({
  onChanged,
  onFailed,
  focusAfter,
}: RecordActionsOptions<Action, Updated>) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [dialog, setDialog] = useState<Action | null>(null);

  /**
   * Runs a change. Field errors of a dialog's form are thrown back to the dialog, which shows
   * them; anything else closes the dialog and is the page's to say (and to reload after).
   */
  async function run(action: Action, change: () => Promise<Updated>, message: string, fromDialog: boolean) {
    setBusy(action);
    try {
      const updated = await change();
      setDialog(null);
      await onChanged(updated, message);
    } catch (error) {
      setBusy(null);
      if (fromDialog && error instanceof ApiError && error.status === 400) throw error;
      setDialog(null);
      onFailed(error);
    }
    setBusy(null);
    requestAnimationFrame(() => {
      for (const id of focusAfter(action)) {
        const target = document.getElementById(id);
        if (target) {
          target.focus();
          return;
        }
      }
    });
  }

  return { busy, dialog, setDialog, run };
}
