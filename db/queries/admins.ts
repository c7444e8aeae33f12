import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { clientspaceMemberships as cm } from "@/db/schema";
import type { Db } from "@/db/types";

/**
 * The enabled admins of a clientspace (the "last admin" rule counts them: SPEC section 2), in a
 * fixed order. `lock`: their rows are locked for the caller's transaction (lib/users/last-admin.ts
 * says why the order matters).
 */
export async function enabledAdminIds(db: Db, clientspaceId: string, options: { lock?: boolean } = {}): Promise<string[]> {
  const query = db
    .select({ accountId: cm.accountId })
    .from(cm)
    .where(and(eq(cm.clientspaceId, clientspaceId), eq(cm.isAdmin, true), eq(cm.disabled, false)))
    .orderBy(asc(cm.accountId));
  const rows = options.lock ? await query.for("update") : await query;
  return rows.map((r) => r.accountId);
}
