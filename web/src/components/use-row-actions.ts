import { useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.ts';

/** A list whose rows carry actions: it puts an action's answer in place, and reads one row afresh. */
interface ActionList<T> {
  changed: (updated: T) => void;
  refresh: (id: string) => Promise<void>;
}

/**
 * What a list page with actions in its rows keeps: the last action's message or error. An
 * action's answer replaces its row; a failure says so (a 412 names the row someone else
 * changed) and, when the row moved on (404, 409, 412), reads it afresh.
 */
export function useRowActions<T extends { id: string }>(list: ActionList<T>, nameOf: (row: T) => string) {
  const [message, setMessage] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | null>(null);

  function changed(updated: T, said: string) {
    list.changed(updated);
    setActionError(null);
    setMessage(said);
  }

  async function failed(row: T, error: unknown) {
    setMessage(undefined);
    setActionError(
      error instanceof ApiError && error.status === 412
        ? `${nameOf(row)} was changed by someone else since you loaded it. It has been reloaded: check it and try again.`
        : describeError(error),
    );
    if (error instanceof ApiError && [404, 409, 412].includes(error.status)) {
      try {
        await list.refresh(row.id);
      } catch (reload) {
        setActionError(describeError(reload));
      }
    }
  }

  return { message, actionError, changed, failed };
}
