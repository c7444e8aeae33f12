import { eq } from "drizzle-orm";
import { accounts } from "@/db/schema";
import type { Db } from "@/db/types";
import { checkSession, type SessionCheck } from "@/lib/auth/session-check";

/**
 * The session a signed-in person would have in that clientspace, built by the same check every
 * request runs (their rights read from the database), for tests that call a door (a server action,
 * a route handler) with `@/lib/auth/current-user` mocked.
 */
export async function sessionOf(db: Db, accountId: string, clientspaceId: string): Promise<SessionCheck> {
  const [account] = await db.select({ sessionVersion: accounts.sessionVersion }).from(accounts).where(eq(accounts.id, accountId));
  const check = await checkSession(db, { accountId, sessionVersion: account.sessionVersion }, clientspaceId);
  if (!check.ok) throw new Error(`No usable session for ${accountId}: ${check.reason}`);
  return check;
}
