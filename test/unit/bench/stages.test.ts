import { describe, expect, it } from 'vitest';
import { overheadRows } from '../../../bench/lib/report.ts';
import { Stages } from '../../../bench/lib/stages.ts';

describe('the bench stages', () => {
  it('run in turn and record what they gave', async () => {
    const stages = new Stages();

    const first = await stages.run('cold-start', async () => 1);
    const second = await stages.run('web', async () => 'two');

    expect([first, second]).toEqual([1, 'two']);
    expect(stages.outcomes.map((outcome) => outcome.state)).toEqual(['done', 'done']);
    expect(stages.summary()).toEqual([]);
  });

  it('leave a stage that is running when the bench is stopped, and swallow its late failure', async () => {
    const stages = new Stages();
    let fail: (error: Error) => void = () => undefined;
    const unhandled: unknown[] = [];
    const onUnhandled = (error: unknown) => unhandled.push(error);
    process.on('unhandledRejection', onUnhandled);

    const running = stages.run(
      'scale',
      () =>
        new Promise<number>((_, reject) => {
          fail = reject;
        }),
    );
    stages.stop('time limit');
    const result = await running;
    // The loader notices DynamoDB Local is gone only after the stop.
    fail(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', onUnhandled);

    expect(result).toBeUndefined();
    expect(unhandled).toEqual([]);
    expect(stages.reason).toBe('time limit');
    expect(stages.signal.aborted).toBe(true);
    expect(stages.outcomes).toEqual([
      { name: 'scale', state: 'cut short', detail: 'stopped (time limit) while it ran' },
    ]);
  });

  it('skip every stage after a stop, and say so', async () => {
    const stages = new Stages();
    await stages.run('cold-start', async () => 1);
    stages.stop('interrupted');
    let ran = false;

    const result = await stages.run('scale', async () => {
      ran = true;
      return 1;
    });

    expect(result).toBeUndefined();
    expect(ran).toBe(false);
    expect(stages.wants('throughput')).toBe(false);
    expect(stages.summary()).toEqual(['  scale: skipped (stopped (interrupted) before it began)']);
  });

  it('record a stage that failed on its own, and go on', async () => {
    const stages = new Stages();

    const failed = await stages.run('web', async () => {
      throw new Error('web/dist is missing');
    });
    const next = await stages.run('freshness', async () => 3);

    expect(failed).toBeUndefined();
    expect(next).toBe(3);
    expect(stages.summary()).toEqual(['  web: failed (web/dist is missing)']);
  });

  it('run only the figures chosen, matching a figure by its first word', async () => {
    const stages = new Stages({ only: ['requests'] });

    const chosen = await stages.run('requests POST /api/referrals', async () => 'ran');
    const other = await stages.run('scale', async () => 'ran');

    expect([chosen, other]).toEqual(['ran', undefined]);
    expect(stages.wants('requests')).toBe(true);
    expect(stages.wants('cold-start')).toBe(false);
    expect(stages.outcomes.map((outcome) => outcome.state)).toEqual(['done', 'not chosen']);
  });
});

describe('the request overhead rows', () => {
  it('compare p50 with raw p50 and p99 with raw p99, batch by batch, keeping both sides', () => {
    const [p50, p99] = overheadRows('GET /api/referrals c=1', {
      httpP50: [4, 5, 6],
      rawP50: [4, 4, 4],
      httpP99: [12, 14, 30],
      rawP99: [10, 10, 10],
    });

    expect(p50).toMatchObject({
      subject: 'GET /api/referrals c=1 p50 vs raw p50',
      measured: { median: 5 },
      baseline: { median: 4 },
      ratio: 1.25,
      status: 'PASS',
    });
    // Against raw p50 (4 ms) this would be 3.5 ×; against raw p99 it is 1.4 ×.
    expect(p99).toMatchObject({
      subject: 'GET /api/referrals c=1 p99 vs raw p99',
      measured: { median: 14 },
      baseline: { median: 10 },
      ratio: 1.4,
      goal: { op: '<=', value: 1.5 },
      status: 'PASS',
    });
  });

  it('fail a p99 over 1.5 × the raw p99', () => {
    const [, p99] = overheadRows('POST /api/referrals c=1', {
      httpP50: [5],
      rawP50: [4],
      httpP99: [16],
      rawP99: [10],
    });

    expect(p99?.status).toBe('FAIL');
  });
});
