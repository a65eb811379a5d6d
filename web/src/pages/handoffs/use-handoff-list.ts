import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type HandoffFilters, handoffsApi } from '../../api/handoffs.ts';
import { ApiError, describeError } from '../../api/problem.ts';
import type { Handoff } from '../../api/types.ts';

/**
 * A list of handoffs in the API's order (an inbox lists the overdue ones first, the rest newest
 * first): its first page, "show more" along the cursor, and local updates after a change. A
 * stale answer (the filters changed while a page was loading) is dropped.
 */
export function useHandoffList(filters: Omit<HandoffFilters, 'cursor' | 'limit'>) {
  const [items, setItems] = useState<Handoff[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const generation = useRef(0);
  const { box, teamId, status, overdue } = filters;

  const fetchPage = useCallback(
    async (after: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setLoadError(null);
      try {
        const page = await handoffsApi.list({ box, teamId, status, overdue, cursor: after });
        if (mine !== generation.current) return;
        setItems((current) => (after && current ? [...current, ...page.items] : page.items));
        setCursor(page.cursor);
      } catch (error) {
        if (mine === generation.current) setLoadError(describeError(error));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [box, teamId, status, overdue],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  const replace = (updated: Handoff) =>
    setItems((current) => current?.map((item) => (item.id === updated.id ? updated : item)) ?? null);

  return {
    items,
    loading,
    loadError,
    hasMore: cursor !== null,
    loadMore: () => fetchPage(cursor),
    /** Puts the handoff as the API answered it in place of the one listed. */
    changed: replace,
    /** Reads one handoff afresh (after a 412 says it changed); one that is gone (404) leaves the list. */
    async refresh(id: string): Promise<void> {
      try {
        const { timeline: _timeline, ...fresh } = await handoffsApi.get(id);
        replace(fresh);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          setItems((current) => current?.filter((item) => item.id !== id) ?? null);
        } else throw error;
      }
    },
  };
}
