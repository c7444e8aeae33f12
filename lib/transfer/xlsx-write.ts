import { neutraliseFormula } from "./cells";
import { columnName } from "./column-name";
import { XLSX_MAX_DATA_ROWS } from "./export";
import { EXPORT_HEADERS } from "./fields";
import { appXml, contentTypesXml, coreXml, HEADER_STYLE, packageRelsXml, SHEET_PATH, sheetEndXml, sheetStartXml, stylesXml, workbookRelsXml, workbookXml } from "./xlsx-parts";
import { zipStream, type ZipEntrySource } from "./zip-write";

/**
 * The user list as an Excel workbook (.xlsx), written as a stream: the sheet's XML is made a batch
 * of rows at a time and zipped as it goes (lib/transfer/zip-write.ts), so memory holds a batch or
 * two whatever the number of users (bench/export.ts). Every cell is an inline text string, so a
 * phone "0612…" or a date "2026-01-01" opens as written, never as a number or a date, and every
 * cell is neutralised as in the CSV (lib/transfer/cells.ts), which the import undoes. The header
 * row is bold, frozen and carries a filter; columns are sized to their content.
 */

export type XlsxBatches = AsyncIterable<readonly (readonly string[])[]> | Iterable<readonly (readonly string[])[]>;
export type XlsxOptions = {
  header?: readonly string[];
  /** Rows under the header; a source that passes it stops the file with an error. */
  maxRows?: number;
  /** The workbook's creation time (its properties and zip headers). */
  now?: Date;
  /** Deflate level (lib/transfer/zip-write.ts). */
  level?: number;
};

/**
 * Excel's limit on a cell's characters ("Excel specifications and limits"): it does not open a
 * longer cell as written. Such a cell stops the file with an error instead of being cut: a cut
 * Role(s) or Workspaces cell imported back would take roles away. No field comes near it (names
 * are bounded to 100-254 characters), short of a user in hundreds of workspaces.
 */
export const XLSX_MAX_CELL_CHARS = 32_767;
/** Column widths come from the header and this many first rows: enough to size a column. */
const WIDTH_SAMPLE_ROWS = 1_000;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** The .xlsx file's bytes, pulled batch by batch from `batches` as the consumer reads. */
export function xlsxStream(batches: XlsxBatches, options: XlsxOptions = {}): AsyncGenerator<Buffer, void, undefined> {
  const header = options.header ?? EXPORT_HEADERS;
  const now = options.now ?? new Date();
  const sheet = { lastRow: 1 };
  const part = (name: string, xml: () => string): ZipEntrySource => ({ name, data: [xml()] });
  function* entries(): Generator<ZipEntrySource, void, undefined> {
    yield part("[Content_Types].xml", contentTypesXml);
    yield part("_rels/.rels", packageRelsXml);
    yield part("docProps/app.xml", appXml);
    yield part("docProps/core.xml", () => coreXml(now));
    yield part("xl/_rels/workbook.xml.rels", workbookRelsXml);
    yield part("xl/styles.xml", stylesXml);
    yield { name: SHEET_PATH, data: sheetXml(batches, header, options.maxRows ?? XLSX_MAX_DATA_ROWS, sheet) };
    // After the sheet, whose last row the filter's defined name needs; readers go by the zip's directory, not its order.
    yield part("xl/workbook.xml", () => workbookXml(header.length > 0 ? absolute(filterRef(header.length, sheet.lastRow)) : null));
  }
  return zipStream(entries(), { level: options.level, modified: now });
}

