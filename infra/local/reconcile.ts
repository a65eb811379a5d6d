import { resolve } from 'node:path';
import { createDb } from '#data/client.ts';
import { config } from '#lib/config.ts';
import { reconcile } from '#services/reconcile.ts';
import { startDynamo } from './dynamodb.ts';

/**
 * `npm run reconcile [-- --fix]`: recomputes every scorecard aggregate from the raw records,
 * prints the differences and, with --fix, repairs them. Against the running local stack, pass
 * its DynamoDB Local (`DYNAMODB_ENDPOINT=http://localhost:… npm run reconcile`); without it,
 * the data in .data/ is opened (the stack must then be stopped).
 */
async function main(): Promise<void> {
  const fix = process.argv.includes('--fix');
  const ownDynamo = config.DYNAMODB_ENDPOINT
    ? undefined
    : await startDynamo({ dataDir: resolve(import.meta.dirname, '../../.data/dynamodb') });
  const endpoint = config.DYNAMODB_ENDPOINT ?? ownDynamo?.endpoint;
  const db = createDb({ tableName: config.TABLE_NAME, region: ownDynamo ? 'local' : config.AWS_REGION, endpoint });
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
