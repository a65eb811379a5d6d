import { useEffect, useMemo, useState } from 'preact/hooks';
import { customerRecordsApi } from '../../api/customers.ts';
import type { Customer } from '../../api/types.ts';

/** How many pages of 100 customers are read at most: the pickers and the board name them all. */
const maxPages = 10;
const freshForMs = 60_000;
let cached: { at: number; promise: Promise<Customer[]> } | null = null;

async function loadAll(): Promise<Customer[]> {
  const all: Customer[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const answer = await customerRecordsApi.list({ cursor, limit: 100 });
    all.push(...answer.items);
    cursor = answer.cursor;
    if (!cursor) break;
  }
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

/** Forgets the customers read, after a change to one of them (a new customer, a new name). */
export function forgetCustomerIndex(): void {
  cached = null;
}

function load(): Promise<Customer[]> {
  if (cached && Date.now() - cached.at < freshForMs) return cached.promise;
  const promise = loadAll();
  cached = { at: Date.now(), promise };
  promise.catch(() => {
    cached = null;
  });
  return promise;
}

export interface CustomerIndex {
  loaded: boolean;
  failed: boolean;
  /** By name. */
  customers: Customer[];
  name(id: string): string | undefined;
}

/** Every customer the caller may see, by name, read once a minute: names for the ids issues carry. */
export function useCustomerIndex(): CustomerIndex {
  const [customers, setCustomers] = useState<Customer[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    load().then(
      (loaded) => current && setCustomers(loaded),
      () => {
        if (!current) return;
        setFailed(true);
        setCustomers([]);
      },
    );
    return () => {
      current = false;
    };
  }, []);
  return useMemo(() => {
    const byId = new Map((customers ?? []).map((customer) => [customer.id, customer.name]));
    return {
      loaded: customers !== null,
      failed,
      customers: customers ?? [],
      name: (id: string) => byId.get(id),
    };
  }, [customers, failed]);
}
