import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '#domain/notifications/mailer.ts';

/** SES v2 from a verified sender identity. */
export function createSesMailer(options: { from: string; region?: string; client?: SESv2Client }): Mailer {
  const client = options.client ?? new SESv2Client(options.region ? { region: options.region } : {});
  return {
    async send(message) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
              ...(message.unsubscribeUrl
                ? {
                    Headers: [
                      { Name: 'List-Unsubscribe', Value: `<${message.unsubscribeUrl}>` },
                      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
                    ],
                  }
                : {}),
            },
          },
        }),
      );
    },
  };
}
