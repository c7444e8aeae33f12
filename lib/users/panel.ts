import {
  findPanelUser,
  listPanelWorkspaces,
  listUserHistory,
  loadObjectStatistics,
  type PanelUserRow,
  type PanelWorkspaceRow,
  type RecentObjectRow,
} from "@/db/queries/user-panel";
import { findClientspace } from "@/db/queries/clientspace";
import type { DirectoryClock } from "@/db/queries/users";
import type { Db } from "@/db/types";
import { can, isHomeOf, userScope, type Actor, type Permission, type TargetUser } from "@/lib/permissions";
import { UUID_RE } from "./directory-params";
import { describeAction, describeChanges, type FieldChange } from "./history";
import { statusReason, type StatusReason } from "./status-reason";

/** What the panel may offer to do to the user; each is one permission of lib/permissions.ts. */
export type PanelAction =
  | "editProfile"
  | "addToWorkspace"
  | "changeWorkspaceRole"
  | "changeClientspaceRights"
  | "changeLicense"
  | "changeStatus"
  | "resetPassword"
  | "unlock"
  | "sendResetLink"
  | "removeFromWorkspace"
  | "removeFromClientspace"
  | "delete"
  | "resendInvitation";

export type PanelHistoryEntry = {
  id: number;
  at: Date;
  actor: string;
  action: string;
  changes: FieldChange[];
  source: "ui" | "import" | "api" | "scim" | "system";
};

export type UserPanelData = {
  user: PanelUserRow;
  statusReason: StatusReason;
  workspaces: PanelWorkspaceRow[];
  statistics: {
    recentlyModified: RecentObjectRow[];
    responsibleCount: number;
    modifiedLast30DaysCount: number;
    /** "ownWorkspaces": a super-user sees objects of the workspaces they manage only. */
    scope: "clientspace" | "ownWorkspaces";
  };
  /** Null when the actor may not read the audit log (SPEC section 2: admins and auditors). */
  history: PanelHistoryEntry[] | null;
  allowed: PanelAction[];
  /** How long a new invitation link stays valid here, for the resend dialog to say so. */
  invitationHours: number;
  /** Inside the edit-profile form, not buttons of their own: may the actor change internal/external, and the email? */
  mayEditKind: boolean;
  mayEditEmail: boolean;
  /**
   * False for a member whose account another clientspace created: their password, email and lock
   * are "managed by their home organisation" (SPEC section 2), and the panel says so.
   */
  isHome: boolean;
  /** The user's workspaces the actor may remove them from (a super-user: their own ones only). */
  removableWorkspaceIds: string[];
};

const RECENT_DAYS = 30;

/**
 * The detail panel of one user, as this actor may see it, or null when the id is not an id, the
 * user is not in the actor's clientspace, or the actor may not see them: the three answers are
 * the same so that nobody can probe for users they are not shown.
 */
export async function loadUserPanel(db: Db, actor: Actor, rawUserId: string, clock: DirectoryClock): Promise<UserPanelData | null> {
  if (!UUID_RE.test(rawUserId)) return null;
  const [user, workspaces] = await Promise.all([
    findPanelUser(db, actor.clientspaceId, rawUserId, clock),
    listPanelWorkspaces(db, actor.clientspaceId, rawUserId),
  ]);
  if (!user) return null;
  const target: TargetUser = {
    accountId: user.accountId,
    isAdmin: user.isAdmin,
    isAuditor: user.isAuditor,
    workspaceIds: workspaces.map((w) => w.workspaceId),
    homeClientspaceId: user.homeClientspaceId,
  };
  if (!can(actor, "users.view", { user: target })) return null;

  // A super-user sees the objects of the workspaces they manage; anyone sees all of their own.
  const scope = userScope(actor, "users.view");
  const objectWorkspaceIds = scope?.kind === "workspaces" && user.accountId !== actor.accountId ? scope.workspaceIds : null;
  const since = new Date(clock.now.getTime() - RECENT_DAYS * 86_400_000);
  const [statistics, history, clientspace] = await Promise.all([
    loadObjectStatistics(db, actor.clientspaceId, user.accountId, { since, workspaceIds: objectWorkspaceIds }),
    can(actor, "audit.view") ? listUserHistory(db, actor.clientspaceId, user.accountId) : null,
    findClientspace(db, actor.clientspaceId),
  ]);

  return {
    user,
    statusReason: statusReason(user, clock.inactivityDays),
    workspaces,
    statistics: {
      recentlyModified: statistics.recentlyModified,
      responsibleCount: statistics.responsibleCount,
      modifiedLast30DaysCount: statistics.modifiedSinceCount,
      scope: objectWorkspaceIds ? "ownWorkspaces" : "clientspace",
    },
    history:
      history?.map((e) => ({
        id: e.id,
        at: e.createdAt,
        actor: e.actorLabel,
        action: describeAction(e.action),
        changes: describeChanges(e.before, e.after),
        source: e.source,
      })) ?? null,
    mayEditKind: can(actor, "users.editKind", { user: target }),
    mayEditEmail: can(actor, "users.changeEmail", { user: target }),
    isHome: isHomeOf(actor, target),
    allowed: allowedActions(actor, target, { origin: user.origin, joinedAt: user.joinedAt, disabled: user.status === "disabled" }),
    invitationHours: clientspace?.invitationHours ?? 24,
    removableWorkspaceIds: target.workspaceIds.filter((w) => can(actor, "users.removeFromWorkspace", { user: target, workspaceIds: [w] })),
  };
}

/**
 * The permission table applied to this target. Workspace actions count when the actor may do them
 * in at least one of the target's workspaces (adding: in any workspace, so that a user in none can
 * be added). Delete is offered for accounts whose home is here; what else blocks it (objects to
 * reassign, other clientspaces) the delete dialog explains rather than hiding the button.
 */
function allowedActions(
  actor: Actor,
  target: TargetUser,
  facts: { origin: PanelUserRow["origin"]; joinedAt: Date | null; disabled: boolean },
): PanelAction[] {
  const onUser = (p: Permission) => can(actor, p, { user: target });
  const inSomeWorkspace = (p: Permission) => target.workspaceIds.some((w) => can(actor, p, { user: target, workspaceIds: [w] }));
  const checks: Record<PanelAction, boolean> = {
    editProfile: onUser("users.editProfile"),
    addToWorkspace: onUser("users.addToWorkspace"),
    changeWorkspaceRole: inSomeWorkspace("users.changeWorkspaceRole"),
    changeClientspaceRights: onUser("users.changeClientspaceRights"),
    changeLicense: onUser("users.changeLicense"),
    changeStatus: onUser("users.changeStatus"),
    resetPassword: onUser("users.resetPassword"),
    unlock: onUser("users.unlock"),
    // A link to their own address, once they have joined (before that, the invitation is their way in).
    sendResetLink: onUser("users.sendResetLink") && facts.joinedAt !== null && !facts.disabled,
    removeFromWorkspace: inSomeWorkspace("users.removeFromWorkspace"),
    removeFromClientspace: onUser("users.removeFromClientspace"),
    delete: onUser("users.delete") && isHomeOf(actor, target),
    // Until the user joins (SPEC section 5); a disabled user must be enabled first.
    resendInvitation: onUser("users.invite") && facts.joinedAt === null && !facts.disabled,
  };
  return (Object.keys(checks) as PanelAction[]).filter((a) => checks[a]);
}
