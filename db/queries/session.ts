import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { accounts, clientspaceMemberships, clientspaces, roles, workspaceMemberships } from "@/db/schema";
import type { Db } from "@/db/types";

export type SessionAccount = {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  lockedAt: Date | null;
  sessionVersion: number;
};

export type SessionMembership = {
  clientspaceId: string;
  clientspaceName: string;
  isAdmin: boolean;
  isAuditor: boolean;
  disabled: boolean;
  /** Invited here and not yet accepted: the clientspace is not open to them yet. */
  pending: boolean;
  superUsersMayCreateUsers: boolean;
  joinedAt: Date | null;
};

export async function findSessionAccount(db: Db, accountId: string): Promise<SessionAccount | undefined> {
  const [row] = await db
    .select({
      id: accounts.id,
      email: accounts.email,
      username: accounts.username,
      firstName: accounts.firstName,
      lastName: accounts.lastName,
      lockedAt: accounts.lockedAt,
      sessionVersion: accounts.sessionVersion,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row;
}

/**
 * A membership that does not open its clientspace yet: invited and not accepted, or any membership
 * of a person whose home is elsewhere until they accept (SPEC section 2: an existing account joins
 * only by accepting an invitation, even when none was sent yet). Needs `accounts` joined.
 */
export const pendingMembership = sql<boolean>`(${clientspaceMemberships.joinedAt} is null and (${clientspaceMemberships.invitedAt} is not null or ${accounts.homeClientspaceId} is distinct from ${clientspaceMemberships.clientspaceId}))`;

/** The account's clientspaces, by name, with the rights that decide what the shell shows. */
export async function listSessionMemberships(db: Db, accountId: string): Promise<SessionMembership[]> {
  return db
    .select({
      clientspaceId: clientspaceMemberships.clientspaceId,
      clientspaceName: clientspaces.name,
      isAdmin: clientspaceMemberships.isAdmin,
      isAuditor: clientspaceMemberships.isAuditor,
      disabled: clientspaceMemberships.disabled,
      pending: pendingMembership,
      superUsersMayCreateUsers: clientspaces.superUsersMayCreateUsers,
      joinedAt: clientspaceMemberships.joinedAt,
    })
    .from(clientspaceMemberships)
    .innerJoin(clientspaces, eq(clientspaces.id, clientspaceMemberships.clientspaceId))
    .innerJoin(accounts, eq(accounts.id, clientspaceMemberships.accountId))
    .where(eq(clientspaceMemberships.accountId, accountId))
    .orderBy(asc(clientspaces.name));
}

export async function listSuperUserWorkspaceIds(db: Db, accountId: string, clientspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ workspaceId: workspaceMemberships.workspaceId })
    .from(workspaceMemberships)
    .innerJoin(roles, eq(roles.id, workspaceMemberships.roleId))
    .where(
      and(
        eq(workspaceMemberships.accountId, accountId),
        eq(workspaceMemberships.clientspaceId, clientspaceId),
        eq(roles.key, "super_user"),
      ),
    );
  return rows.map((r) => r.workspaceId);
}
