import "server-only";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { clientspaceMemberships, workspaceMemberships } from "@/db/schema";
import type { Db } from "@/db/types";
import type { UserScope } from "@/lib/permissions";

/** The condition that keeps a listing inside what the permission layer allows. */
export function scopeCondition(clientspaceId: string, scope: UserScope) {
  const tenant = eq(clientspaceMemberships.clientspaceId, clientspaceId);
  if (scope.kind === "clientspace") return tenant;
  if (scope.kind === "self") return and(tenant, eq(clientspaceMemberships.accountId, scope.accountId));
  if (scope.workspaceIds.length === 0) return sql`false`;
  return and(
    tenant,
    sql`exists (select 1 from ${workspaceMemberships} where ${workspaceMemberships.accountId} = ${clientspaceMemberships.accountId} and ${inArray(workspaceMemberships.workspaceId, [...scope.workspaceIds])})`,
  );
}

export async function countUsers(db: Db, clientspaceId: string, scope: UserScope): Promise<number> {
  const [row] = await db.select({ n: count() }).from(clientspaceMemberships).where(scopeCondition(clientspaceId, scope));
  return row.n;
}
