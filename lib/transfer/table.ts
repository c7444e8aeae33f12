import { plural } from "@/lib/format";
import { restoreNeutralised } from "./cells";
import { columnName } from "./column-name";
import type { ParsedTable } from "./fields";
import { findHeaderRow, isBlank } from "./header-row";
import { ImportFileError } from "./import-file-error";
import { normaliseHeader } from "./mapping";

export type TableSource = {
  /** The file's name as the admin knows it, for messages. */
  label?: string;
  /** The spreadsheet's number of the first record (a sheet's used range may start lower down). */
  firstRowNumber?: number;
  /** A record skipped above the header, as the line the admin would see in the file. */
  lineOf?: (record: readonly string[]) => string;
};

/** A file with nothing in it: no header, no rows. */
export function emptyFile(label = "This file"): ImportFileError {
  return new ImportFileError(`${label} is empty: it holds no header and no rows. Choose the file that lists your users, or download the template and fill it in.`);
}

/**
 * Turns the records of a file into the table the import works on. The header is found past any
 * preamble (lib/transfer/header-row.ts), whose lines are returned with the table; blank rows are
 * dropped; short rows are padded. Every cell goes through restoreNeutralised so that a file Roster
 * exported comes back as it was. Row numbers in messages are the ones a spreadsheet shows: the
 * first record of the file is row 1.
 */
export function toTable(records: string[][], source: TableSource = {}): ParsedTable {
  const { label = "This file", firstRowNumber = 1, lineOf = (record) => record.filter((c) => c.trim() !== "").join(" ") } = source;
  const { headerAt, preamble } = findHeaderRow(records, lineOf);
  if (headerAt === -1) throw emptyFile(label);
  const rawHeaders = records[headerAt].map((c) => restoreNeutralised(c).trim());
  const dataAt: number[] = [];
  for (let i = headerAt + 1; i < records.length; i++) if (!isBlank(records[i])) dataAt.push(i);
  if (dataAt.length === 0) {
    throw new ImportFileError(`${label} has a header row but no users under it. Add one row per user under the headers, then upload it again.`);
  }

  for (const i of dataAt) {
    const extra = records[i].slice(rawHeaders.length).findIndex((c) => c.trim() !== "");
    if (extra !== -1) {
      throw new ImportFileError(
        `Row ${i + firstRowNumber} has a value in column ${columnName(rawHeaders.length + extra)}, but the header row (row ${headerAt + firstRowNumber}) has only ${plural(rawHeaders.length, "column")}. Add a header for it or remove the value.`,
      );
    }
  }
  const kept = keptColumns(rawHeaders, records, dataAt, firstRowNumber);
  const headers = kept.map((k) => rawHeaders[k]);
  refuseDuplicates(headers, kept);
  const rows = dataAt.map((i) => kept.map((k) => restoreNeutralised(records[i][k] ?? "")));
  const headerRow = headerAt + firstRowNumber;
  return { headers, rows, ...(preamble.length > 0 ? { preamble } : {}), ...(headerRow !== 1 ? { headerRow } : {}) };
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
