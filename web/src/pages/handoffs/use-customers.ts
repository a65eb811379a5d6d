import { useEffect, useMemo, useState } from 'preact/hooks';
import { customerRecordsApi } from '../../api/customers.ts';
import { ApiError } from '../../api/problem.ts';
import type { Customer } from '../../api/types.ts';

/** How many pages of 100 customers the picker reads at most. */
const maxPages = 5;
const freshForMs = 60_000;
let cached: { at: number; promise: Promise<Customer[] | null> } | null = null;

/** Every customer by name, or null when the API has no customer list for the caller (404, 403). */
function loadCustomers(): Promise<Customer[] | null> {
  if (cached && Date.now() - cached.at < freshForMs) return cached.promise;
  const promise = (async () => {
    const items: Customer[] = [];
    let cursor: string | null = null;
    try {
      for (let page = 0; page < maxPages; page++) {
        const answer: { items: Customer[]; cursor: string | null } = await customerRecordsApi.list({
          cursor,
          limit: 100,
        });
        items.push(...answer.items);
        cursor = answer.cursor;
        if (!cursor) break;
      }
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
      throw error;
    }
    return items.sort((a, b) => a.name.localeCompare(b.name));
  })();
  cached = { at: Date.now(), promise };
  promise.catch(() => {
    cached = null;
  });
  return promise;
}

export interface Customers {
  /** `unavailable` when the customer list cannot be read: the screens then leave customers out. */
  state: 'loading' | 'loaded' | 'unavailable';
  list: Customer[];
  name(id: string | undefined): string | undefined;
}

/** The external customers a handoff can concern: the form's picker, and names for the lists. */
export function useCustomers(): Customers {
  const [list, setList] = useState<Customer[] | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    loadCustomers().then(
      (loaded) => current && setList(loaded),
      () => current && setList(null),
    );
    return () => {
      current = false;
    };
  }, []);
  return useMemo(() => {
    const names = new Map((list ?? []).map((customer) => [customer.id, customer.name]));
    return {
      state: list === undefined ? 'loading' : list === null ? 'unavailable' : 'loaded',
      list: list ?? [],
      name: (id) => (id ? names.get(id) : undefined),
    };
  }, [list]);
}
