import { createDb } from '#data/client.ts';
import { config } from '#lib/config.ts';
import { sweep } from '#services/sweeper.ts';

const db = createDb({ tableName: config.TABLE_NAME, region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });

/** Run by an EventBridge schedule in AWS, by a timer in the local stack. */
export const handler = async () => sweep(db, new Date());
