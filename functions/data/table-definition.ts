/**
 * The one definition of the portal's single table. The CDK stack (infra/aws) and the local
 * bootstrap (infra/local) both read it, so the two homes cannot drift apart.
 *
 * Index names say which access pattern they serve; docs/data-model.md lists every entity and
 * pattern that uses them.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly indexes: readonly IndexDefinition[];
  readonly timeToLiveAttribute: string;
}

/**
 * Each index's partition and sort key attributes, by the index's name: declared once, read by
 * the table's definition below and by the repositories' queries.
 */
export const indexKeys = {
  // Collections, newest first or by name: every referral, every team, every user, …
  byCollection: ['gsi1pk', 'gsi1sk'],
  // The records one party may see: a partner organisation's referrals, an advocate's own, …
  byParty: ['gsi2pk', 'gsi2sk'],
  // Secondary scoping: records by owner, by referrer, by status, …
  byOwner: ['gsi3pk', 'gsi3sk'],
  // What falls due, ordered by due time: read by the SLA sweeper, never by a request.
  byDueDate: ['duepk', 'duesk'],
} as const;

export type IndexName = keyof typeof indexKeys;

export const tableDefinition: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: Object.entries(indexKeys).map(([name, [partitionKey, sortKey]]) => ({
    name,
    partitionKey: { name: partitionKey, type: 'S' },
    sortKey: { name: sortKey, type: 'S' },
  })),
  timeToLiveAttribute: 'ttl',
};
