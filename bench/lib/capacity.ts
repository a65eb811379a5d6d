/**
 * Capacity units by DynamoDB's published rules, because DynamoDB Local undercounts
 * transactions (it reports 2 WCU where DynamoDB charges 4 for two items).
 *
 * - Item size: attribute names plus values (strings and binary by their UTF-8 bytes, numbers
 *   about one byte per two significant digits plus one, booleans and nulls one byte, lists and
 *   maps three bytes plus one per element plus their contents).
 * - Reads: 1 RCU per 4 KB strongly consistent, half that eventually consistent, 2 per 4 KB in a
 *   transaction; a read of a missing item still costs the minimum. A Query adds up the sizes of
 *   every item it read and rounds once.
 * - Writes: 1 WCU per KB, 2 per KB in a transaction, per item; each global secondary index the
 *   item appears in costs an index write of the projected item (all attributes here).
 */
import type { TransactItem } from '#data/send.ts';
import { tableDefinition } from '#data/table-definition.ts';

const utf8 = (value: string) => Buffer.byteLength(value, 'utf8');

function numberSize(value: number): number {
  const digits = String(Math.abs(value)).replace('.', '').replace(/e.*$/i, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** The size of one attribute value, without its name. */
export function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(Number(value));
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueSize(element), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    return 3 + entries.reduce((sum, [name, inner]) => sum + 1 + utf8(name) + valueSize(inner), 0);
  }
  return 0;
}

/** The size of an item as DynamoDB bills it (undefined attributes are never sent). */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

/** The global secondary indexes an item appears in: those whose both key attributes it has. */
export function indexesOf(item: Record<string, unknown>): string[] {
  return tableDefinition.indexes
    .filter((index) => item[index.partitionKey.name] !== undefined && item[index.sortKey.name] !== undefined)
    .map((index) => index.name);
}

export interface Units {
  readonly rcu: number;
  readonly wcu: number;
  /** Of `wcu`, what the index writes cost. */
  readonly indexWcu: number;
}

export const none: Units = { rcu: 0, wcu: 0, indexWcu: 0 };

export const add = (a: Units, b: Units): Units => ({
  rcu: a.rcu + b.rcu,
  wcu: a.wcu + b.wcu,
  indexWcu: a.indexWcu + b.indexWcu,
});

export function getItemUnits(item: Record<string, unknown> | undefined, consistent = false): Units {
  const units = Math.max(1, Math.ceil((item ? itemSize(item) : 0) / 4096));
  return { rcu: consistent ? units : units / 2, wcu: 0, indexWcu: 0 };
}

/** A Query reads every item it returns (and, with a filter, those it dropped: not here). */
export function queryUnits(items: readonly Record<string, unknown>[], consistent = false): Units {
  const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return { rcu: consistent ? units : units / 2, wcu: 0, indexWcu: 0 };
}

/**
 * A TransactWriteItems: 2 WCU per KB of each Put (and each Update or Delete, by the item it
 * writes), 2 RCU per 4 KB of each ConditionCheck, and one standard index write per index a
 * written item appears in. (Whether DynamoDB doubles index writes made by a transaction is not
 * published; they are counted at the standard rate and shown apart.)
 */
export function transactWriteUnits(items: readonly TransactItem[]): Units {
  let total = none;
  for (const action of items) {
    if (action.Put) {
      const item = action.Put.Item as Record<string, unknown>;
      const kb = Math.max(1, Math.ceil(itemSize(item) / 1024));
      const indexWcu = indexesOf(item).length * kb;
      total = add(total, { rcu: 0, wcu: 2 * kb + indexWcu, indexWcu });
    } else if (action.ConditionCheck) {
      total = add(total, { rcu: 2, wcu: 0, indexWcu: 0 });
    } else if (action.Update || action.Delete) {
      total = add(total, { rcu: 0, wcu: 2, indexWcu: 0 });
    }
  }
  return total;
}
