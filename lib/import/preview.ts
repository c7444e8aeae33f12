import type { Db } from "@/db/types";
import { forbidden } from "@/lib/errors";
import { can, type Actor } from "@/lib/permissions";
import type { ColumnMapping, ParsedTable } from "@/lib/transfer/fields";
import { classifyRow, FileState, type Change, type ClassifyOptions } from "./classify";
import { loadImportContext } from "./context";
import { fieldColumns, parseRow } from "./row-values";

/**
 * The dry run (SPEC section 6, issue 5 requirement 5): every row classified, nothing written.
 * Row numbers are the file's line numbers (the header is line 1), as a spreadsheet shows them.
 */

export const FIRST_DATA_ROW = 2;

export type Outcome = "create" | "update" | "unchanged" | "error";
export type PreviewRow = { rowNumber: number; outcome: Outcome; changes: Change[]; error: string | null; warnings: string[]; accountId: string | null };
export type PreviewCounts = Record<Outcome, number>;
/** `warned`: rows applied without some of their values (each row's warnings say which). */
export type PreviewResult = { counts: PreviewCounts; warned: number; rows: PreviewRow[]; warnings: string[] };

/**
 * The row number of the first data row: the one under the header, which is row 1 unless the reader
 * skipped lines above it (a template's "version:v1.0"), so the numbers are those a spreadsheet
 * shows. Rows are numbered on from there one by one (the run relies on it, lib/import/job.ts): a
 * blank line between data rows, which the reader drops, shifts the numbers after it by one.
 */
export const firstDataRowOf = (headerRow: number | undefined) => (headerRow ?? 1) + 1;

export const emptyCounts = (): PreviewCounts => ({ create: 0, update: 0, unchanged: 0, error: 0 });

/**
 * Rows parsed or classified between two turns of the event loop: a preview of 100,000 rows held
 * the server's loop for about 0.4 s in one go (bench/uploads.ts); in turns of this size no other
 * request waits more than a few milliseconds behind it.
 */
const ROWS_PER_TURN = 2_000;

/** `items.map(fn)`, letting the event loop serve other requests every ROWS_PER_TURN items. */
async function mapInTurns<T, U>(items: readonly T[], fn: (item: T, index: number) => U): Promise<U[]> {
  const out: U[] = [];
  for (let at = 0; at < items.length; at += ROWS_PER_TURN) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    for (let i = at; i < Math.min(items.length, at + ROWS_PER_TURN); i++) out.push(fn(items[i], i));
  }
  return out;
}

/** Admins import; a workspace super-user updates users of their workspaces; nobody else. */
export function refuseUnlessMayImport(actor: Actor) {
  if (!can(actor, "users.import")) throw forbidden("You may not import users.");
}

export async function previewImport(db: Db, actor: Actor, table: ParsedTable, mapping: ColumnMapping, options: ClassifyOptions = {}): Promise<PreviewResult> {
  refuseUnlessMayImport(actor);
  const { columns, warnings } = fieldColumns(table, mapping);
  const parsed = await mapInTurns(table.rows, (cells) => parseRow(cells, columns));
  const context = await loadImportContext(db, actor.clientspaceId, parsed.map((p) => p.values));
  const file = new FileState();
  const counts = emptyCounts();
  const first = firstDataRowOf(table.headerRow);
  let warned = 0;
  const rows = await mapInTurns(parsed, (p, i): PreviewRow => {
    const rowNumber = i + first;
    const plan = classifyRow(actor, context, p, rowNumber, file, options);
    counts[plan.outcome] += 1;
    const rowWarnings = plan.outcome === "error" ? [] : plan.warnings;
    if (rowWarnings.length > 0) warned += 1;
    return {
      rowNumber,
      outcome: plan.outcome,
      changes: plan.outcome === "create" || plan.outcome === "update" ? plan.changes : [],
      error: plan.outcome === "error" ? plan.error : null,
      warnings: rowWarnings,
      accountId: plan.accountId,
    };
  });
  return { counts, warned, rows, warnings };
}
