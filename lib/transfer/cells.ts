/**
 * Spreadsheet-safe text (SPEC section 7, OWASP "CSV injection"): a cell starting with one of these
 * is run as a formula by Excel or LibreOffice, so the export prefixes it with an apostrophe, which
 * spreadsheets show as plain text. The import removes exactly that prefix again, so that a
 * round trip leaves "+33 1 23 45 67 89" or "-ops" as they were.
 */
// Apostrophes first too: "'+1 line" as typed gets the guard, else the import would strip its own.
const GUARDED = /^'*[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return GUARDED.test(value) ? `'${value}` : value;
}

export function restoreNeutralised(value: string): string {
  return value.startsWith("'") && GUARDED.test(value.slice(1)) ? value.slice(1) : value;
}

/** UTF-8 byte order mark: Excel reads a CSV as UTF-8 only when the file starts with it. */
export const UTF8_BOM = "\uFEFF";

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; inner quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record, neutralised and quoted, ending with CRLF as RFC 4180 says. */
export function csvRecord(cells: readonly string[]): string {
  return cells.map((c) => csvField(neutraliseFormula(c))).join(",") + "\r\n";
}
