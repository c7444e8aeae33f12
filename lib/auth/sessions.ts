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

/** How long a session lasts; the session cookie (next-auth's JWT) lives as long. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** last_seen_at is written at most this often per session, not on every request. */
export const LAST_SEEN_PRECISION_MS = 60_000;

/** A row for a browser that just signed in; its id travels in the session token as `sid`. */
export async function startSession(
  db: Db,
  input: { accountId: string; clientspaceId: string | null; userAgent?: string | null; ipAddress?: string | null },
): Promise<string> {
  const [row] = await db
    .insert(accountSessions)
    .values({
      accountId: input.accountId,
      clientspaceId: input.clientspaceId,
      userAgent: input.userAgent?.slice(0, 512) || null,
      ipAddress: input.ipAddress?.slice(0, 64) || null,
      expiresAt: sql`now() + make_interval(secs => ${SESSION_MAX_AGE_SECONDS})`,
    })
    .returning({ id: accountSessions.id });
  return row.id;
}

/** Ends one session (sign-out, a clientspace found unusable); a session already ended keeps its reason. */
export async function revokeSession(tx: Db, accountId: string, sessionId: string, reason: SessionEndReason): Promise<boolean> {
  const rows = await tx
    .update(accountSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(accountSessions.id, sessionId), eq(accountSessions.accountId, accountId), isNull(accountSessions.revokedAt)))
    .returning({ id: accountSessions.id });
  return rows.length > 0;
}

/** The clientspace switcher moved this session: ending sessions "in a clientspace" follows it. */
export async function moveSession(tx: Db, accountId: string, sessionId: string, clientspaceId: string): Promise<void> {
  await tx
    .update(accountSessions)
    .set({ clientspaceId })
    .where(and(eq(accountSessions.id, sessionId), eq(accountSessions.accountId, accountId), isNull(accountSessions.revokedAt)));
}

/** Records that the session was used, at most once a minute (the caller read lastSeenAt already). */
export async function touchSession(db: Db, sessionId: string, lastSeenAt: Date, now = new Date()): Promise<void> {
  if (now.getTime() - lastSeenAt.getTime() < LAST_SEEN_PRECISION_MS) return;
  await db.update(accountSessions).set({ lastSeenAt: sql`now()` }).where(eq(accountSessions.id, sessionId));
}
