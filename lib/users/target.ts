import { and, eq } from "drizzle-orm";
import { accounts, clientspaceMemberships as m, workspaceMemberships } from "@/db/schema";
import type { Db } from "@/db/types";
import { forbidden, notFound } from "@/lib/errors";
import { can, type Actor, type Permission, type TargetUser } from "@/lib/permissions";
import { UUID_RE } from "./directory-params";

export type LoadedTargetUser = TargetUser & {
  /**
   * Address, names, username and lock as this clientspace sees them (the membership's copies): the
   * account's own, except for a person from another clientspace who has not accepted yet, who shows
   * only what the inviter typed (SPEC section 2: no names across tenants).
   */
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  /** Account-wide: a lock applies in every clientspace. */
  lockedAt: Date | null;
  failedSignInCount: number;
  hasPassword: boolean;
  sessionVersion: number;
  /** This clientspace only. */
  disabled: boolean;
  disabledAt: Date | null;
  version: number;
  invitedAt: Date | null;
  joinedAt: Date | null;
  origin: "created" | "invited" | "imported" | "api" | "scim";
};

export const targetLabel = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`.trim();

/**
 * The user a write is aimed at, as a member of the ACTOR's clientspace, with their workspaces
 * there (what `can()` needs). Someone who is not a member here, or an id that is not an id,
 * answers `notFound()`, exactly like a user the actor may not see.
 * Locks the membership and account rows by default, so that concurrent writes on one user queue
 * instead of deciding on stale facts (last admin, version).
 */
export async function loadTargetUser(
  tx: Db,
  actor: Pick<Actor, "clientspaceId">,
  accountId: string,
  options: { lock?: boolean } = {},
): Promise<LoadedTargetUser> {
  if (!UUID_RE.test(accountId)) throw notFound();
  const query = tx
    .select({
      accountId: accounts.id,
      email: m.email,
      username: m.username,
      firstName: m.firstName,
      lastName: m.lastName,
      lockedAt: m.lockedAt,
      homeClientspaceId: accounts.homeClientspaceId,
      failedSignInCount: accounts.failedSignInCount,
      passwordHash: accounts.passwordHash,
      sessionVersion: accounts.sessionVersion,
      isAdmin: m.isAdmin,
      isAuditor: m.isAuditor,
      disabled: m.disabled,
      disabledAt: m.disabledAt,
      version: m.version,
      invitedAt: m.invitedAt,
      joinedAt: m.joinedAt,
      origin: m.origin,
    })
    .from(m)
    .innerJoin(accounts, eq(accounts.id, m.accountId))
    .where(and(eq(m.clientspaceId, actor.clientspaceId), eq(m.accountId, accountId)));
  const [row] = options.lock === false ? await query : await query.for("update");
  if (!row) throw notFound();

  const workspaces = await tx
    .select({ id: workspaceMemberships.workspaceId })
    .from(workspaceMemberships)
    .where(and(eq(workspaceMemberships.clientspaceId, actor.clientspaceId), eq(workspaceMemberships.accountId, accountId)));

  const { passwordHash, ...rest } = row;
  return { ...rest, hasPassword: passwordHash !== null, workspaceIds: workspaces.map((w) => w.id) };
}

/** The actor's display name, for emails that tell a user who acted ("changed by Ada Lovelace"). */
export async function actorName(tx: Db, actor: Pick<Actor, "accountId">): Promise<string> {
  const [row] = await tx
    .select({ firstName: accounts.firstName, lastName: accounts.lastName })
    .from(accounts)
    .where(eq(accounts.id, actor.accountId));
  return row ? targetLabel(row) : "an administrator";
}

/**
 * Throws unless the actor may do `permission` to the target (in `workspaceIds`, when the action
 * is about named workspaces). A user the actor may not even see answers as absent (nothing learnt
 * about them); one they see, as not allowed, which says why the button did nothing.
 */
export function refuseUnlessAllowedOn(
  actor: Actor,
  permission: Permission,
  target: TargetUser,
  message?: string,
  workspaceIds?: readonly string[],
) {
  if (can(actor, permission, { user: target, workspaceIds })) return;
  if (!can(actor, "users.view", { user: target })) throw notFound();
  throw forbidden(message);
}
