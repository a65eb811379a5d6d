import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * With active tracing, Lambda sets _X_AMZN_TRACE_ID for each invocation; every log line must
 * carry its trace id, so that a log line leads to its trace and back.
 */
const saved = { level: process.env.LOG_LEVEL, trace: process.env._X_AMZN_TRACE_ID, dev: process.env.POWERTOOLS_DEV };

afterEach(() => {
  vi.restoreAllMocks();
  for (const [name, value] of [
    ['LOG_LEVEL', saved.level],
    ['_X_AMZN_TRACE_ID', saved.trace],
    ['POWERTOOLS_DEV', saved.dev],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the structured logger', () => {
  it('puts the X-Ray trace id of the invocation on each line', async () => {
    const traceId = '1-67a1b2c3-0123456789abcdef01234567';
    process.env.LOG_LEVEL = 'INFO';
    // Powertools then writes through the global console, which the test can watch.
    process.env.POWERTOOLS_DEV = 'true';
    const lines: string[] = [];
    vi.spyOn(console, 'info').mockImplementation((line: unknown) => void lines.push(String(line)));
    vi.resetModules();
    const { logger } = await import('#lib/logger.ts');

    process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1`;
    logger.info('request', { requestId: 'r-1' });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      message: 'request',
      requestId: 'r-1',
      xray_trace_id: traceId,
    });
  });
});
