import { describe, expect, it } from 'vitest';
import { parseConfig } from '#lib/config.ts';
import { parseStreamConfig } from '#lib/stream-config.ts';

const pick = (config: Record<string, unknown>) => ({
  TABLE_NAME: config.TABLE_NAME,
  DYNAMODB_ENDPOINT: config.DYNAMODB_ENDPOINT,
  AWS_REGION: config.AWS_REGION,
  ORG_TIME_ZONE: config.ORG_TIME_ZONE,
});

describe('the zod-free configuration of the aggregator', () => {
  it.each([
    {},
    { TABLE_NAME: 'portal', AWS_REGION: 'us-east-1', ORG_TIME_ZONE: 'America/New_York' },
    { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' },
  ])('reads what config.ts reads from %o', (env) => {
    expect(parseStreamConfig(env)).toEqual(pick(parseConfig(env)));
  });

  it.each([
    [{ TABLE_NAME: '' }, 'TABLE_NAME'],
    [{ DYNAMODB_ENDPOINT: 'not a url' }, 'DYNAMODB_ENDPOINT'],
    [{ ORG_TIME_ZONE: '' }, 'ORG_TIME_ZONE'],
  ])('refuses %o as config.ts does', (env, field) => {
    expect(() => parseConfig(env)).toThrow(field);
    expect(() => parseStreamConfig(env)).toThrow(`Invalid configuration: ${field}`);
  });
});
