import * as XLSX from "xlsx";
import { csvRecord, neutraliseFormula, UTF8_BOM } from "./cells";
import { EXPORT_HEADERS } from "./fields";

/**
 * The user list's file formats (SPEC section 7): CSV as a stream of text chunks, XLSX as one
 * workbook. Both take rows of text cells in EXPORT_HEADERS order and neutralise every cell.
 */

/** An Excel sheet holds 1,048,576 rows; the header takes one of them. */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_DATA_ROWS = XLSX_MAX_ROWS - 1;

/** The start of every CSV file: the BOM, then the header row. */
export function csvHeader(): string {
  return UTF8_BOM + csvRecord(EXPORT_HEADERS);
}

/**
 * The CSV file as text chunks: the BOM with the header row, then one chunk per batch of rows.
 * A consumer that pulls a chunk only when it can send one keeps memory at one batch.
 */
export async function* csvChunks(batches: AsyncIterable<readonly (readonly string[])[]> | Iterable<readonly (readonly string[])[]>): AsyncGenerator<string, void, undefined> {
  yield csvHeader();
  for await (const rows of batches) {
    if (rows.length === 0) continue;
    let chunk = "";
    for (const row of rows) chunk += csvRecord(row);
    yield chunk;
  }
}

const textCell = (value: string): XLSX.CellObject => ({ t: "s", v: neutraliseFormula(value) });
/** Column widths are taken from the header and this many first rows: enough to size a column. */
const WIDTH_SAMPLE_ROWS = 1_000;

/**
 * One "Users" sheet, filled a batch at a time: each row becomes its cells at once, so a batch of
 * text rows is garbage as soon as it is added. Every cell is a text cell (a phone "0612…" or a
 * date "2026-01-01" opens as written, never as a number or a date), formula-like text
 * neutralised; columns are sized to their content and the header row carries a filter.
 * Not written: the text number format per cell ("@"), which took 5% more memory at 100,000 users
 * (bench/export.ts), and frozen panes, which SheetJS CE does not write.
 */
export class XlsxSheet {
  private readonly data: XLSX.CellObject[][];
  private readonly widths: number[];

  constructor(
    private readonly header: readonly string[] = EXPORT_HEADERS,
    private readonly maxRows: number = XLSX_MAX_DATA_ROWS,
  ) {
    this.data = [header.map(textCell)];
    this.widths = header.map((h) => h.length);
  }

  get rowCount(): number {
    return this.data.length - 1;
  }

  add(rows: readonly (readonly string[])[]): void {
    if (this.rowCount + rows.length > this.maxRows) {
      throw new RangeError(`An Excel sheet holds at most ${this.maxRows} rows under its header; got ${this.rowCount + rows.length}.`);
    }
    for (const row of rows) {
      if (this.rowCount < WIDTH_SAMPLE_ROWS) row.forEach((v, i) => (this.widths[i] = Math.max(this.widths[i] ?? 0, v.length)));
      this.data.push(row.map(textCell));
    }
  }

  toBuffer(): Buffer {
    const lastColumn = Math.max(this.header.length - 1, 0);
    // Dense mode ("!data", one array per row) instead of an object keyed by "A1": a fraction of the memory.
    const sheet = {
      "!data": this.data,
      "!ref": XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: this.rowCount, c: lastColumn } }),
      "!cols": this.widths.map((w) => ({ wch: Math.min(Math.max(w + 2, 8), 60) })),
      "!autofilter": { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: 0, c: lastColumn } }) },
    } as unknown as XLSX.WorkSheet;
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, "Users");
    return XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Buffer;
  }
}

/** A whole workbook from rows already in memory (the template, tests). */
export function xlsxWorkbook(rows: readonly (readonly string[])[], header: readonly string[] = EXPORT_HEADERS): Buffer {
  const sheet = new XlsxSheet(header);
  sheet.add(rows);
  return sheet.toBuffer();
}
