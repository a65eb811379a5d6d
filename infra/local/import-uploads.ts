import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ulid } from 'ulid';
import type { Db } from '#data/client.ts';
import { type LocalImportFiles, localImportFiles } from '#data/import-files.ts';
import { maxImportFileBytes } from '#domain/imports/jobs.ts';
import type { Mailer } from '#domain/notifications/mailer.ts';
import { logger } from '#lib/logger.ts';
import { type ImportRunnerDeps, mailInvitation, resumeStalledImports, runImportJob } from '#services/import-jobs.ts';
import type { ReactionContext } from '#services/reaction.ts';

/**
 * The local twin of the imports bucket and its worker: the upload URL is this server's
 * (signed like a presigned one), the file lands in a directory (`.data/imports/`, or a
 * temporary one), and the PUT starts the same runner the S3 event starts in AWS, in this
 * process. A timer resumes what a stopped server left unfinished.
 */
export interface LocalImports {
  readonly files: LocalImportFiles;
  readonly routes: Hono;
  /** Resolves once every run started here has ended (tests wait for it). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createLocalImports(options: {
  db: Db;
  dir: string;
  baseUrl: string;
  mailer: Mailer;
  notify: ReactionContext;
  /** How often stalled jobs are resumed; 0 turns the timer off. */
  resumeIntervalMs?: number;
}): LocalImports {
  const files = localImportFiles({
    dir: options.dir,
    baseUrl: options.baseUrl,
    secret: randomBytes(32).toString('hex'),
  });
  let stopping = false;
  const running = new Set<Promise<unknown>>();
  const deps: ImportRunnerDeps = {
    db: options.db,
    files,
    invite: mailInvitation(options.mailer, options.baseUrl),
    notify: options.notify,
    afterBatch: () => {
      // A stopping server leaves the job at its checkpoint, as Ctrl-C would: the next start resumes it.
      if (stopping) throw new StoppedError();
    },
  };
  const track = (work: Promise<unknown>) => {
    const run = work
      .catch((error: unknown) => {
        if (!(error instanceof StoppedError)) {
          logger.warn('import job failed to run', { error: error instanceof Error ? error.message : String(error) });
        }
      })
      .finally(() => running.delete(run));
    running.add(run);
  };

  const routes = new Hono();
  routes.put(
    '/imports/:id',
    bodyLimit({
      maxSize: maxImportFileBytes,
      onError: (c) => c.text(`The file may be at most ${maxImportFileBytes / 1024 / 1024} MB.`, 413),
    }),
    async (c) => {
      const id = c.req.param('id');
      // What S3 answers a bad presigned URL: 403, and nothing stored.
      if (
        !/^[0-9A-Z]{26}$/.test(id) ||
        !files.verify(id, c.req.query('expires'), c.req.query('signature'), new Date())
      ) {
        return c.text('The upload URL is not valid, or has expired.', 403);
      }
      await files.write(id, new Uint8Array(await c.req.arrayBuffer()));
      track(runImportJob(deps, id, ulid()));
      return c.body(null, 200);
    },
  );

  const interval = options.resumeIntervalMs ?? 5_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          if (running.size === 0 && !stopping) track(resumeStalledImports(deps));
        }, interval)
      : undefined;
  timer?.unref();

  return {
    files,
    routes,
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      await Promise.all([...running]);
    },
  };
}

class StoppedError extends Error {}
