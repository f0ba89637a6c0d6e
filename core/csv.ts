/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180): comma separated, CRLF line ends, a field
 * quoted when it holds a comma, a quote, CR or LF, and quotes inside doubled.
 *
 * Spreadsheets run a cell that starts with = + - @ (or a tab / CR, which some of them strip first) as a formula,
 * so a customer named `=HYPERLINK(...)` could act in the technician's spreadsheet (OWASP "CSV Injection"). Such
 * cells get a leading apostrophe, which spreadsheets show as text. Excel in French or Dutch splits an unquoted line
 * on `;` (and a pasted one on tabs), so `Carol;=HYPERLINK(...)` would start a cell there: a cell holding either is
 * quoted, which every spreadsheet keeps as one cell. Pure: the web bundle may import it.
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One cell: numbers are written as they are (a negative number is data, not a formula); text is guarded. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole document: the header row, then the rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
