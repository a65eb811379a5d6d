import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { etag, fieldErrors, versionFromIfMatch } from '#api/http.ts';
import { PreconditionFailedError, PreconditionRequiredError } from '#domain/errors.ts';

describe('versionFromIfMatch', () => {
  it.each([undefined, '', '   '])('asks for If-Match (428) when it is %j', (header) => {
    expect(() => versionFromIfMatch(header)).toThrow(PreconditionRequiredError);
  });

  it.each([
    ['"3"', 3],
    ['W/"3"', 3],
    [' "12" ', 12],
    ['"999999999"', 999_999_999],
  ])('reads %j as version %d', (header, version) => {
    expect(versionFromIfMatch(header)).toBe(version);
  });

  it('reads back the ETag it wrote', () => {
    expect(versionFromIfMatch(etag(41))).toBe(41);
  });

  it.each(['3', '*', '"abc"', '"3', '3"', '"-1"', '"3.5"', '"1", "2"', 'w/"3"', '"1234567890"', 'W/ "3"'])(
    'treats %j as naming no version: 412, never a match',
    (header) => {
      expect(() => versionFromIfMatch(header)).toThrow(PreconditionFailedError);
    },
  );
});

describe('fieldErrors', () => {
  const schema = z.object({
    name: z.string(),
    contact: z.object({ email: z.email() }),
    tags: z.array(z.string()),
  });

  it('names each offending field by its dotted path', () => {
    const result = schema.safeParse({ name: 7, contact: { email: 'nope' }, tags: ['ok', 3] });

    expect(result.success).toBe(false);
    const paths = fieldErrors((result.error as z.ZodError).issues).map((error) => error.path);
    expect(paths.sort()).toEqual(['contact.email', 'name', 'tags.1']);
  });

  it('names the body itself when the whole of it is wrong', () => {
    const result = schema.safeParse('not an object');

    expect(fieldErrors((result.error as z.ZodError).issues)).toEqual([{ path: '(body)', message: expect.any(String) }]);
  });

  it('keeps each issue’s message', () => {
    const result = z.object({ age: z.number().min(18, 'Too young.') }).safeParse({ age: 3 });

    expect(fieldErrors((result.error as z.ZodError).issues)).toEqual([{ path: 'age', message: 'Too young.' }]);
  });
});
