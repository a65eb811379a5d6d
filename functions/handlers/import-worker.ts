import type { Context, S3Event, ScheduledEvent } from 'aws-lambda';
import { createDb } from '#data/client.ts';
import { cognitoIdentityAccounts } from '#data/identity-accounts.ts';
import { jobIdOfObjectKey, s3ImportFiles } from '#data/import-files.ts';
import { secretReader, unsubscribeSecretOf } from '#data/secrets.ts';
import { createSesMailer } from '#data/ses-mailer.ts';
import { noMailer } from '#domain/notifications/mailer.ts';
import { config } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import { type ImportRunnerDeps, resumeStalledImports, runImportJob } from '#services/import-jobs.ts';

// Read once per execution environment, as the notifier does: the leader's "import finished"
// e-mail carries an unsubscribe link signed with the same secret the API checks.
const unsubscribeSecret = await unsubscribeSecretOf(secretReader({ region: config.AWS_REGION }), config);

/** Stopping a batch early, so that the next run (the schedule's) goes on from the checkpoint. */
class OutOfTime extends Error {}

/** A minute is more than any batch takes: stop there rather than be cut off mid-batch. */
const reserveMs = 60_000;

function deps(context: Context | undefined): ImportRunnerDeps {
  if (!config.IMPORT_BUCKET) throw new Error('IMPORT_BUCKET is not set.');
  return {
    db: createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }),
    files: s3ImportFiles(config.IMPORT_BUCKET),
    ...(config.USER_POOL_ID ? { accounts: cognitoIdentityAccounts(config.USER_POOL_ID) } : {}),
    notify: {
      db: createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }),
      now: () => new Date(),
      mailer: config.MAIL_FROM ? createSesMailer({ from: config.MAIL_FROM, region: config.AWS_REGION }) : noMailer,
      webBaseUrl: config.WEB_BASE_URL,
      unsubscribeSecret,
      timeZone: config.ORG_TIME_ZONE,
    },
    afterBatch: () => {
      if (context && context.getRemainingTimeInMillis() < reserveMs) throw new OutOfTime();
    },
  };
}

/**
 * The import worker: the imports bucket's "object created" event starts the job of each file
 * uploaded; the schedule resumes jobs whose runner stopped (out of time, or died), from their
 * last checkpoint. The API never runs a job.
 */
export async function handler(event: S3Event | ScheduledEvent, context?: Context): Promise<void> {
  const runner = deps(context);
  const jobIds =
    'Records' in event
      ? event.Records.map((record) => jobIdOfObjectKey(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))))
      : [];
  try {
    for (const jobId of jobIds) {
      if (jobId) await runImportJob(runner, jobId);
    }
    if (!('Records' in event)) await resumeStalledImports(runner);
  } catch (error) {
    // Out of time: the checkpoint holds, and the schedule goes on once the lease lapses.
    if (error instanceof OutOfTime) {
      logger.info('import paused for the next run', { jobIds });
      return;
    }
    throw error;
  }
}
