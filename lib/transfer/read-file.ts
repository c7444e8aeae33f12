import { detectDelimiter, parseDelimited, type Delimiter } from "./csv-parse";
import { findHeaderRow } from "./header-row";
import { isKnownHeader } from "./mapping";
import type { ParsedTable } from "./fields";
import { ImportFileError, formatBytes } from "./import-file-error";
import { readSheetRecords } from "./sheet-read";
import { emptyFile, toTable } from "./table";
import { DEFAULT_BOUNDS, tooManyRows, type TableBounds } from "./table-bounds";
import { decodeText, startsWith } from "./text-decode";
import { checkWorkbookZip, readTextFromZip } from "./zip-contents";

export { ImportFileError } from "./import-file-error";

export type ImportLimits = Partial<TableBounds> & { maxBytes?: number; maxUnzippedBytes?: number };

const MB = 1024 * 1024;
export const MAX_UPLOAD_BYTES = 50 * MB;
export const DEFAULT_LIMITS = { ...DEFAULT_BOUNDS, maxBytes: MAX_UPLOAD_BYTES, maxUnzippedBytes: 50 * MB } as const;
/**
 * An .xlsx is zipped XML about four times larger than the CSV of the same rows (100,000 exported
 * users: 27 MB zipped, 97 MB of XML), so a workbook may unpack to this many times the limit
 * that applies to a zipped CSV.
 */
const WORKBOOK_XML_FACTOR = 4;
const SUPPORTED = ["csv", "txt", "xlsx", "xls", "zip"] as const;
type Format = (typeof SUPPORTED)[number];

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads an uploaded user file into a table of text (SPEC section 6): .csv, .txt, .xlsx, .xls,
 * or a .zip holding exactly one .csv or .txt. The extension decides the format and the content
 * must agree with it; anything refused throws an ImportFileError whose message the admin sees.
 */
export function readImportFile(name: string, bytes: Buffer, limits: ImportLimits = {}): ParsedTable {
  const { maxBytes, maxUnzippedBytes, ...bounds } = { ...DEFAULT_LIMITS, ...limits };
  const label = baseName(name);
  const format = formatOf(label);
  if (bytes.length === 0) throw emptyFile(label);
  if (bytes.length > maxBytes) throw tooLargeFile(label, bytes.length, maxBytes);
  switch (format) {
    case "csv":
    case "txt":
      return readText(label, format, bytes, bounds);
    case "xlsx": {
      refuseEncrypted(label, bytes);
      refuseUnlessZip(label, bytes, "an Excel workbook (.xlsx)");
      const { firstSheetRows } = checkWorkbookZip(bytes, label, maxUnzippedBytes * WORKBOOK_XML_FACTOR);
      // The header row and the data rows: counted before the (much slower) parse.
      if (firstSheetRows !== null && firstSheetRows > bounds.maxRows + 1) throw tooManyRows(bounds.maxRows);
      return readSheet(label, bytes, bounds);
    }
    case "xls":
      refuseEncrypted(label, bytes);
      // Excel 5 and 95 (BIFF5) and 97-2003 (BIFF8) files are OLE containers; Excel 2.x to 4.0
      // (BIFF2-4) wrote the bare record stream. SheetJS reads them all.
      if (!startsWith(bytes, OLE_MAGIC) && oldExcelVersion(bytes) === null) throw mismatch(label, "an Excel workbook (.xls)", bytes);
      return readSheet(label, bytes, bounds);
    case "zip": {
      refuseUnlessZip(label, bytes, "a zip archive");
      const inner = readTextFromZip(bytes, label, maxUnzippedBytes);
      const innerFormat = formatOf(inner.name);
      return readText(`${label} › ${inner.name}`, innerFormat, inner.bytes, bounds);
    }
  }
}

/** The size refusal, for a file in hand or a stream that passed the limit (its size then unknown). */
export function tooLargeFile(name: string, size: number | "over", maxBytes: number = MAX_UPLOAD_BYTES): ImportFileError {
  const label = baseName(name);
  const what = size === "over" ? `over ${formatBytes(maxBytes)}` : formatBytes(size);
  return new ImportFileError(`${label} is ${what}; the limit is ${formatBytes(maxBytes)}. Split it into smaller files.`);
}

function readText(label: string, format: Format, bytes: Buffer, bounds: TableBounds): ParsedTable {
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC) || startsWith(bytes, OLE_MAGIC)) {
    throw mismatch(label, "a text file", bytes);
  }
  const text = decodeText(bytes, label);
  // A byte order mark, spaces or line ends only: nothing to read.
  if (text.trim() === "") throw emptyFile(label);
  const delimiter = chooseDelimiter(text, format === "txt", bounds);
  const lineOf = (record: readonly string[]) => record.slice(0, lastFilled(record) + 1).join(delimiter);
  return toTable(parseDelimited(text, delimiter, bounds), { label, lineOf });
}

