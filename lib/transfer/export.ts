import { csvRecord, UTF8_BOM } from "./cells";
import { EXPORT_HEADERS } from "./fields";

/**
 * The user list's file formats (SPEC section 7): CSV as a stream of text chunks here, XLSX as a
 * stream of zipped bytes (lib/transfer/xlsx-write.ts). Both take rows of text cells in
 * EXPORT_HEADERS order and neutralise every cell.
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
