import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { USER_FIELDS, type ColumnMapping, type ParsedTable } from "./fields";
import { formatBytes } from "./import-file-error";
import type { ImportableFieldId } from "./mapping";

/**
 * The import grid (issue 5, requirement 6): rows typed or pasted in the browser instead of a file.
 * Its columns are the importable fields, in the export's order, so that lines copied from an
 * exported spreadsheet paste into it column for column.
 */

export const GRID_FIELDS = USER_FIELDS.filter((f): f is Extract<(typeof USER_FIELDS)[number], { importable: true }> => f.importable);
export const GRID_MAX_ROWS = 1000;
/**
 * The grid's text as it travels (JSON, UTF-8): a server action's body is small (lib/body-limits.ts,
 * 2 MB), and 1,000 lines of real attributes take about 0.5 MB, so a grid beyond this is refused
 * here, in the browser too, rather than by the server's limit with no word for the admin.
 */
export const GRID_MAX_BYTES = 1024 * 1024;

const GRID_IDS = GRID_FIELDS.map((f) => f.id) as [ImportableFieldId, ...ImportableFieldId[]];

export type GridRow = Partial<Record<ImportableFieldId, string>>;

export const gridRowSchema = z.partialRecord(z.enum(GRID_IDS), z.string().max(1000, "Keep each cell to 1,000 characters."));
export const gridSchema = z.object({
  rows: z
    .array(gridRowSchema)
    .min(1, "Type at least one row.")
    .max(GRID_MAX_ROWS, `Type at most ${GRID_MAX_ROWS.toLocaleString("en")} rows; import a file for more.`)
    .superRefine((rows, ctx) => {
      const bytes = new TextEncoder().encode(JSON.stringify(rows)).length;
      if (bytes <= GRID_MAX_BYTES) return;
      ctx.addIssue({
        code: "custom",
        message: `The grid holds ${formatBytes(bytes)} of text; one grid takes at most ${formatBytes(GRID_MAX_BYTES)}. Import the rows as a file instead.`,
      });
    }),
});

/**
 * The grid as the table an upload gives, with its mapping. Blank rows are dropped. A column left
 * empty on every row is left out: in a file an empty title cell clears the title, but an empty
 * grid column means the admin did not say, and must not wipe the users' attributes.
 */
export function gridTable(rows: GridRow[]): { table: ParsedTable; mapping: ColumnMapping } {
  const filled = rows.map((row) => GRID_FIELDS.map((f) => (row[f.id] ?? "").trim())).filter((cells) => cells.some((c) => c !== ""));
  if (filled.length === 0) throw new DomainError("Type at least one row: every line of the grid is empty.", "invalid", { rows: ["Type at least one row."] });
  const used = GRID_FIELDS.map((_, k) => k).filter((k) => filled.some((cells) => cells[k] !== ""));
  const headers = used.map((k) => GRID_FIELDS[k].header);
  const mapping: ColumnMapping = Object.fromEntries(used.map((k) => [GRID_FIELDS[k].header, GRID_FIELDS[k].id]));
  return { table: { headers, rows: filled.map((cells) => used.map((k) => cells[k])) }, mapping };
}

/**
 * Lines pasted from a spreadsheet (tab-separated, one row per line) laid over the grid from the
 * cell where they were pasted: the rows and columns they cover are replaced, rows are added as needed.
 */
export function pasteIntoGrid(rows: GridRow[], text: string, at: { row: number; column: number }): GridRow[] {
  const lines = text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
  const next = rows.map((r) => ({ ...r }));
  lines.forEach((line, i) => {
    const target = at.row + i;
    while (next.length <= target) next.push({});
    line.split("\t").forEach((cell, j) => {
      const field = GRID_FIELDS[at.column + j];
      if (field) next[target][field.id] = cell.trim();
    });
  });
  return next.slice(0, GRID_MAX_ROWS);
}
