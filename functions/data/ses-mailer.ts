import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '#domain/notifications/mailer.ts';

/**
 * SES v2 from a verified sender identity, through the configuration set that turns bounces and
 * complaints into suppression (infra/aws/mail.ts).
 */
export function createSesMailer(options: {
  from: string;
  region?: string;
  client?: SESv2Client;
  configurationSetName?: string | undefined;
}): Mailer {
  const client = options.client ?? new SESv2Client(options.region ? { region: options.region } : {});
  return {
    async send(message) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
              ...(message.oneClickUnsubscribeUrl
                ? {
                    Headers: [
                      { Name: 'List-Unsubscribe', Value: `<${message.oneClickUnsubscribeUrl}>` },
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
