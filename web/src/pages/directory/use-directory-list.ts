import { useCallback, useState } from 'preact/hooks';
import type { ListOptions, Page } from '../../api/directory.ts';
import { useCursorList } from '../../components/use-cursor-list.ts';

interface DirectoryRecord {
  id: string;
  active: boolean;
}

/**
 * A directory list: its first page, "show more" along the cursor, the show-inactive toggle, and
 * local updates after a change so the list does not jump back to page one. A stale answer (the
 * toggle flipped while a page was loading) is dropped.
 */
export function useDirectoryList<T extends DirectoryRecord>(list: (options: ListOptions) => Promise<Page<T>>) {
  const [includeInactive, setIncludeInactive] = useState(false);
  const { items, setItems, loading, loadError, hasMore, reload, loadMore } = useCursorList(
    useCallback((cursor: string | null) => list({ includeInactive, cursor }), [list, includeInactive]),
  );

  return {
    includeInactive,
    setIncludeInactive,
    items,
    loading,
    loadError,
    hasMore,
    reload,
    loadMore,
    /** Puts a record just created at the top of the list. */
    added: (record: T) => setItems((current) => [record, ...(current ?? []).filter((item) => item.id !== record.id)]),
    /** Replaces a changed record; one just deactivated leaves the list unless inactive ones are shown. */
    changed: (record: T) =>
      setItems((current) =>
        (current ?? [])
          .map((item) => (item.id === record.id ? record : item))
          .filter((item) => includeInactive || item.active),
      ),
  };
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}
