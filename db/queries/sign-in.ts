import "server-only";
import { and, eq, max, not, or, sql } from "drizzle-orm";
import { accounts, clientspaceMemberships, clientspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import { pendingMembership } from "./session";

/** The account an identifier names at sign-in: its email in any case, or its username. */
export async function findAccountIdByIdentifier(db: Db, identifier: string): Promise<string | undefined> {
  const id = identifier.trim().toLowerCase();
  if (!id) return undefined;
  const [account] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(or(sql`lower(${accounts.email}) = ${id}`, eq(accounts.username, id)))
    .limit(1);
  return account?.id;
}

/**
 * The clientspaces whose rules apply to the account's lock and which hear of it: those it has
 * joined. A clientspace whose invitation is still pending has no say over, and no news of, the
 * person's credentials (SPEC section 2).
 */
export async function listLockClientspaces(db: Db, accountId: string): Promise<{ clientspaceId: string; threshold: number }[]> {
  return db
    .select({ clientspaceId: clientspaceMemberships.clientspaceId, threshold: clientspaces.lockoutThreshold })
    .from(clientspaceMemberships)
    .innerJoin(clientspaces, eq(clientspaces.id, clientspaceMemberships.clientspaceId))
    .innerJoin(accounts, eq(accounts.id, clientspaceMemberships.accountId))
    .where(and(eq(clientspaceMemberships.accountId, accountId), not(pendingMembership)));
}

/**
 * How long a lock of this account lasts: permanent when any of its joined clientspaces says so
 * (`lockout_minutes` null, the default), else the longest of their minutes.
 */
export async function findLockoutRule(db: Db, accountId: string): Promise<{ permanent: boolean; minutes: number | null }> {
  const [rule] = await db
    .select({
      permanent: sql<boolean>`coalesce(bool_or(${clientspaces.lockoutMinutes} is null), true)`,
      minutes: max(clientspaces.lockoutMinutes),
    })
    .from(clientspaceMemberships)
    .innerJoin(clientspaces, eq(clientspaces.id, clientspaceMemberships.clientspaceId))
    .innerJoin(accounts, eq(accounts.id, clientspaceMemberships.accountId))
    .where(and(eq(clientspaceMemberships.accountId, accountId), not(pendingMembership)));
  return rule;
}
