import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '#data/client.ts';
import { config } from '#lib/config.ts';
import { reconcile } from '#services/reconcile.ts';
import { startDynamo } from './dynamodb.ts';

/**
 * `npm run reconcile [-- --fix]`: recomputes every scorecard aggregate from the raw records,
 * prints the differences and, with --fix, repairs them. Against the running local stack, pass
 * its DynamoDB Local (`DYNAMODB_ENDPOINT=http://localhost:… npm run reconcile`); without it,
 * the data in .data/ is opened (the stack must then be stopped). Against a deployed table:
 * `npm run reconcile -- --table <TableName> --region eu-west-2 [--profile admin] [--fix]`
 * (the runbook in docs/deploy.md).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fix: { type: 'boolean', default: false },
      table: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const fix = values.fix === true;
  // The SDK's default credential chain reads the profile from the environment.
  if (values.profile) process.env.AWS_PROFILE = values.profile;
  const deployed = values.table !== undefined;
  if (deployed && !values.region && !process.env.AWS_REGION) {
    throw new Error('Give the table’s region: --region (or AWS_REGION).');
  }
  const ownDynamo =
    deployed || config.DYNAMODB_ENDPOINT
      ? undefined
      : await startDynamo({ dataDir: resolve(import.meta.dirname, '../../.data/dynamodb') });
  const endpoint = deployed ? undefined : (config.DYNAMODB_ENDPOINT ?? ownDynamo?.endpoint);
  const db = createDb({
    tableName: values.table ?? config.TABLE_NAME,
    region: ownDynamo ? 'local' : (values.region ?? config.AWS_REGION),
    endpoint,
  });
  try {
    const result = await reconcile(db, { timeZone: config.ORG_TIME_ZONE, fix });
    for (const difference of result.differences) {
      const { expected, actual } = difference;
      console.log(
        `${difference.key}: expected count ${expected.count} n ${expected.n} sum ${expected.sum}, ` +
          `found count ${actual.count} n ${actual.n} sum ${actual.sum}`,
      );
    }
    for (const difference of result.memberDifferences) {
      const state = !difference.actual ? 'missing' : !difference.expected ? 'not explained by any record' : 'differs';
      console.log(`member ${difference.key}: ${state}`);
    }
    const found = result.differences.length + result.memberDifferences.length;
    console.log(
      `${result.recordsScanned} records, ${result.aggregatesCompared} aggregates, ${result.membersCompared} members, ` +
        `${result.differences.length} aggregate and ${result.memberDifferences.length} member differences` +
        (fix ? `, ${result.fixed + result.membersFixed} repaired` : found ? ' (run with --fix to repair)' : ''),
    );
    process.exitCode = found > 0 && !fix ? 1 : 0;
  } finally {
    db.doc.destroy();
    await ownDynamo?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`Reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
