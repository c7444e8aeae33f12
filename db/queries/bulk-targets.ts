import "server-only";
import { and, asc, count, gt, inArray, sql } from "drizzle-orm";
import { clientspaceMemberships as m } from "@/db/schema";
import type { Db } from "@/db/types";
import { directoryWhere, type DirectoryQuery } from "./users";

/**
 * The users a bulk action reaches, read with the users listing's own where clause (tenant, the
 * actor's scope, the filters), so that "all N matching" means exactly the rows the table showed.
 * Walked in account-id order: the clientspace's primary key, so every batch is an index range
 * read from where the last one stopped, never an OFFSET and never the whole set in memory.
 */

export type BulkTarget = { accountId: string; firstName: string; lastName: string; email: string };

const targetColumns = { accountId: m.accountId, firstName: m.firstName, lastName: m.lastName, email: m.email };

/** How many users match, counting no further than `limit` (enough to know a bound is exceeded). */
export async function countBulkTargets(db: Db, q: DirectoryQuery, searchPattern: string | null, limit: number): Promise<number> {
  const limited = db.select({ one: sql`1` }).from(m).where(directoryWhere(q, searchPattern)).limit(limit).as("limited");
  const [{ n }] = await db.select({ n: count() }).from(limited);
  return n;
}

/** The next `limit` matching users after `afterAccountId` (from the start when null). */
export function nextBulkTargets(db: Db, q: DirectoryQuery, searchPattern: string | null, afterAccountId: string | null, limit: number): Promise<BulkTarget[]> {
  return db
    .select(targetColumns)
    .from(m)
    .where(and(directoryWhere(q, searchPattern), afterAccountId ? gt(m.accountId, afterAccountId) : undefined))
    .orderBy(asc(m.accountId))
    .limit(limit);
}

/** Those of `accountIds` that the query's scope reaches; the others are not there for this actor. */
export function bulkTargetsAmong(db: Db, q: DirectoryQuery, accountIds: readonly string[]): Promise<BulkTarget[]> {
  if (accountIds.length === 0) return Promise.resolve([]);
  return db
    .select(targetColumns)
    .from(m)
    .where(and(directoryWhere(q, null), inArray(m.accountId, [...accountIds])))
    .orderBy(asc(m.accountId));
}
