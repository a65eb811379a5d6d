import type { Db } from '#data/client.ts';
import type { Mailer } from '#domain/notifications/mailer.ts';
import type { TimelineEvent } from '#domain/timeline/event.ts';

/**
 * What a reaction to a timeline event is given and must be. The list of reactions
 * (./event-reactions.ts) imports the reactions; they import only this, so there is no loop.
 */

/** A timeline event as it arrived on the stream, with its record's partition key. */
export interface StreamedEvent extends TimelineEvent {
  /** The record's partition (`REFERRAL#…`): the record item is `{pk, sk: <TYPE>}`. */
  readonly recordPk: string;
}

export interface ReactionContext {
  readonly db: Db;
  readonly now: () => Date;
  /** Where e-mail goes: SES when deployed, the mail sink under `.data/mail/` locally. */
  readonly mailer: Mailer;
  /** The web app's address, for links back to a record in e-mail. */
  readonly webBaseUrl: string;
  /** Signs the unsubscribe links of e-mail. */
  readonly unsubscribeSecret: string;
  /** The organisation's time zone, for dates in e-mail. */
  readonly timeZone: string;
}

export type EventReaction = (ctx: ReactionContext, event: StreamedEvent) => Promise<void>;

export interface NamedReaction {
  readonly name: string;
  readonly react: EventReaction;
}
