import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/problem.ts';

/**
 * A list the API pages with a cursor: its first page, "show more" along the cursor, and its
 * items, which a page may update in place after a change. `load` reads one page; give it by
 * `useCallback`, so that the list starts again from its first page when what it lists changes.
 * A stale answer (`load` changed while a page was loading) is dropped.
 */
export function useCursorList<T>(load: (cursor: string | null) => Promise<{ items: T[]; cursor: string | null }>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setLoadError(null);
      try {
        const page = await load(after);
        if (mine !== generation.current) return;
        setItems((current) => (after && current ? [...current, ...page.items] : page.items));
        setCursor(page.cursor);
      } catch (error) {
        if (mine === generation.current) setLoadError(describeError(error));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [load],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  return {
    items,
    setItems,
    loading,
    loadError,
    hasMore: cursor !== null,
    reload: () => fetchPage(null),
    loadMore: () => fetchPage(cursor),
  };
}
