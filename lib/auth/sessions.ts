import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { accounts, accountSessions } from "@/db/schema";
import type { Db } from "@/db/types";

/** Why a session ended, kept in account_sessions.revoked_reason. */
export type SessionEndReason = "signed_out" | "ended_by_user" | "disabled" | "removed" | "password_changed" | "locked" | "deleted";

/**
 * Every session of the account, in every clientspace (password change, lock): bumps
 * accounts.session_version and revokes its account_sessions rows, except `exceptSessionId`.
 * The version bump still ends tokens that carry no session row; the kept session must be
 * re-issued with the new version by the caller.
 */
export async function endAccountSessions(
  tx: Db,
  accountId: string,
  reason: SessionEndReason,
  options: { exceptSessionId?: string } = {},
): Promise<void> {
  await tx
    .update(accounts)
    .set({ sessionVersion: sql`${accounts.sessionVersion} + 1` })
    .where(eq(accounts.id, accountId));
  await tx
    .update(accountSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(
      and(
        eq(accountSessions.accountId, accountId),
        isNull(accountSessions.revokedAt),
        options.exceptSessionId ? ne(accountSessions.id, options.exceptSessionId) : undefined,
      ),
    );
}

/**
 * Only the sessions working in that clientspace (disable or removal there; SPEC section 2: not the
 * others). Revokes those rows; does not bump the version, so the account's sessions in its other
 * clientspaces go on.
 */
export async function endClientspaceSessions(tx: Db, accountId: string, clientspaceId: string, reason: SessionEndReason): Promise<void> {
  await tx
    .update(accountSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(
      and(
        eq(accountSessions.accountId, accountId),
        eq(accountSessions.clientspaceId, clientspaceId),
        isNull(accountSessions.revokedAt),
      ),
    );
}
