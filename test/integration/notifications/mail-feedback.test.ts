import type { SNSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#data/client.ts';
import { getPreferences } from '#data/notification-repository.ts';
import { notificationKinds } from '#domain/notifications/schemas.ts';
import { createTestTable, type Organisation, seedOrganisation } from '#test/harness.ts';
import { createMailFeedbackHandler } from '../../../functions/handlers/mail-feedback.ts';

let db: Db;
let org: Organisation;
const now = new Date('2026-03-02T09:00:00Z');

beforeAll(async () => {
  db = await createTestTable();
  org = await seedOrganisation(db);
});

/** An SES event as the configuration set publishes it to SNS, and SNS hands it to Lambda. */
function anSnsEvent(sesEvent: Record<string, unknown>): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-west-2:123456789012:TotalCustomer-MailFeedbackTopic:1',
        Sns: {
          Type: 'Notification',
          MessageId: 'b1a5c3d2-0000-4000-8000-000000000001',
          TopicArn: 'arn:aws:sns:eu-west-2:123456789012:TotalCustomer-MailFeedbackTopic',
          Subject: 'Amazon SES Email Event Notification',
          Message: JSON.stringify({ mail: { messageId: 'ses-1', source: 'portal@mail.example.com' }, ...sesEvent }),
          Timestamp: now.toISOString(),
          SignatureVersion: '1',
          Signature: 'x',
          SigningCertUrl: 'https://sns.eu-west-2.amazonaws.com/cert.pem',
          UnsubscribeUrl: 'https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

const handler = () => createMailFeedbackHandler(db, () => now);
const everyKindOff = Object.fromEntries(notificationKinds.map((kind) => [kind, false]));

describe('bounces and complaints from SES', () => {
  it('turn every kind of e-mail off for the directory user a permanent bounce names', async () => {
    const user = org.users.northwindPartner;
    const result = await handler()(
      anSnsEvent({
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: user.email.toUpperCase() }] },
      }),
    );
    expect(result).toEqual({ usersMarked: 1 });
    expect((await getPreferences(db, user.id)).email).toEqual(everyKindOff);
  });

  it('do the same for a complaint', async () => {
    const user = org.users.advocate;
    const result = await handler()(
      anSnsEvent({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: user.email }] } }),
    );
    expect(result).toEqual({ usersMarked: 1 });
    expect((await getPreferences(db, user.id)).email).toEqual(everyKindOff);
  });

  it('leave a user alone after a transient bounce, and ignore addresses of nobody', async () => {
    const user = org.users.bluewavePartner;
    const transient = await handler()(
      anSnsEvent({
        eventType: 'Bounce',
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: user.email }] },
      }),
    );
    const stranger = await handler()(
      anSnsEvent({
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'nobody@elsewhere.example' }] },
      }),
    );
    expect([transient, stranger]).toEqual([{ usersMarked: 0 }, { usersMarked: 0 }]);
    expect(Object.values((await getPreferences(db, user.id)).email).every(Boolean)).toBe(true);
  });
});
