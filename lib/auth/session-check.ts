import type { Db } from "@/db/types";
import { findSessionAccount, listSessionMemberships, listSuperUserWorkspaceIds } from "@/db/queries/session";
import type { Actor } from "@/lib/permissions";

export type SignedInUser = Actor & {
  name: string;
  email: string;
  username: string;
  clientspaceName: string;
  clientspaces: { id: string; name: string }[];
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
  // Before the version check: disabling also bumps the version, and "disabled" is the reason to tell.
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