/** The whole file in memory: for tests and small files only. */
export async function xlsxBuffer(batches: XlsxBatches, options: XlsxOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of xlsxStream(batches, options)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The sheet's XML, one string per batch. The first rows are held back until WIDTH_SAMPLE_ROWS
 * have come (or the list ended), since the column widths come before the rows in the XML.
 */
async function* sheetXml(batches: XlsxBatches, header: readonly string[], maxRows: number, sheet: { lastRow: number }): AsyncGenerator<string, void, undefined> {
  const columns = header.map((_, i) => columnName(i));
  const widths = header.map((h) => displayWidth(h));
  let sample: string[] | null = [rowXml(1, header, columns, HEADER_STYLE)];
  let rowCount = 0;
  const start = () => {
    const cols = header.length > 0 ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${excelWidth(w)}" customWidth="1"/>`).join("")}</cols>` : "";
    const text = sheetStartXml(cols) + sample!.join("");
    sample = null;
    return text;
  };

  for await (const rows of batches) {
    if (rowCount + rows.length > maxRows) {
      throw new RangeError(`An Excel sheet holds at most ${maxRows.toLocaleString("en")} rows under its header; this list reached ${(rowCount + rows.length).toLocaleString("en")}.`);
    }
    let chunk = "";
    for (let i = 0; i < rows.length; i++) {
      const cells = rows[i].map(neutraliseFormula);
      rowCount += 1;
      if (sample && rowCount <= WIDTH_SAMPLE_ROWS) cells.forEach((v, c) => (widths[c] = Math.max(widths[c] ?? 0, displayWidth(v))));
      chunk += rowXml(rowCount + 1, cells, columns, 0, header);
    }
    if (sample) {
      sample.push(chunk);
      if (rowCount >= WIDTH_SAMPLE_ROWS) yield start();
    } else if (chunk) {
      yield chunk;
    }
  }
  let end = sample ? start() : "";
  sheet.lastRow = rowCount + 1;
  end += sheetEndXml(header.length > 0 ? filterRef(header.length, sheet.lastRow) : null);
  yield end;
}

/** One row; empty cells are left out, as Excel does (a blank cell, not a cell holding ""). */
function rowXml(r: number, cells: readonly string[], columns: readonly string[], style: number, header?: readonly string[]): string {
  const s = style ? ` s="${style}"` : "";
  let xml = `<row r="${r}">`;
  for (let c = 0; c < cells.length; c++) {
    const value = cells[c];
    if (value === "") continue;
    if (value.length > XLSX_MAX_CELL_CHARS) {
      throw new RangeError(
        `Row ${r}, column ${header?.[c] ?? columns[c] ?? c + 1}: ${value.length.toLocaleString("en")} characters, more than an Excel cell holds (${XLSX_MAX_CELL_CHARS.toLocaleString("en")}).`,
      );
    }
    const preserve = isXmlSpace(value.charCodeAt(0)) || isXmlSpace(value.charCodeAt(value.length - 1)) ? ` xml:space="preserve"` : "";
    xml += `<c r="${columns[c] ?? columnName(c)}${r}"${s} t="inlineStr"><is><t${preserve}>${escapeCellText(value)}</t></is></c>`;
  }
  return xml + `</row>`;
}

/**
 * What XML 1.0 cannot hold as is: markup (& < >), control characters other than tab and line
 * feed, lone UTF-16 surrogates and U+FFFE/U+FFFF are written as Excel's escape _xHHHH_, which
 * Excel and SheetJS read back as the character. CR too: an XML reader turns a raw CR into LF.
 * Text that already looks like an escape (in either case: SheetJS reads "_X00e9_" as "é") gets
 * its "_" escaped (_x005F_), so it reads back as typed.
 */
const SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|_(?=[xX][0-9A-Fa-f]{4}_)/g;
const MARKUP: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

export function escapeCellText(value: string): string {
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(value)) return value;
  return value.replace(SPECIAL, (c) => MARKUP[c] ?? `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function filterRef(columnCount: number, lastRow: number): string {
  return `A1:${columnName(columnCount - 1)}${lastRow}`;
}

function absolute(ref: string): string {
  return ref.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
}

/** Characters as a column shows them: East Asian wide characters and emoji take two. */
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\uD83C-\uD83E][\uDC00-\uDFFF]|[\uD840-\uD87F][\uDC00-\uDFFF]/g;

function displayWidth(value: string): number {
  // Code points, not UTF-16 units: an emoji is one character (then counted wide below).
  return [...value].length + (value.match(WIDE)?.length ?? 0);
}

/** Excel's width unit: characters of the default font's digit width, plus its 5-pixel margin (7-pixel digits). */
function excelWidth(characters: number): number {
  const wch = Math.min(Math.max(characters + 2, MIN_WIDTH), MAX_WIDTH);
  return Math.round((wch + 5 / 7) * 100) / 100;
}
