import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createNamedSchema,
  createUserSchema,
  text,
  updateNamedSchema,
  updateUserSchema,
} from '#domain/directory/schemas.ts';

const schemas = { createNamedSchema, updateNamedSchema, createUserSchema, updateUserSchema };

/** Bodies shaped like the real ones, with every field possibly wrong: where bugs hide. */
const nearlyValidBody = fc.record(
  {
    name: fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.anything()),
    email: fc.oneof(fc.emailAddress(), fc.string(), fc.anything()),
    role: fc.oneof(fc.constantFrom('staff', 'partner', 'advocate', 'leader', 'Leader', ''), fc.anything()),
    teamId: fc.oneof(fc.ulid(), fc.constant(null), fc.string(), fc.anything()),
    partnerId: fc.oneof(fc.ulid(), fc.constant(null), fc.string(), fc.anything()),
    active: fc.oneof(fc.boolean(), fc.anything()),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

const anyInput = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
  }),
  fc.jsonValue(),
  nearlyValidBody,
);

describe.each(Object.entries(schemas))('%s', (_name, schema) => {
  it('never throws: any input is either parsed or refused with issues', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = schema.safeParse(input);

        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

/** The C0 and C1 control characters but the three whitespace ones text allows (tab, LF, CR). */
const controlCharacter = fc
  .integer({ min: 0, max: 0x9f })
  .filter((code) => (code < 0x20 && ![0x09, 0x0a, 0x0d].includes(code)) || code >= 0x7f)
  .map((code) => String.fromCharCode(code));

const visible = fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom(...'abcXYZ019 éü-'.split('')) });

describe('text()', () => {
  it('refuses a control character anywhere in the text', () => {
    fc.assert(
      fc.property(visible, controlCharacter, visible, (before, control, after) => {
        const result = text(100).safeParse(`x${before}${control}${after}x`);

        expect(result.success).toBe(false);
        expect(result.error?.issues.map((issue) => issue.message)).toContain('Must not hold control characters.');
      }),
    );
  });

  it('accepts visible text up to its limit, trimmed', () => {
    fc.assert(
      fc.property(
        visible.filter((value) => value.trim().length > 0),
        (value) => {
          expect(text(20).parse(` ${value} `)).toBe(value.trim());
        },
      ),
    );
  });

  it('refuses text over its limit and text that is only blanks', () => {
    expect(text(5).safeParse('abcdef').success).toBe(false);
    expect(text(5).safeParse(' \t\n ').success).toBe(false);
  });
});
