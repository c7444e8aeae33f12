import * as XLSX from "xlsx";
import { ImportFileError } from "./import-file-error";
import { cellTooLong, tooManyColumns, tooManyRows, type TableBounds } from "./table-bounds";
import { startsWith } from "./text-decode";
import { protectCarriageReturns, restoreCarriageReturns, type WorkbookZip } from "./xlsx-line-breaks";

type DateCode = { y: number; m: number; d: number; H: number; M: number; S: number };
type Formatter = { is_date(format: string): boolean; parse_date_code(v: number, opts?: { date1904?: boolean }): DateCode | null };
const SSF = XLSX.SSF as Formatter;
/** SheetJS's second half of XLSX.read for a zip package, exported but not declared in its types. */
const parseZip = (XLSX as unknown as { parse_zip(zip: WorkbookZip, options: XLSX.ParsingOptions): XLSX.WorkBook }).parse_zip;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Rows read past the row limit: the header, and room for the blank or title rows people leave
 * above a table. The reader stops there (`sheetRows`), so a sheet far beyond the limit costs no
 * more than one at the limit; an .xlsx is also counted before it is parsed (zip-contents.ts).
 */
const ROWS_ABOVE_TABLE = 1_000;

/**
 * The first sheet of an .xlsx or .xls, every cell as the text a person sees in Excel, except where
 * Excel's display loses data: a phone number shown as 3.31234E+10 in a General cell is read as
 * its digits, dates are read as ISO dates (YYYY-MM-DD) whatever their display format, and
 * booleans as "true"/"false", the import's own format. Rows and cells are numbered as Excel shows
 * them in messages.
 */
export function readSheetRecords(bytes: Buffer, label: string, bounds: TableBounds): { records: string[][]; firstRowNumber: number } {
  const { maxRows, maxColumns, maxCellLength } = bounds;
  const sheetRows = maxRows + 2 + ROWS_ABOVE_TABLE;
  let workbook: XLSX.WorkBook;
  let cr: string | null = null;
  try {
    const options: XLSX.ParsingOptions = { type: "buffer", dense: true, sheets: 0, sheetRows, cellNF: true, cellText: true, cellHTML: false, cellFormula: false };
    if (startsWith(bytes, ZIP_MAGIC)) {
      // An .xlsx: unpacked first so that its line breaks survive (xlsx-line-breaks.ts).
      const zip = XLSX.CFB.read(bytes, { type: "buffer" }) as WorkbookZip;
      cr = protectCarriageReturns(zip);
      workbook = parseZip(zip, options);
    } else {
      workbook = XLSX.read(bytes, options);
    }
  } catch (error) {
    throw new ImportFileError(
      `${label} cannot be read as an Excel workbook (${(error as Error).message}). Open it in Excel and save it again, or save it as CSV UTF-8.`,
    );
  }
  const sheet = workbook.Sheets[workbook.SheetNames[0]] as XLSX.DenseSheet | undefined;
  if (!sheet?.["!ref"]) return { records: [], firstRowNumber: 1 };
  const range = XLSX.utils.decode_range(sheet["!ref"]);
  const data = sheet["!data"] ?? [];
  // A sheet's declared range can reach row 1,048,576 or column XFD because of formatting alone;
  // only the rows and columns that hold cells are read.
  let lastRow = Math.min(range.e.r, data.length - 1);
  while (lastRow >= range.s.r && !holdsCells(data[lastRow])) lastRow--;
  // A cell in the last row read: the sheet goes on beyond what was read.
  if (lastRow >= sheetRows - 1) throw tooManyRows(maxRows);
  let header = range.s.r;
  while (header < lastRow && !holdsCells(data[header])) header++;
  let dataRows = 0;
  for (let r = header + 1; r <= lastRow; r++) if (holdsCells(data[r])) dataRows++;
  if (dataRows > maxRows) throw tooManyRows(maxRows);

  let lastColumn = -1;
  for (let r = range.s.r; r <= lastRow; r++) {
    const end = Math.min(range.e.c + 1, data[r]?.length ?? 0);
    if (end - range.s.c > maxColumns) throw tooManyColumns(r + 1, maxColumns);
    lastColumn = Math.max(lastColumn, end - 1);
  }
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const records: string[][] = [];
  for (let r = range.s.r; r <= lastRow; r++) {
    const row = data[r];
    const record: string[] = [];
    for (let c = range.s.c; c <= lastColumn; c++) {
      const text = restoreCarriageReturns(cellText(row?.[c], date1904), cr);
      if (text.length > maxCellLength) throw cellTooLong(r + 1, c, text.length, maxCellLength);
      record.push(text);
    }
    records.push(record);
  }
  return { records, firstRowNumber: range.s.r + 1 };
}

function holdsCells(row: XLSX.CellObject[] | undefined): boolean {
  return row?.some((cell) => cell != null) ?? false;
}

function cellText(cell: XLSX.CellObject | undefined, date1904: boolean): string {
  if (!cell || cell.v == null) return cell?.w ?? "";
  switch (cell.t) {
    case "b":
      return cell.v ? "true" : "false";
    case "n":
      return numberText(cell.v as number, cell.z == null ? "General" : String(cell.z), cell.w, date1904);
    case "d":
      return (cell.v as Date).toISOString().slice(0, 10);
    case "e":
      return cell.w ?? "";
    default:
      return String(cell.v);
  }
}

function numberText(value: number, format: string, shown: string | undefined, date1904: boolean): string {
  if (SSF.is_date(format)) {
    const date = SSF.parse_date_code(value, { date1904 });
    if (date) return isoDate(date);
  }
  if (format === "General" || !shown || /\dE[+-]?\d/i.test(shown)) return plainNumber(value);
  // A custom format such as 0000000000 is how Excel keeps a phone number's leading zero.
  return shown;
}

function plainNumber(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  // Excel keeps 15 significant digits; beyond them is binary noise (0.30000000000000004).
  return String(Number(value.toPrecision(15)));
}

function isoDate({ y, m, d, H, M, S }: DateCode): string {
  const date = `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;
  return H === 0 && M === 0 && S === 0 ? date : `${date}T${pad(H)}:${pad(M)}:${pad(S)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
