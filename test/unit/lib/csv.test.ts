import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { parseCsv, safeCell, toCsv } from '#lib/csv.ts';

async function refusal(run: () => Promise<unknown>): Promise<ValidationError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('Expected a ValidationError');
}

describe('parseCsv', () => {
  it('reads RFC 4180 quoting, a BOM, CRLF, columns in any order, and numbers rows as a spreadsheet does', async () => {
    const rows = await parseCsv('\uFEFFb,a\r\n"x, ""y""","line\nbreak"\r\n\r\n,z\r\n', ['a', 'b'], { maxRows: 10 });
    expect(rows).toEqual([
      { row: 2, values: { a: 'line\nbreak', b: 'x, "y"' } },
      { row: 3, values: { a: 'z' } },
    ]);
  });

  it('names missing, unexpected and repeated columns', async () => {
    const error = await refusal(() => parseCsv('a,c,c\n1,2,3\n', ['a', 'b'], { maxRows: 10 }));
    expect(error.errors.map((e) => e.message)).toEqual([
      'Missing column(s): b.',
      'Unexpected column(s): c, c.',
      'Repeated column(s): c.',
    ]);
  });

  it('refuses an empty file, a header alone, too many rows, ragged rows and broken quoting', async () => {
    expect((await refusal(() => parseCsv('', ['a'], { maxRows: 10 }))).errors[0]?.message).toMatch(/empty/);
    expect((await refusal(() => parseCsv('a\n', ['a'], { maxRows: 10 }))).errors[0]?.message).toMatch(/no rows/);
    expect((await refusal(() => parseCsv('a\n1\n2\n3\n', ['a'], { maxRows: 2 }))).errors[0]?.message).toBe(
      'At most 2 rows per file; this one has 3.',
    );
    expect((await refusal(() => parseCsv('a,b\n1\n', ['a', 'b'], { maxRows: 10 }))).errors[0]?.message).toBe(
      'row 2 has 1 cells, the header 2.',
    );
    expect((await refusal(() => parseCsv('a\n"open\n', ['a'], { maxRows: 10 }))).errors[0]?.path).toBe('csv');
  });
});

describe('safeCell and toCsv', () => {
  it('prefixes what a spreadsheet would take for a formula, and only that', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(safeCell(text)).toBe(`'${text}`);
    for (const text of ['plain', '1', ' =not first', "'quoted"]) expect(safeCell(text)).toBe(text);
    expect(safeCell(undefined)).toBe('');
    expect(safeCell(['a', 'b'])).toBe('a; b');
    expect(safeCell(false)).toBe('false');
  });

  it('round-trips any text through csv-parse, formulas defused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), async (cells) => {
        const text = await toCsv(
          cells.map((_, index) => ({ header: `c${index}`, value: (row: string[]) => row[index] })),
          [cells],
        );
        const [header, row] = parse(text) as string[][];
        expect(header).toEqual(cells.map((_, index) => `c${index}`));
        expect(row).toEqual(cells.map(safeCell));
        for (const cell of row ?? []) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});
