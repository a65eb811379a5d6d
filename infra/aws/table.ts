import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type KeyAttribute, tableDefinition } from '#data/table-definition.ts';

/** What a function may do with the table. Neither includes `Scan`: no request path scans. */
export type TableAccess = 'read' | 'readWrite';

const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}

/**
 * The portal's single table, built from the one definition in functions/data/table-definition.ts
 * that the local bootstrap reads too. It outlives the stack: deleting the stack leaves the data.
 */
export class Table extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { readonly deletionProtection: boolean }) {
    super(scope, id);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // New and old images: the aggregator needs both to tell a transition from a write.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // A setting, off until the first deploy has succeeded: a create that fails rolls back by
      // deleting the new table, which deletion protection would refuse (docs/deploy.md).
      deletionProtection: props.deletionProtection,
      // The AWS managed key: encrypted at rest, without a customer managed key's monthly fee and
      // the key policy every reader would need.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // Kept when the stack is deleted or the table replaced; deleted only when the stack's
      // first create fails, when it holds nothing and would otherwise block the next attempt.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    for (const index of tableDefinition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /**
   * Grants item-level access, naming each index rather than `index/*` and leaving out `Scan`
   * and the table's control plane: the narrowest policy the data layer can work with.
   */
  grantData(grantee: iam.IGrantable, access: TableAccess): void {
    const tableArn = this.table.tableArn;
    const indexArns = tableDefinition.indexes.map((index) => `${tableArn}/index/${index.name}`);
    iam.Grant.addToPrincipal({
      grantee,
      actions: access === 'readWrite' ? [...readActions, ...writeActions] : readActions,
      resourceArns: [tableArn],
    });
    iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:Query'], resourceArns: indexArns });
  }
}
