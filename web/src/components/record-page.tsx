import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.ts';
import { ErrorAlert, StatusMessage } from './alert.tsx';
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

interface RecordBodyProps {
  /** The record page's state: the last action's message or error. */
  page: { message: string | undefined; actionError: string | null };
  /** The status card's heading: where focus goes when the action that had it is gone. */
  statusHeadingId: string;
  statusTitle: string;
  /** The status card: the actions the caller may take, and where the record stands. */
  status: ComponentChildren;
  /** The main column's cards, before the timeline. */
  children: ComponentChildren;
  /** The record's history (the last card of the main column). */
  timeline: ComponentChildren;
  /** The side column's cards, for a record that has them. */
  side?: ComponentChildren;
}

/**
 * A record page below its heading: the last action's message or error, then the status card
 * beside the record's own cards and its timeline, and a side column where it has one.
 */
export function RecordBody({ page, statusHeadingId, statusTitle, status, children, timeline, side }: RecordBodyProps) {
  return (
    <>
      <StatusMessage>{page.message}</StatusMessage>
      <ErrorAlert>{page.actionError}</ErrorAlert>

      <div class="detail-grid">
        <div class="detail-status">
          <section class="card" aria-labelledby={statusHeadingId}>
            <h2 id={statusHeadingId} tabIndex={-1}>
              {statusTitle}
            </h2>
            {status}
          </section>
        </div>
        <div class="detail-main">
          {children}
          <section class="card" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            {timeline}
          </section>
        </div>
        {side !== undefined && <div class="detail-side">{side}</div>}
      </div>
    </>
  );
}
