import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, MailMessage } from '#domain/notifications/mailer.ts';

/** A message as the sink keeps it: one JSON file per message. */
export interface SunkMail extends MailMessage {
  readonly sentAt: string;
}

/**
 * The local stack's SES: each message becomes a file under `.data/mail/`, named by the time it
 * was sent and its id (one per notification and recipient, so a redelivery rewrites the same
 * file). The local server lists them at /dev/mail.
 */
export function createMailSink(dir: string): Mailer & { list(): Promise<SunkMail[]> } {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      const safeId = message.id.replace(/[^A-Za-z0-9_-]/g, '_');
      const sunk: SunkMail = { ...message, sentAt: new Date().toISOString() };
      await writeFile(join(dir, `${safeId}.json`), `${JSON.stringify(sunk, null, 2)}\n`);
    },
    async list() {
      let names: string[];
      try {
        names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
      } catch {
        return [];
      }
      const messages = await Promise.all(
        names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as SunkMail),
      );
      return messages.sort((a, b) => b.sentAt.localeCompare(a.sentAt) || b.id.localeCompare(a.id));
    },
  };
}
