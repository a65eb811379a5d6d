import { describe, expect, it } from 'vitest';
import { localDefaults, parseConfig, unsubscribeSecretIn } from '#lib/config.ts';
import { parseStreamConfig } from '#lib/stream-config.ts';

const lambda = { AWS_LAMBDA_FUNCTION_NAME: 'TotalCustomer-Api' };
const deployed = { ...lambda, TABLE_NAME: 'TotalCustomer-Table', AWS_REGION: 'eu-central-1' };

describe('configuration in a Lambda function', () => {
  it.each(['TABLE_NAME', 'AWS_REGION'])('fails at cold start without %s, saying so', (name) => {
    const env: Record<string, string> = { ...deployed };
    delete env[name];
    expect(() => parseConfig(env)).toThrow(
      `Invalid configuration: ${name} is missing (a Lambda function gets no local defaults`,
    );
    expect(() => parseStreamConfig(env)).toThrow(`Invalid configuration: ${name} is missing`);
  });

  it('takes no local default for the unsubscribe secret: a function that signs links refuses to start', () => {
    const config = parseConfig(deployed);
    expect(config.UNSUBSCRIBE_SECRET).toBeUndefined();
    expect(() => unsubscribeSecretIn(config)).toThrow('Invalid configuration: UNSUBSCRIBE_SECRET is missing');
    expect(
      unsubscribeSecretIn(parseConfig({ ...deployed, UNSUBSCRIBE_SECRET: 'a-deployed-secret-of-32-chars!!' })),
    ).toBe('a-deployed-secret-of-32-chars!!');
  });

  it('reads what it is given', () => {
    expect(parseConfig(deployed)).toMatchObject({ TABLE_NAME: 'TotalCustomer-Table', AWS_REGION: 'eu-central-1' });
    expect(parseStreamConfig(deployed)).toMatchObject({
      TABLE_NAME: 'TotalCustomer-Table',
      AWS_REGION: 'eu-central-1',
    });
  });
});

describe('configuration of the local stack', () => {
  it('falls back to the local defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject(localDefaults);
    expect(unsubscribeSecretIn(config)).toBe(localDefaults.UNSUBSCRIBE_SECRET);
    expect(parseStreamConfig({})).toMatchObject({
      TABLE_NAME: localDefaults.TABLE_NAME,
      AWS_REGION: localDefaults.AWS_REGION,
    });
  });

  it('still refuses a variable set but empty', () => {
    expect(() => parseConfig({ TABLE_NAME: '' })).toThrow('Invalid configuration: TABLE_NAME');
  });
});
