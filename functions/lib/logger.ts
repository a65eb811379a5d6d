import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Log lines carry ids (request, user, record), never names, e-mail
 * addresses or free text a user wrote: those are personal data.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'total-customer',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'SILENT' | undefined) ?? 'INFO',
});
