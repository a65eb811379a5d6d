const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "12 Nov 2026": for tables, where the day is what matters. */
export function formatDay(iso: string): string {
  const date = parse(iso);
  return date ? dayFormat.format(date) : iso;
}

/**
 * A calendar date (`2026-11-12`, a play's due date) as "12 Nov 2026": read at noon, so the
 * browser's zone never moves it to the day before.
 */
export function formatCalendarDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? formatDay(`${date}T12:00:00`) : date;
}

/** "12 Nov 2026, 14:05": for a record's own page and its timeline. */
export function formatDateTime(iso: string): string {
  const date = parse(iso);
  return date ? dateTimeFormat.format(date) : iso;
}

/** A `<time>` element: the readable date, with the machine-readable one in `datetime`. */
export function Time({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  return <time dateTime={iso}>{withTime ? formatDateTime(iso) : formatDay(iso)}</time>;
}
