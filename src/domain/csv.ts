/**
 * CSV for Excel (RFC 4180 with Excel's expectations).
 *
 * Invariants of `toCsv`:
 * - Starts with the UTF-8 byte order mark U+FEFF (unless `bom: false`), so
 *   Excel reads the file as UTF-8 and Chinese text is not garbled; the
 *   caller encodes the string as UTF-8 (a Blob of the string does).
 * - Every row, the last included, ends with CRLF.
 * - A field containing a comma, a double quote, CR or LF is wrapped in
 *   double quotes, with each double quote doubled; other fields are as is.
 * - Numbers are written with String(n) (integers in this app); null is an
 *   empty field; booleans are "true"/"false".
 * - Formula injection guard: a TEXT cell starting with = + - @ TAB or CR
 *   gets a leading apostrophe, so Excel shows it as text instead of running
 *   it (OWASP "CSV injection"). Number cells are never changed, so −300 stays
 *   a number.
 * `parseCsv` reads this format back (BOM dropped, quotes undone; the
 * apostrophe guard is kept, as Excel would show it).
 */

export type CsvCell = string | number | boolean | null;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  const body = rows.map((row) => row.map(csvField).join(',') + CRLF).join('');
  return (options.bom === false ? '' : BOM) + body;
}

/** Parse RFC 4180 text (CRLF or LF line ends) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && src[i + 1] === '\n') i += 1;
    } else {
      field += c;
    }
    i += 1;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
