import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { customerRecordsApi } from '../../api/customers.ts';
import type { Customer } from '../../api/types.ts';

/** Whether a customer answers to what was typed in a picker: its name or its domain contains it. */
export function matchesCustomer(customer: Customer, term: string): boolean {
  const wanted = term.trim().toLowerCase();
  return !wanted || customer.name.toLowerCase().includes(wanted) || (customer.domain?.includes(wanted) ?? false);
}

/**
 * Every customer a picker can offer, by name: the ones already read, plus the ones the server
 * finds by names that start with what was typed. The lists read at most the first thousand
 * customers, and an organisation that imported more must still find the rest. What the server
 * found stays known, so a customer chosen stays in the picker when the search changes.
 */
export function useCustomerSearch(read: readonly Customer[], term: string): Customer[] {
  const [found, setFound] = useState<Customer[]>([]);
  const known = useRef(new Map<string, Customer>());

  useEffect(() => {
    const wanted = term.trim();
    if (!wanted) return;
    let current = true;
    // A pause in typing, so a name typed quickly is one request, not one per letter.
    const timer = setTimeout(() => {
      customerRecordsApi.list({ name: wanted, limit: 50 }).then(
        (page) => current && setFound(page.items),
        () => current && setFound([]),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [term]);

  return useMemo(() => {
    for (const customer of [...read, ...found]) known.current.set(customer.id, customer);
    return [...known.current.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [read, found]);
}
