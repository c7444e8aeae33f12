import type { Db } from "@/db/types";
import { forbidden } from "@/lib/errors";
import { can, type Actor } from "@/lib/permissions";
import type { ColumnMapping, ParsedTable } from "@/lib/transfer/fields";
import { classifyRow, FileState, type Change } from "./classify";
import { loadImportContext } from "./context";
import { fieldColumns, parseRow } from "./row-values";

/**
 * The dry run (SPEC section 6, issue 5 requirement 5): every row classified, nothing written.
 * Row numbers are the file's line numbers (the header is line 1), as a spreadsheet shows them.
 */

export const FIRST_DATA_ROW = 2;

export type Outcome = "create" | "update" | "unchanged" | "error";
export type PreviewRow = { rowNumber: number; outcome: Outcome; changes: Change[]; error: string | null; accountId: string | null };
export type PreviewCounts = Record<Outcome, number>;
export type PreviewResult = { counts: PreviewCounts; rows: PreviewRow[]; warnings: string[] };

export const emptyCounts = (): PreviewCounts => ({ create: 0, update: 0, unchanged: 0, error: 0 });

/** Admins import; a workspace super-user updates users of their workspaces; nobody else. */
export function refuseUnlessMayImport(actor: Actor) {
  if (!can(actor, "users.import")) throw forbidden("You may not import users.");
}

export async function previewImport(db: Db, actor: Actor, table: ParsedTable, mapping: ColumnMapping): Promise<PreviewResult> {
  refuseUnlessMayImport(actor);
  const { columns, warnings } = fieldColumns(table, mapping);
  const parsed = table.rows.map((cells) => parseRow(cells, columns));
  const context = await loadImportContext(db, actor.clientspaceId, parsed.map((p) => p.values));
  const file = new FileState();
  const counts = emptyCounts();
  const rows = parsed.map((p, i): PreviewRow => {
    const rowNumber = i + FIRST_DATA_ROW;
    const plan = classifyRow(actor, context, p, rowNumber, file);
    counts[plan.outcome] += 1;
    return {
      rowNumber,
      outcome: plan.outcome,
      changes: plan.outcome === "create" || plan.outcome === "update" ? plan.changes : [],
      error: plan.outcome === "error" ? plan.error : null,
      accountId: plan.accountId,
    };
  });
  return { counts, rows, warnings };
}
