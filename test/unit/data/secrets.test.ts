import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretReader, unsubscribeSecretOf } from '#data/secrets.ts';

const secretsManager = mockClient(SecretsManagerClient);
const arn = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:NotifierUnsubscribeSecret-AbCdEf';

beforeEach(() => {
  secretsManager.reset();
});

const reader = () => secretReader({ client: new SecretsManagerClient({ region: 'eu-west-2' }) });

describe('secrets read at cold start', () => {
  it('are fetched once by ARN and then kept, however often they are asked for', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'the-signing-secret-0123456789' });
    const secrets = reader();

    const values = await Promise.all([secrets.read(arn), secrets.read(arn), secrets.read(arn)]);
    await secrets.read(arn);

    expect(values).toEqual(Array(3).fill('the-signing-secret-0123456789'));
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(secretsManager).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: arn });
  });

  it('keep no failure: the next read tries again', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: 'the-signing-secret-0123456789' });
    const secrets = reader();

    await expect(secrets.read(arn)).rejects.toThrow('Rate exceeded');
    await expect(secrets.read(arn)).resolves.toBe('the-signing-secret-0123456789');
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('refuse a secret without a string value rather than sign with nothing', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    await expect(reader().read(arn)).rejects.toThrow(/no string value/);
  });

  it('fall back to the configured value when no ARN is set, the local stack, without calling AWS', async () => {
    const secret = await unsubscribeSecretOf(reader(), {
      UNSUBSCRIBE_SECRET: 'local-only-unsubscribe-secret',
      UNSUBSCRIBE_SECRET_ARN: undefined,
    });
    expect(secret).toBe('local-only-unsubscribe-secret');
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('prefer Secrets Manager when the ARN is set', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'from-secrets-manager-0123456789' });
    const secret = await unsubscribeSecretOf(reader(), {
      UNSUBSCRIBE_SECRET: 'local-only-unsubscribe-secret',
      UNSUBSCRIBE_SECRET_ARN: arn,
    });
    expect(secret).toBe('from-secrets-manager-0123456789');
  });
});
