import type { Db } from "@/db/types";
import { findAccountSession } from "@/db/queries/account-sessions";
import { findSessionAccount, listSessionMemberships, listSuperUserWorkspaceIds } from "@/db/queries/session";
import type { Actor } from "@/lib/permissions";
import { revokeSession, touchSession } from "./sessions";

export type SignedInUser = Actor & {
  name: string;
  email: string;
  username: string;
  clientspaceName: string;
  clientspaces: { id: string; name: string }[];
  /** The browser session (account_sessions row) the request came with; absent for work without a browser (jobs). */
  sessionId?: string;
};

export type SessionCheck =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "gone" | "locked" | "ended" | "disabled" };

/**
 * With no clientspace chosen (a new browser, a first sign-in), the one joined last: where an
 * accepted invitation just brought the person. The list is by name, so ties go to the first name.
 */
function lastJoined<T extends { joinedAt: Date | null }>(usable: T[]): T | undefined {
  return usable.reduce<T | undefined>((best, m) => (!best || (m.joinedAt?.getTime() ?? 0) > (best.joinedAt?.getTime() ?? 0) ? m : best), undefined);
}

/**
 * Checked on every request: a session is only as good as the account behind it right now.
 * `sessionVersion` is the version the token was issued with; the account bumps it when every
 * session must end (password change, lock, disable).
 */
export async function checkSession(
  db: Db,
  token: { accountId: string; sessionVersion: number },
  preferredClientspaceId?: string | null,
): Promise<SessionCheck> {
  const account = await findSessionAccount(db, token.accountId);
  if (!account) return { ok: false, reason: "gone" };
  if (account.lockedAt) return { ok: false, reason: "locked" };
  const memberships = await listSessionMemberships(db, account.id);
  const usable = memberships.filter((m) => !m.disabled && !m.pending);
  // A chosen clientspace that is no longer usable ends the session rather than switching tenant unasked.
  const chosen = preferredClientspaceId ? memberships.find((m) => m.clientspaceId === preferredClientspaceId) : lastJoined(usable);
  // Before the version check: a disabled membership is the reason to tell, whatever else ended the session.
  if (!chosen || chosen.disabled || chosen.pending) return { ok: false, reason: "disabled" };
  if (account.sessionVersion !== token.sessionVersion) return { ok: false, reason: "ended" };
  const superUserWorkspaceIds = await listSuperUserWorkspaceIds(db, account.id, chosen.clientspaceId);
  return {
    ok: true,
    user: {
      accountId: account.id,
      clientspaceId: chosen.clientspaceId,
      clientspaceName: chosen.clientspaceName,
      isAdmin: chosen.isAdmin,
      isAuditor: chosen.isAuditor,
      superUserWorkspaceIds,
      superUsersMayCreateUsers: chosen.superUsersMayCreateUsers,
      name: `${account.firstName} ${account.lastName}`.trim(),
      email: account.email,
      username: account.username,
      clientspaces: usable.map((m) => ({ id: m.clientspaceId, name: m.clientspaceName })),
    },
  };
}

/** A session ended by an admin or a lock tells the person why, as the live checks would have. */
const ENDED_BECAUSE: Record<string, "disabled" | "locked"> = { disabled: "disabled", removed: "disabled", locked: "locked" };

/** What a browser's session token carries (lib/auth/options.ts). */
export type SessionToken = { accountId: string; sessionVersion: number; sessionId: string | null };

/**
 * Checked on every page, action and route: the token must name a live account_sessions row of
 * its account (not signed out, ended from "Active sessions", expired, nor ended with its
 * clientspace), and the account must still open the clientspace that session works in.
 * A token without a session id predates server-side sessions: it is ended.
 */
export async function checkSessionToken(db: Db, token: SessionToken, now = new Date()): Promise<SessionCheck> {
  if (!token.sessionId) return { ok: false, reason: "ended" };
  const row = await findAccountSession(db, token.sessionId);
  if (!row || row.accountId !== token.accountId || row.expiresAt <= now) return { ok: false, reason: "ended" };
  if (row.revokedAt) return { ok: false, reason: ENDED_BECAUSE[row.revokedReason ?? ""] ?? "ended" };
  // A session whose clientspace was deleted has nowhere to work.
  const check = row.clientspaceId
    ? await checkSession(db, token, row.clientspaceId)
    : ({ ok: false, reason: "disabled" } as const);
  if (!check.ok) {
    // Over for good: the same cookie must not come back to life if the membership is restored.
    if (check.reason === "disabled") await revokeSession(db, row.accountId, row.id, "disabled");
    return check;
  }
  await touchSession(db, row.id, row.lastSeenAt, now);
  return { ok: true, user: { ...check.user, sessionId: row.id } };
}
