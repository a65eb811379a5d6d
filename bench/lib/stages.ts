/**
 * The bench's figures as stages that a time limit or Ctrl-C can stop at any moment, so that a
 * stopped bench still prints what it measured, says what it did not, and exits cleanly.
 *
 * Stopping does not wait for the running stage: its work (a loader writing 100,000 records, an
 * autocannon batch) may take minutes to notice. The stage is left behind instead: its promise is
 * raced against the stop, and whatever it throws later (ECONNREFUSED once DynamoDB Local is
 * gone) is swallowed rather than crashing the report.
 */
export type StopReason = 'time limit' | 'interrupted';

export interface StageOutcome {
  readonly name: string;
  readonly state: 'done' | 'failed' | 'cut short' | 'skipped' | 'not chosen';
  readonly detail?: string;
}

export class StoppedError extends Error {
  constructor(readonly reason: StopReason) {
    super(`the bench was stopped (${reason})`);
    this.name = 'StoppedError';
  }
}

export class Stages {
  readonly outcomes: StageOutcome[] = [];
  #reason: StopReason | undefined;
  readonly #controller = new AbortController();
  readonly #only: ReadonlySet<string> | undefined;

  /** `only`: the stage names to run (`--only=`); every other one is reported as not chosen. */
  constructor(options: { only?: readonly string[] } = {}) {
    this.#only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  }

  get reason(): StopReason | undefined {
    return this.#reason;
  }

  /** Aborted when the bench is stopped: long loops may check it to stop sooner. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  stop(reason: StopReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller.abort(new StoppedError(reason));
  }

  /** Whether a stage of this name would run now (chosen, and the bench not stopped). */
  wants(name: string): boolean {
    return !this.#reason && this.#chosen(name);
  }

  /** A stage is chosen by its name or its first word (`requests` chooses every endpoint's). */
  #chosen(name: string): boolean {
    return this.#only === undefined || this.#only.has(name) || this.#only.has(name.split(' ')[0] ?? name);
  }

  /**
   * Runs `work` as the stage `name`, unless the bench is stopped or the stage was not chosen
   * (`always`: a step other stages need, such as starting the server, runs when any of them does).
   * Resolves with its result, or with undefined when it did not run, failed, or was cut short
   * by a stop; the outcome is recorded either way.
   */
  async run<T>(
    name: string,
    work: (signal: AbortSignal) => Promise<T>,
    options: { always?: boolean } = {},
  ): Promise<T | undefined> {
    if (this.#reason) {
      this.outcomes.push({ name, state: 'skipped', detail: `stopped (${this.#reason}) before it began` });
      return undefined;
    }
    if (!options.always && !this.#chosen(name)) {
      this.outcomes.push({ name, state: 'not chosen' });
      return undefined;
    }
    const running = work(this.signal);
    // Left behind by a stop, it may still fail: that is expected and must not crash the bench.
    running.catch(() => undefined);
    const stopped = new Promise<'stopped'>((resolve) => {
      if (this.signal.aborted) resolve('stopped');
      else this.signal.addEventListener('abort', () => resolve('stopped'), { once: true });
    });
    try {
      const result = await Promise.race([running, stopped]);
      if (result === 'stopped') {
        this.outcomes.push({ name, state: 'cut short', detail: `stopped (${this.#reason}) while it ran` });
        return undefined;
      }
      this.outcomes.push({ name, state: 'done' });
      return result as T;
    } catch (error) {
      if (this.#reason) {
        this.outcomes.push({ name, state: 'cut short', detail: `stopped (${this.#reason}) while it ran` });
      } else {
        this.outcomes.push({ name, state: 'failed', detail: error instanceof Error ? error.message : String(error) });
      }
      return undefined;
    }
  }

  /** The lines that say what did not run, for the report; empty when everything did. */
  summary(): string[] {
    const missing = this.outcomes.filter((outcome) => outcome.state !== 'done');
    if (missing.length === 0) return [];
    return missing.map(
      (outcome) => `  ${outcome.name}: ${outcome.state}${outcome.detail ? ` (${outcome.detail})` : ''}`,
    );
  }
}