function readSheet(label: string, bytes: Buffer, bounds: TableBounds): ParsedTable {
  const { records, firstRowNumber } = readSheetRecords(bytes, label, bounds);
  return toTable(records, { label, firstRowNumber });
}

/**
 * The delimiter, told from the header line. A preamble line (`version:v1.0`, a title with a comma
 * in a semicolon file) can mislead a count on the first line, so the first lines are read with
 * each delimiter and the one under which the header row names the most known columns wins;
 * when that does not decide (headers the import does not know), the first line that holds a
 * delimiter, comments aside, decides as before.
 */
function chooseDelimiter(text: string, preferTab: boolean, bounds: TableBounds): Delimiter {
  const head = firstLines(text, 20);
  const fallback = detectDelimiter(head.find((line) => !line.trimStart().startsWith("#") && /[,;\t]/.test(line)) ?? head[0] ?? "", preferTab);
  const sample = head.join("\n");
  let best: { delimiter: Delimiter; known: number } = { delimiter: fallback, known: 0 };
  for (const delimiter of [",", ";", "\t"] as const) {
    let records: string[][];
    try {
      records = parseDelimited(sample, delimiter, bounds);
    } catch {
      continue;
    }
    const { headerAt } = findHeaderRow(records, () => "");
    const known = headerAt === -1 ? 0 : records[headerAt].filter((cell) => cell.trim() !== "" && isKnownHeader(cell)).length;
    if (known > best.known) best = { delimiter, known };
  }
  return best.delimiter;
}

/** The first `count` lines of the text, a quoted line break kept inside its line. */
function firstLines(text: string, count: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < count && start < text.length) {
    const end = lineEnd(text, start);
    lines.push(text.slice(start, end));
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  return lines;
}

/** Where the line starting at `from` ends, quotes respected (a header cell may hold a line break). */
function lineEnd(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) return i;
  }
  return text.length;
}

function lastFilled(record: readonly string[]): number {
  for (let k = record.length - 1; k >= 0; k--) if (record[k].trim() !== "") return k;
  return -1;
}

/** BIFF2-4 workbooks start with their BOF record (0x0009, 0x0209 or 0x0409) and its length. */
const BIFF_BOF: ReadonlyArray<[version: string, bytes: number[]]> = [
  ["Excel 2.x", [0x09, 0x00, 0x04, 0x00]],
  ["Excel 3.0", [0x09, 0x02, 0x06, 0x00]],
  ["Excel 4.0", [0x09, 0x04, 0x06, 0x00]],
];

function oldExcelVersion(bytes: Buffer): string | null {
  return BIFF_BOF.find(([, bof]) => startsWith(bytes, bof))?.[0] ?? null;
}

/** Excel stores a password-protected .xlsx in an OLE container with an EncryptionInfo stream. */
function refuseEncrypted(label: string, bytes: Buffer): void {
  if (startsWith(bytes, OLE_MAGIC) && bytes.includes(Buffer.from("EncryptionInfo", "utf16le"))) {
    throw new ImportFileError(`${label} is password-protected. Remove the password in Excel, save the file and upload it again.`);
  }
}

function refuseUnlessZip(label: string, bytes: Buffer, expected: string): void {
  if (!startsWith(bytes, ZIP_MAGIC) && !startsWith(bytes, EMPTY_ZIP_MAGIC)) throw mismatch(label, expected, bytes);
}

function mismatch(label: string, expected: string, bytes: Buffer): ImportFileError {
  return new ImportFileError(`${label} is named as ${expected} but holds ${describeContent(bytes)}. Save the file again in the format its name says.`);
}

/** What the bytes really are, so that the admin knows which way to fix the file. */
function describeContent(bytes: Buffer): string {
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) return "a zip archive (an .xlsx or a .zip)";
  if (startsWith(bytes, OLE_MAGIC)) return "an Excel 97-2003 workbook (.xls)";
  const old = oldExcelVersion(bytes);
  if (old) return `an ${old} workbook (.xls)`;
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return "a PDF document";
  return bytes.subarray(0, 4096).includes(0) ? "data of another kind" : "plain text (a CSV file?)";
}

function formatOf(label: string): Format {
  const dot = label.lastIndexOf(".");
  const extension = dot === -1 ? "" : label.slice(dot + 1).toLowerCase();
  if ((SUPPORTED as readonly string[]).includes(extension)) return extension as Format;
  throw new ImportFileError(
    `${label} is not a file the import reads${extension ? ` (.${extension})` : ""}. Upload a .csv, .txt, .xlsx, .xls, or a .zip holding one .csv or .txt file.`,
  );
}

export function baseName(name: string): string {
  return name.split(/[\\/]/).pop() || "The file";
}
