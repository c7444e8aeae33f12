import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { accountSessions, clientspaces } from "@/db/schema";
import type { Db } from "@/db/types";

export type SessionRow = {
  id: string;
  accountId: string;
  clientspaceId: string | null;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
};

/** The row a session token names, live or not (the caller tells why it is refused). */
export async function findAccountSession(db: Db, sessionId: string): Promise<SessionRow | undefined> {
  const [row] = await db
    .select({
      id: accountSessions.id,
      accountId: accountSessions.accountId,
      clientspaceId: accountSessions.clientspaceId,
      lastSeenAt: accountSessions.lastSeenAt,
      expiresAt: accountSessions.expiresAt,
      revokedAt: accountSessions.revokedAt,
      revokedReason: accountSessions.revokedReason,
    })
    .from(accountSessions)
    .where(eq(accountSessions.id, sessionId));
  return row;
}

export type ActiveSession = {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  clientspaceName: string | null;
};

/** One person's live sessions, most recently seen first ("Active sessions" in the profile). */
export async function listActiveSessions(db: Db, accountId: string, now: Date): Promise<ActiveSession[]> {
  return db
    .select({
      id: accountSessions.id,
      userAgent: accountSessions.userAgent,
      ipAddress: accountSessions.ipAddress,
      createdAt: accountSessions.createdAt,
      lastSeenAt: accountSessions.lastSeenAt,
      clientspaceName: clientspaces.name,
    })
    .from(accountSessions)
    .leftJoin(clientspaces, eq(clientspaces.id, accountSessions.clientspaceId))
    .where(and(eq(accountSessions.accountId, accountId), isNull(accountSessions.revokedAt), gt(accountSessions.expiresAt, now)))
    .orderBy(desc(accountSessions.lastSeenAt), desc(accountSessions.createdAt));
}
