import type { ComponentChildren } from 'preact';
import type { TimelineEvent } from '../api/types.ts';
import { Time } from './dates.tsx';

interface TimelineProps {
  events: readonly TimelineEvent[];
  /** The record's event namespace (`handoff`): an event's kind is its type without it. */
  namespace: string;
  /** The sentence an event reads as: "Accepted by Sam Okafor". */
  describe: (event: TimelineEvent) => string;
  /** An entry's class is this and the event's kind (`timeline-returned`): the dot's colour keys on it. */
  classPrefix?: string;
  /** What an event shows under its sentence, before its time (a return's missing items). */
  details?: (event: TimelineEvent) => ComponentChildren;
  /** Words before an event's note that say what the note is ("Follow-up: "). */
  notePrefix?: (kind: string) => string;
}

/**
 * A record's history, oldest first, as a list of dated sentences: every record page's timeline,
 * each with its own sentences (and, for some events, details).
 */
export function Timeline({
  events,
  namespace,
  describe,
  classPrefix = 'timeline',
  details,
  notePrefix,
}: TimelineProps) {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  if (sorted.length === 0) return <p class="empty">Nothing has happened yet.</p>;
  return (
    <ol class="timeline">
      {sorted.map((event) => {
        const kind = event.type.startsWith(`${namespace}.`) ? event.type.slice(namespace.length + 1) : event.type;
        return (
          <li key={event.id} class={`timeline-event ${classPrefix}-${kind}`}>
            <span class="timeline-what">{describe(event)}</span>
            {details?.(event)}
            <span class="timeline-when">
              <Time iso={event.at} withTime />
            </span>
            {event.note && (
              <p class="timeline-note">
                {notePrefix?.(kind)}
                {event.note}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
