import { TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { cancellationReasons, isTransactionConflict, mapInfrastructureError, staleVersion } from '#data/errors.ts';
import { ConflictError, PreconditionFailedError, ServiceUnavailableError } from '#domain/errors.ts';
import {
  conditionalCheckFailed,
  connectionRefused,
  requestTimedOut,
  throttlingErrors,
  transactionCancelled,
} from '#test/aws-errors.ts';

describe('mapInfrastructureError', () => {
  it.each(Object.entries(throttlingErrors))('maps %s to a 503 with Retry-After', (_name, make) => {
    const error = make();

    const mapped = mapInfrastructureError(error);

    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect(mapped?.status).toBe(503);
    expect(mapped?.headers).toEqual({ 'Retry-After': '2' });
    expect(mapped?.cause).toBe(error);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])(
    'maps a network error with code %s to a 503 with Retry-After',
    (code) => {
      const error = Object.assign(new Error(`connect ${code}`), { code });

      const mapped = mapInfrastructureError(error);

      expect(mapped).toBeInstanceOf(ServiceUnavailableError);
      expect(mapped?.headers['Retry-After']).toBe('5');
    },
  );

  it('finds the network error code on a wrapped cause', () => {
    const error = new Error('socket hang up', { cause: connectionRefused() });

    expect(mapInfrastructureError(error)).toBeInstanceOf(ServiceUnavailableError);
  });

  it('maps a request timeout to a 503', () => {
    const mapped = mapInfrastructureError(requestTimedOut());

    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    expect(mapped?.headers['Retry-After']).toBe('5');
  });

  it('maps a transaction that conflicted to a 409', () => {
    const direct = new TransactionConflictException({ message: 'conflict', $metadata: {} });

    expect(mapInfrastructureError(direct)).toBeInstanceOf(ConflictError);
    expect(mapInfrastructureError(transactionCancelled(['None', 'TransactionConflict']))?.status).toBe(409);
  });

  it.each([
    ['a failed condition', conditionalCheckFailed()],
    ['a transaction cancelled by a condition', transactionCancelled(['ConditionalCheckFailed', 'TransactionConflict'])],
    ['a validation error', Object.assign(new Error('Invalid KeyConditionExpression'), { name: 'ValidationException' })],
    ['a plain bug', new TypeError('Cannot read properties of undefined')],
    ['a string', 'boom'],
    ['null', null],
  ])('leaves %s alone (it is not the database’s fault)', (_what, error) => {
    expect(mapInfrastructureError(error)).toBeUndefined();
  });

  it('does not loop on an error that is its own cause', () => {
    const error = new Error('odd') as Error & { cause?: unknown };
    error.cause = error;

    expect(mapInfrastructureError(error)).toBeUndefined();
  });
});

describe('cancellationReasons', () => {
  it('lists each item’s reason in order, undefined where the item was fine', () => {
    const error = transactionCancelled(['None', 'ConditionalCheckFailed', 'None']);

    expect(cancellationReasons(error)).toEqual([undefined, 'ConditionalCheckFailed', undefined]);
  });

  it('is empty for anything but a cancelled transaction', () => {
    expect(cancellationReasons(conditionalCheckFailed())).toEqual([]);
    expect(cancellationReasons(new Error('x'))).toEqual([]);
  });
});

describe('isTransactionConflict', () => {
  it('is true only when a conflict, and no failed condition, cancelled the transaction', () => {
    expect(isTransactionConflict(transactionCancelled(['TransactionConflict', 'None']))).toBe(true);
    expect(isTransactionConflict(transactionCancelled(['TransactionConflict', 'ConditionalCheckFailed']))).toBe(false);
    expect(isTransactionConflict(transactionCancelled(['None', 'ConditionalCheckFailed']))).toBe(false);
  });
});

describe('staleVersion', () => {
  it('is a 412 naming the record', () => {
    const error = staleVersion('team');

    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(error.status).toBe(412);
    expect(error.message).toMatch(/team/);
  });
});
