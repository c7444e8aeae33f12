import { restoreNeutralised } from "./cells";
import type { ParsedTable } from "./fields";
import { ImportFileError } from "./import-file-error";
import { normaliseHeader } from "./mapping";

/**
 * Turns the records of a file into the table the import works on. The header is the first row
 * that is not blank; blank rows are dropped; short rows are padded. Every cell goes through
 * restoreNeutralised so that a file Roster exported comes back as it was. Row numbers in
 * messages are the ones a spreadsheet shows: the first record of the file is row 1.
 */
export function toTable(records: string[][], firstRowNumber = 1): ParsedTable {
  const headerAt = records.findIndex((r) => !isBlank(r));
  if (headerAt === -1) throw new ImportFileError("The file is empty: it holds no header row and no data.");
  const rawHeaders = records[headerAt].map((c) => restoreNeutralised(c).trim());
  const dataAt: number[] = [];
  for (let i = headerAt + 1; i < records.length; i++) if (!isBlank(records[i])) dataAt.push(i);
  if (dataAt.length === 0) {
    throw new ImportFileError("The file has a header row but no data rows: add one row per user under the headers.");
  }

  for (const i of dataAt) {
    const extra = records[i].slice(rawHeaders.length).findIndex((c) => c.trim() !== "");
    if (extra !== -1) {
      throw new ImportFileError(
        `Row ${i + firstRowNumber} has a value in column ${columnName(rawHeaders.length + extra)}, but the header row has only ${rawHeaders.length} columns. Add a header for it or remove the value.`,
      );
    }
  }
  const kept = keptColumns(rawHeaders, records, dataAt, firstRowNumber);
  const headers = kept.map((k) => rawHeaders[k]);
  refuseDuplicates(headers, kept);
  const rows = dataAt.map((i) => kept.map((k) => restoreNeutralised(records[i][k] ?? "")));
  return { headers, rows };
}

function isBlank(record: string[]): boolean {
  return record.every((c) => c.trim() === "");
}

/** A column with no header is dropped when it is empty throughout (a trailing delimiter), refused otherwise. */
function keptColumns(headers: string[], records: string[][], dataAt: number[], firstRowNumber: number): number[] {
  const kept: number[] = [];
  headers.forEach((header, k) => {
    if (header !== "") return kept.push(k);
    const used = dataAt.find((i) => (records[i][k] ?? "").trim() !== "");
    if (used !== undefined) {
      throw new ImportFileError(
        `Column ${columnName(k)} has no header but holds values (first in row ${used + firstRowNumber}). Give it a header, or delete the column.`,
      );
    }
  });
  return kept;
}

function refuseDuplicates(headers: string[], columns: number[]): void {
  const seen = new Map<string, number>();
  headers.forEach((header, j) => {
    const key = normaliseHeader(header) || header;
    const first = seen.get(key);
    if (first === undefined) return seen.set(key, j);
    const same = headers[first] === header ? `"${header}" appears twice` : `"${headers[first]}" and "${header}" are the same name`;
    throw new ImportFileError(
      `Two columns have the same header: ${same} (columns ${columnName(columns[first])} and ${columnName(columns[j])}), once case, accents, spaces and punctuation are ignored. Rename or delete one of them.`,
    );
  });
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
