import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '#domain/customers/schemas.ts';
import type { Db } from './client.ts';
import { eventPut } from './events.ts';
import { customerKeys } from './keys.ts';
import { send, type TransactItem } from './send.ts';

/** The customer already known under any of a prospect's keys, if there is one. */
export async function findCustomerIdByProspect(db: Db, prospectKeys: readonly string[]): Promise<string | undefined> {
  if (prospectKeys.length === 0) return undefined;
  const result = await send(() =>
    db.doc.send(
      new BatchGetCommand({
        RequestItems: {
          [db.tableName]: { Keys: prospectKeys.map((key) => customerKeys.prospectMarker(key)), ConsistentRead: true },
        },
      }),
    ),
  );
  const markers = result.Responses?.[db.tableName] ?? [];
  // Keys are tried in the prospect's order (name first, then domain), whatever order the batch returns.
  for (const key of prospectKeys) {
    const marker = markers.find((item) => item.pk === customerKeys.prospectMarker(key).pk);
    if (typeof marker?.customerId === 'string') return marker.customerId;
  }
  return undefined;
}

/** The writes that create a customer: the record, its prospect markers and its event. */
export function customerCreateItems(db: Db, customer: Customer, actorId: string): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...customerKeys.byId(customer.id),
          ...customerKeys.all(customer.name, customer.id),
          entity: 'customer',
          ...customer,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...customer.prospectKeys.map(
      (key): TransactItem => ({
        Put: {
          TableName: db.tableName,
          Item: { ...customerKeys.prospectMarker(key), entity: 'customer-key', customerId: customer.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    ),
    eventPut(db, {
      recordType: 'customer',
      recordId: customer.id,
      recordPk: customerKeys.byId(customer.id).pk,
      type: 'customer.created',
      actorId,
      at: customer.createdAt,
      before: null,
      after: { lifecycle: customer.lifecycle, referredBy: customer.referredBy ?? null },
    }).item,
  ];
}
