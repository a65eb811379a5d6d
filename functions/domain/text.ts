/**
 * Characters a person cannot see but a reader is fooled by: format characters (Unicode
 * category Cf: U+202E RIGHT-TO-LEFT OVERRIDE turns "txt.exe" around, U+200B ZERO WIDTH SPACE
 * makes two names that look the same differ, U+FEFF, the soft hyphen…) and UTF-16 surrogates
 * without their pair (no character at all: a CSV shows U+FFFD).
 *
 * Three uses of format characters are text, not tricks, and stay allowed:
 * - a ZERO WIDTH JOINER between emoji (👩‍💻 is one picture made of three code points);
 * - an emoji tag sequence (🏴 with tag characters: the flags of England, Scotland, Wales);
 * - ZWNJ and ZWJ between letters of scripts whose spelling needs them (Persian "می‌خواهم",
 *   Indic conjuncts), but never beside Latin, Greek or Cyrillic letters, where they only hide.
 */
const allowed = new RegExp(
  [
    // An emoji (with its presentation selector or skin tone), a ZWJ, and the next emoji.
    String.raw`(?<=\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?)\u{200D}(?=\p{Extended_Pictographic})`,
    // Tag characters after a black flag, up to the cancel tag that ends them.
    String.raw`(?<=\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0020}-\u{E007F}]`,
    // Joiners inside a word of a script that is not one of the confusable alphabets.
    String.raw`(?<=(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])[\p{L}\p{M}])[\u{200C}\u{200D}](?=(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{L})`,
  ].join('|'),
  'gu',
);

const hidden = /[\p{Cf}\p{Cs}]/u;

/** The first character of `value` a reader cannot see, as `U+202E`; undefined when there is none. */
export function invisibleCharacter(value: string): string | undefined {
  const rest = value.replace(allowed, ' ');
  const found = hidden.exec(rest)?.[0];
  if (found === undefined) return undefined;
  return `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
