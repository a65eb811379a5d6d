/** One e-mail: to one recipient, in plain text and HTML. */
export interface MailMessage {
  /** Stable per notification, so that a redelivered event writes (or sends) the same message. */
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The unsubscribe page, linked in the body: it asks before it unsubscribes. */
  readonly unsubscribeUrl?: string | undefined;
  /**
   * The one-click unsubscribe address (RFC 8058) of the `List-Unsubscribe` header: the API
   * route a mail client POSTs `List-Unsubscribe=One-Click` to, not the page, which takes GET only.
   */
  readonly oneClickUnsubscribeUrl?: string | undefined;
}

/** Where e-mail goes: SES when deployed, a directory of files in the local stack, a list in tests. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A mailer that sends nothing: for a deployment without a sender identity. */
export const noMailer: Mailer = { async send() {} };
