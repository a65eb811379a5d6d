import { type FieldError, ValidationError } from '#domain/errors.ts';

/**
 * CSV in and out. In: RFC 4180 (quoted fields, doubled quotes, CRLF or LF), UTF-8 with or
 * without a byte-order mark, a header row naming exactly the expected columns. Out: the same
 * dialect, every cell that a spreadsheet would run as a formula defused.
 *
 * csv-parse and csv-stringify are loaded by the first call that reads or writes CSV (hence the
 * promises): only imports and exports need them, so no other request's cold start reads them
 * (a lazy chunk of the bundle, function-bundling.ts).
 */

/** csv-stringify, for the other module that writes CSV (the scorecard's). */
export const csvStringify = () => import('csv-stringify/sync');

/** A data row and its number as a spreadsheet shows it: the header is row 1. */
export interface CsvRow {
  readonly row: number;
  readonly values: Record<string, string>;
}

/** The records of a CSV text, each with the line it ends on; malformed CSV is a 400 naming the line. */
async function readRecords(text: string, delimiter: string): Promise<{ record: string[]; info: { lines: number } }[]> {
  const { CsvError, parse } = await import('csv-parse/sync');
  try {
    return parse(text, {
      bom: true,
      info: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 64 * 1024,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ValidationError(
        [{ path: 'csv', message: `Line ${error.lines ?? '?'}: ${error.message.replace(/^Invalid [^:]*: /, '')}` }],
        'The file is not valid CSV (RFC 4180).',
      );
    }
    throw error;
  }
}

/**
 * Parses a CSV document whose header must hold exactly `columns` (in any order). A missing,
 * unknown or repeated column, a malformed file or a row of the wrong width is a 400 naming it.
 * Empty cells are absent from a row's values; blank lines are skipped.
 */
export async function parseCsv(
  text: string,
  columns: readonly string[],
  options: { maxRows: number },
): Promise<CsvRow[]> {
  const records = await readRecords(text, ',');
  const [header, ...rows] = records;
  if (!header) throw new ValidationError([{ path: 'csv', message: 'The file is empty: it needs a header row.' }]);
  const names = header.record.map((name) => name.trim());
  const errors: FieldError[] = [];
  const missing = columns.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !columns.includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (missing.length) errors.push({ path: 'columns', message: `Missing column(s): ${missing.join(', ')}.` });
  if (unknown.length) errors.push({ path: 'columns', message: `Unexpected column(s): ${unknown.join(', ')}.` });
  if (repeated.length) errors.push({ path: 'columns', message: `Repeated column(s): ${repeated.join(', ')}.` });
  if (errors.length) {
    throw new ValidationError(errors, `The header row must name exactly these columns: ${columns.join(', ')}.`);
  }
  if (rows.length === 0)
    throw new ValidationError([{ path: 'csv', message: 'The file has no rows after its header.' }]);
  if (rows.length > options.maxRows) {
    throw new ValidationError(
      [{ path: 'csv', message: `At most ${options.maxRows} rows per file; this one has ${rows.length}.` }],
      'The file has too many rows: split it.',
    );
  }
  const width: string[] = [];
  const result = rows.map(({ record }, index): CsvRow => {
    const row = index + 2;
    if (record.length !== names.length) width.push(`row ${row} has ${record.length} cells, the header ${names.length}`);
    const values: Record<string, string> = {};
    names.forEach((name, column) => {
      const value = record[column];
      if (value !== undefined && value.trim() !== '') values[name] = value;
    });
    return { row, values };
  });
  if (width.length) {
    throw new ValidationError(
      width.slice(0, 20).map((message) => ({ path: 'csv', message: `${message}.` })),
      'Every row must have as many cells as the header.',
    );
  }
  return result;
}

/** What a spreadsheet may take for a formula (OWASP, "CSV injection"). */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file's bytes as text: UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8").
 * Anything else is refused rather than read as replacement characters and stored garbled:
 * UTF-16 (Excel's "Unicode text") by its mark, Windows-1252 / Latin-1 (Excel's plain "CSV" on
 * Windows) by its bytes not being UTF-8.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ValidationError(
      [{ path: 'file', message: 'The file is UTF-16 ("Unicode text"): save it as "CSV UTF-8" and upload it again.' }],
      'The file is not UTF-8.',
    );
  }
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ValidationError(
      [
        {
          path: 'file',
          message:
            'The file is not UTF-8 (probably Windows-1252 or Latin-1, Excel’s plain "CSV"): save it as "CSV UTF-8" and upload it again.',
        },
      ],
      'The file is not UTF-8.',
    );
  }
}

/**
 * The separator of a file: a comma, or the semicolon European Excel writes (where the comma is
 * the decimal mark), or a tab; read from the header line, outside quotes, the most frequent wins.
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text.slice(0, 64 * 1024)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/** A CSV file as its header and its data rows, cells as written; the row numbers a spreadsheet shows. */
export interface CsvTable {
  readonly header: string[];
  readonly rows: { row: number; cells: string[] }[];
}

/** Parses a whole file of any header (the caller maps it): malformed CSV or too many rows is a 400. */
export async function parseCsvTable(text: string, options: { maxRows: number; delimiter: string }): Promise<CsvTable> {
  const [header, ...rows] = await readRecords(text, options.delimiter);
  if (!header) throw new ValidationError([{ path: 'csv', message: 'The file is empty: it needs a header row.' }]);
  if (rows.length === 0)
    throw new ValidationError([{ path: 'csv', message: 'The file has no rows after its header.' }]);
  if (rows.length > options.maxRows) {
    throw new ValidationError(
      [{ path: 'csv', message: `At most ${options.maxRows} rows per file; this one has ${rows.length}.` }],
      'The file has too many rows: split it.',
    );
  }
  return {
    header: header.record.map((name) => name.trim()),
    rows: rows.map(({ record }, index) => ({ row: index + 2, cells: record })),
  };
}

/**
 * The header row of the start of a file, as `parseCsvTable` would read it: the separator
 * detected, names trimmed. Only the first record is parsed, so a sample cut mid-row is fine.
 */
export async function readCsvHeader(text: string): Promise<{ delimiter: ',' | ';' | '\t'; header: string[] }> {
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  const { CsvError, parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, to: 1, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new ValidationError(
      [
        {
          path: 'sample',
          message: `The header row could not be read: ${error.message.replace(/^Invalid [^:]*: /, '')}`,
        },
      ],
      'The file is not valid CSV (RFC 4180).',
    );
  }
  const [header] = records;
  if (!header || header.every((name) => name.trim() === '')) {
    throw new ValidationError([{ path: 'sample', message: 'The file is empty: it needs a header row.' }]);
  }
  return { delimiter, header: header.map((name) => name.trim()) };
}

const formulaStart = /^[=+\-@\t\r]/;

/** A cell as exported: formulas defused with a leading apostrophe, absent values empty. */
export function safeCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = Array.isArray(value) ? value.join('; ') : String(value);
  return formulaStart.test(text) ? `'${text}` : text;
}

/** A CSV document: a header row, then one row per record, every cell through `safeCell`. */
export async function toCsv<T>(
  columns: readonly { header: string; value: (record: T) => unknown }[],
  records: readonly T[],
): Promise<string> {
  const { stringify } = await csvStringify();
  return stringify(
    [
      columns.map((column) => column.header),
      ...records.map((record) => columns.map((column) => safeCell(column.value(record)))),
    ],
    { record_delimiter: '\r\n', quoted_match: /[",\r\n]/ },
  );
}
