import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createDb } from '#data/client.ts';
import { secretReader, unsubscribeSecretOf } from '#data/secrets.ts';
import { createSesMailer } from '#data/ses-mailer.ts';
import { noMailer } from '#domain/notifications/mailer.ts';
import { config } from '#lib/config.ts';
import { eventReactions } from '#services/event-reactions.ts';
import { processEventBatch } from '#services/notifier.ts';
import type { NamedReaction, ReactionContext } from '#services/reaction.ts';

export type NotifierHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** The events consumer on a given context: the Lambda's, and the local stack's second stream poller's. */
export function createNotifierHandler(
  ctx: ReactionContext,
  reactions: readonly NamedReaction[] = eventReactions,
): NotifierHandler {
  return async (event) => {
    const { batchItemFailures } = await processEventBatch(ctx, reactions, event);
    return { batchItemFailures };
  };
}

const db = createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
// Read during initialisation, once per execution environment (functions/data/secrets.ts).
const unsubscribeSecret = await unsubscribeSecretOf(secretReader({ region: config.AWS_REGION }), config);

/** Run by the table's stream event source (ReportBatchItemFailures) in AWS. */
export const handler: NotifierHandler = createNotifierHandler({
  db,
  now: () => new Date(),
  mailer: config.MAIL_FROM
    ? createSesMailer({
        from: config.MAIL_FROM,
        region: config.AWS_REGION,
        configurationSetName: config.MAIL_CONFIGURATION_SET,
      })
    : noMailer,
  webBaseUrl: config.WEB_BASE_URL,
  unsubscribeSecret,
  timeZone: config.ORG_TIME_ZONE,
});
