import type { SNSEvent } from 'aws-lambda';
import { createDb, type Db } from '#data/client.ts';
import { config } from '#lib/config.ts';
import { applyMailFeedback } from '#services/mail-feedback.ts';

/**
 * Bounces and complaints, as the SES configuration set publishes them to SNS (infra/aws/mail.ts).
 * A failure throws: SNS invokes asynchronously, so Lambda retries and then parks the notice on
 * the dead-letter queue.
 */
export function createMailFeedbackHandler(db: Db, now: () => Date = () => new Date()) {
  return async (event: SNSEvent): Promise<{ usersMarked: number }> => {
    let usersMarked = 0;
    for (const record of event.Records) {
      usersMarked += (await applyMailFeedback(db, record.Sns.Message, now())).usersMarked;
    }
    return { usersMarked };
  };
}

const db = createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });

export const handler = createMailFeedbackHandler(db);
