import { describe, expect, it } from 'vitest';
import { text } from '#domain/directory/schemas.ts';
import { invisibleCharacter } from '#domain/text.ts';

describe('invisibleCharacter', () => {
  it.each([
    ['a right-to-left override', 'Acme\u202Eexe.txt', 'U+202E'],
    ['a zero-width space', 'Ac\u200Bme', 'U+200B'],
    ['a zero-width non-joiner between Latin letters', 'Ac\u200Cme', 'U+200C'],
    ['a zero-width joiner between Latin letters', 'Ac\u200Dme', 'U+200D'],
    ['a word joiner', 'Ac\u2060me', 'U+2060'],
    ['a byte order mark', '\uFEFFAcme', 'U+FEFF'],
    ['a soft hyphen', 'Ac\u00ADme', 'U+00AD'],
    ['a left-to-right isolate', 'Acme \u2066Ltd', 'U+2066'],
    ['a lone high surrogate', 'Acme \uD800', 'U+D800'],
    ['a lone low surrogate', '\uDC00Acme', 'U+DC00'],
    ['a joiner with no emoji after it', '👩\u200D', 'U+200D'],
    ['tag characters with no flag before them', 'Acme\u{E0067}\u{E007F}', 'U+E0067'],
  ])('finds %s', (_, value, found) => {
    expect(invisibleCharacter(value)).toBe(found);
  });

  it.each([
    ['plain text', 'Acme Ltd'],
    ['accents and other scripts', 'Café Ωmega Сибирь 東京 مرحبا'],
    ['an emoji ZWJ sequence', 'Dev team 👩\u200D💻'],
    ['a ZWJ sequence with a skin tone', '👩🏽\u200D🚀'],
    ['a ZWJ sequence with a presentation selector', '🏳\uFE0F\u200D🌈'],
    ['a flag tag sequence', 'England 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}'],
    ['a Persian word with its non-joiner', 'می\u200Cخواهم'],
    ['a Devanagari conjunct with its joiner', 'क्\u200Dष'],
    ['a pair of surrogates (one character)', 'Rocket 🚀'],
  ])('lets %s through', (_, value) => {
    expect(invisibleCharacter(value)).toBeUndefined();
  });
});

describe('text()', () => {
  it('stores text in NFC', () => {
    expect(text(50).parse('Cafe\u0301 Ltd')).toBe('Café Ltd');
  });

  it('names the character it refuses', () => {
    const result = text(50).safeParse('Acme\u202E');

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Must not hold invisible characters: U+202E.']);
  });

  it('says a lone surrogate is half a character', () => {
    const result = text(50).safeParse('Acme \uD800');

    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'Must be whole characters: U+D800 is half of one.',
    ]);
  });
});
