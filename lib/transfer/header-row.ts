import { isKnownHeader } from "./mapping";

/**
 * Where a file's header row is, and the lines above it that are not part of the table (issue 11):
 * Entra ID's bulk-create template starts with `version:v1.0`, exports carry a title row, hand-made
 * files a `# comment` or two. Such lines are skipped and handed back for the preview to show.
 *
 * The rule, over the first non-blank rows:
 * 1. The header is the first row that reads as one: two cells or more name columns the import
 *    knows (or a one-cell row that does, for a one-column file), provided every row above it looks
 *    like a preamble (a comment, a lone cell, or a narrower row naming nothing known).
 * 2. Failing that (a file of unknown column names), comments are skipped, and so is a row of a
 *    single cell that a wider row follows: a table's header is never narrower than its data.
 */

/** Lines kept for the preview, and characters kept of each. */
export const MAX_PREAMBLE_LINES = 10;
export const MAX_PREAMBLE_LINE_LENGTH = 200;
/** Rows looked at for a header; a preamble longer than this is not one. */
const MAX_ROWS_ABOVE_HEADER = 20;

export type HeaderRow = { headerAt: number; preamble: string[] };

/**
 * `records` as read from the file; `lineOf` turns a skipped record back into the text of its line.
 * Returns headerAt -1 when every record is blank.
 */
export function findHeaderRow(records: readonly (readonly string[])[], lineOf: (record: readonly string[]) => string): HeaderRow {
  const candidates: number[] = [];
  for (let i = 0; i < records.length && candidates.length <= MAX_ROWS_ABOVE_HEADER; i++) if (!isBlank(records[i])) candidates.push(i);
  if (candidates.length === 0) return { headerAt: -1, preamble: [] };

  let at = byKnownNames(records, candidates);
  if (at === -1) at = byShape(records, candidates);
  const skipped = candidates.slice(0, at);
  return { headerAt: candidates[at], preamble: skipped.slice(0, MAX_PREAMBLE_LINES).map((i) => clip(lineOf(records[i]))) };
}

function byKnownNames(records: readonly (readonly string[])[], candidates: number[]): number {
  for (let c = 0; c < candidates.length; c++) {
    const row = records[candidates[c]];
    if (isComment(row)) continue;
    const filled = filledCells(row);
    const known = row.filter((cell) => cell.trim() !== "" && isKnownHeader(cell)).length;
    if (known >= 2 || (known === 1 && filled === 1)) {
      const above = candidates.slice(0, c).map((i) => records[i]);
      return above.every((r) => looksLikePreamble(r, filled)) ? c : -1;
    }
  }
  return -1;
}

function byShape(records: readonly (readonly string[])[], candidates: number[]): number {
  let c = 0;
  while (c < candidates.length - 1) {
    const row = records[candidates[c]];
    if (!isComment(row) && !(filledCells(row) === 1 && filledCells(records[candidates[c + 1]]) >= 2)) break;
    c++;
  }
  return c;
}

function looksLikePreamble(row: readonly string[], headerWidth: number): boolean {
  const filled = filledCells(row);
  return isComment(row) || filled < 2 || (filled < headerWidth && !row.some((cell) => cell.trim() !== "" && isKnownHeader(cell)));
}

/** `# …` in the first cell; a lone "#" is the header of a numbering column, not a comment. */
function isComment(row: readonly string[]): boolean {
  const first = row.find((cell) => cell.trim() !== "")?.trim() ?? "";
  return first.startsWith("#") && first.length > 1;
}

function filledCells(row: readonly string[]): number {
  return row.reduce((n, cell) => (cell.trim() === "" ? n : n + 1), 0);
}

export function isBlank(row: readonly string[]): boolean {
  return row.every((c) => c.trim() === "");
}

function clip(line: string): string {
  const text = line.trim();
  return text.length > MAX_PREAMBLE_LINE_LENGTH ? `${text.slice(0, MAX_PREAMBLE_LINE_LENGTH - 1)}…` : text;
}
