import "server-only";
import { desc, eq } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import type { Db } from "@/db/types";

export async function listRecentAuditEvents(db: Db, clientspaceId: string, limit = 50) {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.clientspaceId, clientspaceId))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit);
}
