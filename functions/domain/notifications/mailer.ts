/** One e-mail: to one recipient, in plain text and HTML. */
export interface MailMessage {
  /** Stable per notification, so that a redelivered event writes (or sends) the same message. */
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The one-click unsubscribe address (RFC 8058), also linked in the body. */
  readonly unsubscribeUrl?: string | undefined;
}

/** Where e-mail goes: SES when deployed, a directory of files in the local stack, a list in tests. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A mailer that sends nothing: for a deployment without a sender identity. */
export const noMailer: Mailer = { async send() {} };
