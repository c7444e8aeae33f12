import { and, eq } from "drizzle-orm";
import { roles, workspaceMemberships, workspaces, type ClientspaceMembership } from "@/db/schema";
import { diff } from "@/lib/audit";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import type { WriteContext } from "@/lib/write";
import { UUID_RE } from "./directory-params";
import { lockEnabledAdmins } from "./last-admin";
import { authorize, loadMember, updateMember } from "./membership";

export type ClientspaceRightsInput = { userId: string; isAdmin: boolean; isAuditor: boolean };
export type WorkspaceRoleInput = { userId: string; workspaceId: string; roleId: string };
export type WorkspaceRemovalInput = { userId: string; workspaceId: string };

const wm = workspaceMemberships;

/** Admin access and auditor (SPEC section 2): admins only, never the last admin, never a self-raise. */
export async function setClientspaceRights(ctx: WriteContext, actor: Actor, input: ClientspaceRightsInput): Promise<ClientspaceMembership> {
  // Taken before the target row, whatever the target, so that lock order is the same for every demotion.
  const admins = input.isAdmin ? null : await lockEnabledAdmins(ctx, actor.clientspaceId);
  const member = await loadMember(ctx, actor, input.userId, { lock: true });
  authorize(actor, "users.changeClientspaceRights", member.target);

  const before = { isAdmin: member.row.isAdmin, isAuditor: member.row.isAuditor };
  const after = { isAdmin: input.isAdmin, isAuditor: input.isAuditor };
  const change = diff(before, after);
  if (!change.changed) return member.row;

  const raises = (after.isAdmin && !before.isAdmin) || (after.isAuditor && !before.isAuditor);
  if (raises && member.row.accountId === actor.accountId) throw forbidden("You cannot raise your own rights.");
  if (admins && before.isAdmin && !member.row.disabled && !admins.some((id) => id !== member.row.accountId)) {
    throw new DomainError("This is the last admin of the clientspace: make someone else admin first.", "conflict");
  }

  const row = await updateMember(ctx, actor, member.row.accountId, after);
  ctx.audit.record({ action: "user.rights_changed", targetType: "user", targetId: row.accountId, targetLabel: member.label, before: change.before, after: change.after });
  return row;
}

export async function loadWorkspace(ctx: WriteContext, actor: Actor, workspaceId: string) {
  if (!UUID_RE.test(workspaceId)) throw notFound("workspace");
  const [row] = await ctx.tx
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(and(eq(workspaces.id, workspaceId), eq(workspaces.clientspaceId, actor.clientspaceId)));
  if (!row) throw notFound("workspace");
  return row;
}

export async function loadRole(ctx: WriteContext, actor: Actor, roleId: string) {
  if (!UUID_RE.test(roleId)) throw notFound("role");
  const [row] = await ctx.tx
    .select({ id: roles.id, name: roles.name, permissions: roles.permissions })
    .from(roles)
    .where(and(eq(roles.id, roleId), eq(roles.clientspaceId, actor.clientspaceId)));
  if (!row) throw notFound("role");
  return row;
}

type RoleRow = Awaited<ReturnType<typeof loadRole>>;

/** The user's current membership of the workspace, locked: two role changes must not interleave. */
async function loadWorkspaceMembership(ctx: WriteContext, workspaceId: string, userId: string) {
  const [row] = await ctx.tx
    .select({ roleId: wm.roleId, roleName: roles.name, permissions: roles.permissions })
    .from(wm)
    .innerJoin(roles, eq(roles.id, wm.roleId))
    .where(and(eq(wm.workspaceId, workspaceId), eq(wm.accountId, userId)))
    .for("update", { of: wm });
  return row ?? null;
}

/**
 * Nobody raises their own rights: on their own account an admin may only move to a role that
 * grants nothing more, and anyone else may not touch their own role at all (a super-user
 * demoting themselves would lock themselves out of the workspace they manage).
 */
function refuseSelfRaise(actor: Actor, userId: string, from: { permissions: string[] } | null, to: RoleRow) {
  if (userId !== actor.accountId) return;
  if (!actor.isAdmin) throw forbidden("You cannot change your own workspace role.");
  const had = new Set(from?.permissions ?? []);
  if (to.permissions.some((p) => !had.has(p))) throw forbidden("You cannot raise your own rights.");
}

export async function addToWorkspace(ctx: WriteContext, actor: Actor, input: WorkspaceRoleInput) {
  const member = await loadMember(ctx, actor, input.userId, { lock: true });
  const workspace = await loadWorkspace(ctx, actor, input.workspaceId);
  const role = await loadRole(ctx, actor, input.roleId);
  authorize(actor, "users.addToWorkspace", member.target, [workspace.id]);
  if (member.target.workspaceIds.includes(workspace.id)) {
    throw new DomainError(`${member.label} is already in ${workspace.name}.`, "conflict");
  }
  refuseSelfRaise(actor, member.row.accountId, null, role);

  await ctx.tx.insert(wm).values({ workspaceId: workspace.id, accountId: member.row.accountId, clientspaceId: actor.clientspaceId, roleId: role.id });
  ctx.audit.record({
    action: "user.workspace_added",
    targetType: "user",
    targetId: member.row.accountId,
    targetLabel: member.label,
    after: { workspaceId: workspace.id, workspace: workspace.name, roleId: role.id, role: role.name },
  });
}

export async function changeWorkspaceRole(ctx: WriteContext, actor: Actor, input: WorkspaceRoleInput) {
  const member = await loadMember(ctx, actor, input.userId);
  const workspace = await loadWorkspace(ctx, actor, input.workspaceId);
  const role = await loadRole(ctx, actor, input.roleId);
  authorize(actor, "users.changeWorkspaceRole", member.target, [workspace.id]);
  const current = await loadWorkspaceMembership(ctx, workspace.id, member.row.accountId);
  if (!current) throw new DomainError(`${member.label} is not in ${workspace.name}.`, "not_found");
  if (current.roleId === role.id) return;
  refuseSelfRaise(actor, member.row.accountId, current, role);

  await ctx.tx.update(wm).set({ roleId: role.id }).where(and(eq(wm.workspaceId, workspace.id), eq(wm.accountId, member.row.accountId)));
  ctx.audit.record({
    action: "user.workspace_role_changed",
    targetType: "user",
    targetId: member.row.accountId,
    targetLabel: member.label,
    before: { workspaceId: workspace.id, workspace: workspace.name, roleId: current.roleId, role: current.roleName },
    after: { workspaceId: workspace.id, workspace: workspace.name, roleId: role.id, role: role.name },
  });
}

export async function removeFromWorkspace(ctx: WriteContext, actor: Actor, input: WorkspaceRemovalInput) {
  const member = await loadMember(ctx, actor, input.userId);
  const workspace = await loadWorkspace(ctx, actor, input.workspaceId);
  authorize(actor, "users.removeFromWorkspace", member.target, [workspace.id]);
  const current = await loadWorkspaceMembership(ctx, workspace.id, member.row.accountId);
  if (!current) throw new DomainError(`${member.label} is not in ${workspace.name}.`, "not_found");

  await ctx.tx.delete(wm).where(and(eq(wm.workspaceId, workspace.id), eq(wm.accountId, member.row.accountId)));
  ctx.audit.record({
    action: "user.workspace_removed",
    targetType: "user",
    targetId: member.row.accountId,
    targetLabel: member.label,
    before: { workspaceId: workspace.id, workspace: workspace.name, roleId: current.roleId, role: current.roleName },
  });
}
