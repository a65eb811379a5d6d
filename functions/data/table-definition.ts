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

export const tableDefinition: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [
    // Collections, newest first or by name: every referral, every team, every user, …
    { name: 'byCollection', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    // The records one party may see: a partner organisation's referrals, an advocate's own, …
    { name: 'byParty', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
    // Secondary scoping: records by owner, by referrer, by status, …
    { name: 'byOwner', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
    // What falls due, ordered by due time: read by the SLA sweeper, never by a request.
    { name: 'byDueDate', partitionKey: { name: 'duepk', type: 'S' }, sortKey: { name: 'duesk', type: 'S' } },
  ],
  timeToLiveAttribute: 'ttl',
};
