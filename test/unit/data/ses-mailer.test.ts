import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSesMailer } from '#data/ses-mailer.ts';

const ses = mockClient(SESv2Client);

beforeEach(() => {
  ses.reset();
});

describe('the SES mailer', () => {
  it('sends one message from the sender identity to its one recipient, text and HTML, with the one-click unsubscribe headers', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const mailer = createSesMailer({
      from: 'portal@mail.example.com',
      client: new SESv2Client({ region: 'eu-west-1' }),
      configurationSetName: 'TotalCustomer-mail',
    });
    await mailer.send({
      id: 'event-1-user-1',
      to: 'nora@northwind.example',
      subject: 'Total Customer: Your referral of Acme was accepted',
      text: 'plain',
      html: '<p>html</p>',
      unsubscribeUrl: 'https://portal.example.test/unsubscribe?token=t',
      oneClickUnsubscribeUrl: 'https://portal.example.test/api/unsubscribe?token=t',
    });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'portal@mail.example.com',
      // Through the configuration set that suppresses bounces and complaints.
      ConfigurationSetName: 'TotalCustomer-mail',
      Destination: { ToAddresses: ['nora@northwind.example'] },
      Content: {
        Simple: {
          Subject: { Data: 'Total Customer: Your referral of Acme was accepted', Charset: 'UTF-8' },
          Body: { Text: { Data: 'plain', Charset: 'UTF-8' }, Html: { Data: '<p>html</p>', Charset: 'UTF-8' } },
          Headers: [
            // RFC 8058: the header names the URL a mail client POSTs the one-click form to.
            { Name: 'List-Unsubscribe', Value: '<https://portal.example.test/api/unsubscribe?token=t>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    });
  });

  it('lets a refusal from SES through, so the event is delivered again', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Throttled'), { name: 'TooManyRequestsException' }));
    const mailer = createSesMailer({
      from: 'portal@mail.example.com',
      client: new SESv2Client({ region: 'eu-west-1' }),
    });
    await expect(mailer.send({ id: 'x', to: 'a@example.test', subject: 's', text: 't', html: 'h' })).rejects.toThrow(
      'Throttled',
    );
  });
});
