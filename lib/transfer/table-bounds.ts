import { plural } from "@/lib/format";
import { ImportFileError } from "./import-file-error";
import { columnName } from "./column-name";

/**
 * How much one file may hold (issue 10, requirement 6). Each bound is checked by the reader as it
 * meets it, so that a hostile or broken file is refused after the first offending row or cell
 * instead of being read, stored and rendered in full: a single 45 MB cell or 200,000 columns
 * used to hold the server for tens of seconds.
 */
export type TableBounds = {
  /** Data rows, the header not counted. */
  maxRows: number;
  /** A user has about twenty attributes; 200 leaves room for any export's extra columns. */
  maxColumns: number;
  /** Characters in one cell; the longest attribute (roles over many workspaces) stays far below. */
  maxCellLength: number;
};

export const DEFAULT_BOUNDS: TableBounds = { maxRows: 1_000_000, maxColumns: 200, maxCellLength: 10_000 };

const count = (n: number) => n.toLocaleString("en-US");

export function tooManyRows(maxRows: number): ImportFileError {
  return new ImportFileError(`The file has more than ${plural(maxRows, "row")}, the most one import takes. Split it into several files.`);
}

/** `row` as the spreadsheet numbers it (the file's first record is row 1). */
export function tooManyColumns(row: number, maxColumns: number): ImportFileError {
  return new ImportFileError(
    `Row ${row} has more than ${plural(maxColumns, "column")}; an import reads at most ${count(maxColumns)}. Delete the columns you do not import, and check that the file's delimiter is a comma, a semicolon or a tab.`,
  );
}

/** A long cell is most often a quote left open, which swallows the rows after it: say so. */
export function cellTooLong(row: number, column: number, length: number, maxCellLength: number): ImportFileError {
  return new ImportFileError(
    `Row ${row}, column ${columnName(column)} has ${plural(length, "character")}; a cell may hold at most ${count(maxCellLength)}. Shorten it, or check that no quote (") is missing before it.`,
  );
}
