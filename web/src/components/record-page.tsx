import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.ts';
import { ErrorAlert } from './alert.tsx';
import { takeFlash } from './flash.ts';

/**
 * The state every record's own page keeps: the record, whether there is no such record (or none
 * the caller may see: the API answers 404 either way), a load failure, the last action's message
 * or error. `changed` takes an action's answer and reloads; `failed` shows the error and reloads
 * when the record moved on (404, 409, 412).
 */
export function useRecordPage<T extends object>(options: {
  /** The page's path: where a flash message left for it is picked up. */
  path: string;
  fetch: () => Promise<T>;
}) {
  const { path, fetch } = options;
  const [detail, setDetail] = useState<T | null>(null);
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | undefined>(() => takeFlash(path));
  const [actionError, setActionError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await fetch());
      setLoadError(null);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
      else setLoadError(describeError(error));
    }
  }, [fetch]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = async (updated: Partial<T> | null, said: string) => {
    // An action answers with the record alone: it updates the page's copy, extras kept.
    if (updated) setDetail((current) => (current ? { ...current, ...updated } : current));
    setActionError(null);
    setMessage(said);
    await load();
  };

  const failed = (error: unknown) => {
    setMessage(undefined);
    setActionError(describeError(error));
    if (error instanceof ApiError && [404, 409, 412].includes(error.status)) void load();
  };

  return { detail, missing, loadError, message, actionError, load, changed, failed };
}

/** What a record's page shows until its record has loaded (or failed to). */
export function RecordLoading({ title, noun, error }: { title: string; noun: string; error: string | null }) {
  return (
    <>
      <h1>{title}</h1>
      <ErrorAlert>{error}</ErrorAlert>
      {!error && <p class="loading">Loading {noun}…</p>}
    </>
  );
}

/** One term of a record page's summary list (`<dl>`), and what the record says of it. */
export function Row({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
