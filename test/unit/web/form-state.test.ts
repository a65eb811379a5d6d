import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/api/problem.ts';
import { failureOf, nextAttempt } from '../../../web/src/forms/form-state.ts';

const invalid = new ApiError({
  type: '/problems/validation',
  title: 'Invalid request',
  status: 400,
  detail: 'The request is not valid.',
  errors: [
    { path: 'name', message: 'Say who it is.' },
    { path: 'contact.email', message: 'An e-mail address.' },
    { path: 'name', message: 'A second complaint about the name.' },
  ],
});

describe('failureOf', () => {
  it('keeps every field error by path, the first message of a path winning', () => {
    expect(failureOf(invalid, ['name']).fieldErrors).toEqual({
      name: 'Say who it is.',
      'contact.email': 'An e-mail address.',
    });
  });

  it('names in the alert only the errors no control on the form shows', () => {
    const { error } = failureOf(invalid, ['name']);
    expect(error).toBe('The request is not valid. contact.email: An e-mail address.');
    expect(failureOf(invalid, (path) => path === 'name' || path.startsWith('contact.')).error).toBe(
      'The request is not valid.',
    );
  });

  it('has no field errors for a failure that is not a problem, and a general sentence', () => {
    expect(failureOf(new Error('boom'), ['name'])).toEqual({
      fieldErrors: {},
      error: 'Something went wrong. Please try again.',
    });
  });

  it('says a 412 was somebody else’s change', () => {
    const stale = new ApiError({ type: 'about:blank', title: 'Precondition failed', status: 412 });
    expect(failureOf(stale, []).error).toMatch(/changed by someone else/);
  });
});

describe('failureOf on a quiet form', () => {
  it('says nothing above when every error is beside its field', () => {
    expect(failureOf(invalid, ['name', 'contact.email'], { quiet: true }).error).toBeNull();
  });

  it('still names the errors no field shows', () => {
    expect(failureOf(invalid, ['name'], { quiet: true }).error).toBe(
      'The request is not valid. contact.email: An e-mail address.',
    );
  });

  it('still says what went wrong when no field is at fault', () => {
    expect(failureOf(new Error('offline'), ['name'], { quiet: true }).error).toBe(
      'Something went wrong. Please try again.',
    );
  });
});

describe('nextAttempt', () => {
  let counter = 0;
  const fresh = () => `key-${++counter}`;

  it('reuses the key when the very same body is sent again', () => {
    const first = nextAttempt(null, { name: 'Acme' }, fresh);
    const retry = nextAttempt(first, { name: 'Acme' }, fresh);
    expect(retry.key).toBe(first.key);
  });

  it('takes a fresh key for a changed body', () => {
    const first = nextAttempt(null, { name: 'Acme' }, fresh);
    const changed = nextAttempt(first, { name: 'Acme Ltd' }, fresh);
    expect(changed.key).not.toBe(first.key);
    expect(changed.body).toBe('{"name":"Acme Ltd"}');
  });
});

describe('failureOf on a long form', () => {
  it('sums up the answers marked on the form and lists the ones it could not place', () => {
    expect(failureOf(invalid, ['name'], { summarise: true }).error).toBe(
      'Some answers need attention: each one is marked on the form. contact.email: An e-mail address.',
    );
  });

  it('places errors by the API’s paths, then shows them reworded', () => {
    const failure = failureOf(invalid, (path) => path.startsWith('contact.'), {
      reword: (errors) => ({ contact: errors['contact.email'] ?? '' }),
    });
    expect(failure.fieldErrors).toEqual({ contact: 'An e-mail address.' });
    expect(failure.error).toBe(
      'The request is not valid. name: Say who it is. name: A second complaint about the name.',
    );
  });

  it('does not sum up a failure that marks nothing', () => {
    const conflict = new ApiError({ type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'Taken.' });
    expect(failureOf(conflict, ['name'], { summarise: true }).error).toBe('Taken.');
  });
});
