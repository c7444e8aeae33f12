import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { accountSessions } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { WriteContext } from "@/lib/write";
import { describeDevice } from "./device";

/** The person ending their own sessions from "Active sessions" (SPEC section 8). */
export type SessionOwner = { accountId: string; name: string; sessionId?: string };

const NOT_FOUND = "This session does not exist or has already ended.";

/**
 * Signs out one of the person's own sessions. Another person's session, an ended one and an
 * unknown id get the same answer, so that nobody learns which session ids exist.
 */
export async function endOwnSession(ctx: WriteContext, owner: SessionOwner, input: { sessionId: string }): Promise<void> {
  if (input.sessionId === owner.sessionId) {
    throw new DomainError("This is the session you are using: sign out from your account menu.", "invalid");
  }
  const [ended] = await ctx.tx
    .update(accountSessions)
    .set({ revokedAt: sql`now()`, revokedReason: "ended_by_user" })
    .where(
      and(
        eq(accountSessions.id, input.sessionId),
        eq(accountSessions.accountId, owner.accountId),
        isNull(accountSessions.revokedAt),
        gt(accountSessions.expiresAt, sql`now()`),
      ),
    )
    .returning({ userAgent: accountSessions.userAgent, ipAddress: accountSessions.ipAddress });
  if (!ended) throw new DomainError(NOT_FOUND, "not_found");
  ctx.audit.record({
    action: "user.session_ended",
    targetType: "user",
    targetId: owner.accountId,
    targetLabel: owner.name,
    after: { by: "self", device: describeDevice(ended.userAgent).label, address: ended.ipAddress },
  });
}

/** Signs out every other session of the person, keeping the one in use; returns how many ended. */
export async function endOtherOwnSessions(ctx: WriteContext, owner: SessionOwner): Promise<number> {
  const ended = await ctx.tx
    .update(accountSessions)
    .set({ revokedAt: sql`now()`, revokedReason: "ended_by_user" })
    .where(
      and(
        eq(accountSessions.accountId, owner.accountId),
        isNull(accountSessions.revokedAt),
        gt(accountSessions.expiresAt, sql`now()`),
        owner.sessionId ? ne(accountSessions.id, owner.sessionId) : undefined,
      ),
    )
    .returning({ id: accountSessions.id });
  if (ended.length > 0) {
    ctx.audit.record({
      action: "user.other_sessions_ended",
      targetType: "user",
      targetId: owner.accountId,
      targetLabel: owner.name,
      after: { by: "self", sessions: ended.length },
    });
  }
  return ended.length;
}
