import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api/problem.ts';
import { type ReferralFilters, referralsApi } from '../../api/referrals.ts';
import type { Referral } from '../../api/types.ts';

/** How many pages of overdue referrals the queue reads ahead of the rest, at most. */
const maxOverduePages = 4;

/**
 * A list of referrals: its first page, "show more" along the cursor, and local updates after a
 * change. With `overdueFirst`, the referrals still waiting for a first response past their due
 * date are read first and lead the list (the API lists newest first); the rest follow, without
 * them. A stale answer (the filters changed while a page was loading) is dropped.
 */
export function useReferralList(filters: ReferralFilters, overdueFirst: boolean) {
  const [overdue, setOverdue] = useState<Referral[]>([]);
  const [rest, setRest] = useState<Referral[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const generation = useRef(0);
  const { status, ownerId } = filters;

  const fetchPage = useCallback(
    async (after: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      setLoadError(null);
      try {
        let leading: Referral[] | null = null;
        if (!after && overdueFirst && (status === undefined || status === 'submitted')) {
          leading = [];
          let next: string | null = null;
          for (let page = 0; page < maxOverduePages; page++) {
            const answer = await referralsApi.list({
              status: 'submitted',
              ownerId,
              overdue: true,
              cursor: next,
              limit: 50,
            });
            leading.push(...answer.items);
            next = answer.cursor;
            if (!next) break;
          }
        }
        const page = await referralsApi.list({ status, ownerId, cursor: after });
        if (mine !== generation.current) return;
        if (!after) setOverdue(leading ?? []);
        setRest((current) => (after && current ? [...current, ...page.items] : page.items));
        setCursor(page.cursor);
      } catch (error) {
        if (mine === generation.current) setLoadError(describeError(error));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [status, ownerId, overdueFirst],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  const leadingIds = new Set(overdue.map((referral) => referral.id));
  const items = rest === null ? null : [...overdue, ...rest.filter((referral) => !leadingIds.has(referral.id))];
  const replace = (updated: Referral) => {
    const swap = (list: Referral[]) => list.map((item) => (item.id === updated.id ? { ...item, ...updated } : item));
    setOverdue(swap);
    setRest((current) => (current ? swap(current) : current));
  };
  const remove = (id: string) => {
    setOverdue((list) => list.filter((item) => item.id !== id));
    setRest((current) => current?.filter((item) => item.id !== id) ?? null);
  };

  return {
    items,
    loading,
    loadError,
    hasMore: cursor !== null,
    loadMore: () => fetchPage(cursor),
    reload: () => fetchPage(null),
    /** Puts the referral as the API answered it in place of the one listed. */
    changed: replace,
    /**
     * Reads one referral afresh (after a 412 says it changed) and puts it in place; a referral
     * that is gone (404) leaves the list.
     */
    async refresh(id: string): Promise<void> {
      try {
        const {
          timeline: _timeline,
          internalNotes: _notes,
          conflicts: _conflicts,
          ...fresh
        } = await referralsApi.get(id);
        replace(fresh);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) remove(id);
        else throw error;
      }
    },
  };
}
