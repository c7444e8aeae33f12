import { and, eq, isNull, sql } from "drizzle-orm";
import {
  countOtherClientspaces,
  countResponsibleObjects,
  countResponsibleObjectsElsewhere,
  listHeldWorkspaces,
  listResponsibleObjectsByWorkspace,
  type ResponsibleWorkspace,
} from "@/db/queries/user-removal";
import { accountTokens, accounts, clientspaceMemberships as cm, userPreferences, workspaceMemberships as wm } from "@/db/schema";
import { enabledAdminIds } from "@/db/queries/admins";
import type { Db } from "@/db/types";
import { DomainError, forbidden } from "@/lib/errors";
import { endClientspaceSessions } from "@/lib/auth/sessions";
import { isHomeOf, type Actor } from "@/lib/permissions";
import type { WriteContext } from "@/lib/write";
import { lockEnabledAdmins, refuseLastAdmin } from "./last-admin";
import { loadTargetUser, refuseUnlessAllowedOn, targetLabel, type LoadedTargetUser } from "./target";

/**
 * Removal from a clientspace and permanent deletion (SPEC section 2, issue 4 requirement 8).
 * Removal ends the user's place here and keeps the person; deletion erases the person, and is only
 * for someone who exists because of this clientspace and leaves nothing behind that needs them.
 */

export type RemovalInput = { userId: string };
/** `confirmEmail`: what the admin typed to confirm; when given it must be the user's email. */
export type DeleteInput = { userId: string; confirmEmail?: string };

export type RemovalResult = { workspacesLeft: number; responsibleObjectsKept: number };

const RESPONSIBLE_WORKSPACES_SHOWN = 20;
const RESPONSIBLE_OBJECTS_SHOWN = 5;

/** What the audit log keeps of the user as they were here, so that the event reads alone. */
async function snapshotOf(tx: Db, actor: Actor, target: LoadedTargetUser) {
  const [row] = await tx
    .select({
      kind: cm.kind,
      title: cm.title,
      service: cm.service,
      phone: cm.phone,
      licenseTypeId: cm.licenseTypeId,
      licenseName: cm.licenseName,
      licenseStart: cm.licenseStart,
      licenseEnd: cm.licenseEnd,
    })
    .from(cm)
    .where(and(eq(cm.clientspaceId, actor.clientspaceId), eq(cm.accountId, target.accountId)));
  return {
    email: target.email,
    username: target.username,
    firstName: target.firstName,
    lastName: target.lastName,
    origin: target.origin,
    kind: row.kind,
    title: row.title,
    service: row.service,
    phone: row.phone,
    isAdmin: target.isAdmin,
    isAuditor: target.isAuditor,
    disabled: target.disabled,
    workspaces: await listHeldWorkspaces(tx, actor.clientspaceId, target.accountId),
    license: row.licenseTypeId ? { licenseTypeId: row.licenseTypeId, type: row.licenseName, start: row.licenseStart, end: row.licenseEnd } : null,
  };
}

function refuseSelf(actor: Actor, target: LoadedTargetUser, todo: string) {
  if (target.accountId === actor.accountId) throw forbidden(`You cannot ${todo} your own account.`);
}

/**
 * Remove the user from the actor's clientspace: their workspaces here, their rights, license and
 * preferences go, their open invitation links here stop working, and their sessions working here
 * end (SPEC section 2: not those in their other clientspaces). The account and its other
 * clientspaces stay; objects they are responsible for stay assigned to them.
 */
export async function removeFromClientspace(ctx: WriteContext, actor: Actor, input: RemovalInput): Promise<RemovalResult> {
  // Before the target row, like every change that could remove an admin (lib/users/last-admin.ts).
  const admins = await lockEnabledAdmins(ctx, actor.clientspaceId);
  const target = await loadTargetUser(ctx.tx, actor, input.userId);
  refuseUnlessAllowedOn(actor, "users.removeFromClientspace", target, "You may not remove this user from the clientspace.");
  refuseSelf(actor, target, "remove");
  refuseLastAdmin(admins, target, "remove them");

  const before = await snapshotOf(ctx.tx, actor, target);
  const responsibleObjectsKept = await countResponsibleObjects(ctx.tx, actor.clientspaceId, target.accountId);
  await ctx.tx.delete(wm).where(and(eq(wm.clientspaceId, actor.clientspaceId), eq(wm.accountId, target.accountId)));
  await ctx.tx
    .delete(userPreferences)
    .where(and(eq(userPreferences.clientspaceId, actor.clientspaceId), eq(userPreferences.accountId, target.accountId)));
  const voided = await ctx.tx
    .update(accountTokens)
    .set({ voidedAt: sql`now()` })
    .where(
      and(
        eq(accountTokens.accountId, target.accountId),
        eq(accountTokens.clientspaceId, actor.clientspaceId),
        eq(accountTokens.purpose, "invitation"),
        isNull(accountTokens.usedAt),
        isNull(accountTokens.voidedAt),
      ),
    )
    .returning({ id: accountTokens.id });
  await ctx.tx.delete(cm).where(and(eq(cm.clientspaceId, actor.clientspaceId), eq(cm.accountId, target.accountId)));
  await endClientspaceSessions(ctx.tx, target.accountId, actor.clientspaceId, "removed");

  ctx.audit.record({
    action: "user.removed_from_clientspace",
    targetType: "user",
    targetId: target.accountId,
    targetLabel: targetLabel(target) || target.email,
    before,
    after: { member: false, sessionsEnded: true, invitationLinksVoided: voided.length, responsibleObjectsKept },
  });
  return { workspacesLeft: before.workspaces.length, responsibleObjectsKept };
}

export type DeletionBlocker = {
  code: "not_created_here" | "other_clientspaces" | "objects_elsewhere" | "self" | "last_admin";
  message: string;
};

export type DeletionCheck = {
  label: string;
  email: string;
  /** Reasons that reassigning objects here would not cure. */
  blockers: DeletionBlocker[];
  /** The objects to reassign first, grouped by workspace and bounded; `total` counts them all. */
  responsible: { total: number; workspaces: ResponsibleWorkspace[] };
  canDelete: boolean;
};

/** The facts, read in the caller's transaction (locked by deleteUser, plain for the dialog). */
async function inspectDeletion(tx: Db, actor: Actor, target: LoadedTargetUser, enabledAdmins: readonly string[]): Promise<DeletionCheck> {
  const label = targetLabel(target) || target.email;
  const otherClientspaces = await countOtherClientspaces(tx, actor.clientspaceId, target.accountId);
  const elsewhere = await countResponsibleObjectsElsewhere(tx, actor.clientspaceId, target.accountId);
  const total = await countResponsibleObjects(tx, actor.clientspaceId, target.accountId);
  const blockers: DeletionBlocker[] = [];
  if (target.accountId === actor.accountId) blockers.push({ code: "self", message: "You cannot delete your own account." });
  if (!isHomeOf(actor, target)) {
    blockers.push({
      code: "not_created_here",
      message: `${label}'s account was not created in this clientspace: remove them from the clientspace instead.`,
    });
  }
  if (otherClientspaces > 0) {
    blockers.push({
      code: "other_clientspaces",
      message: `${label} is also a member of ${otherClientspaces === 1 ? "another clientspace" : `${otherClientspaces} other clientspaces`}: deleting the account would take it from there too. Remove them from this clientspace instead.`,
    });
  }
  if (elsewhere > 0) {
    blockers.push({
      code: "objects_elsewhere",
      message: `${label} is still responsible for objects in another clientspace: remove them from this clientspace instead.`,
    });
  }
  if (target.isAdmin && !target.disabled && !enabledAdmins.some((id) => id !== target.accountId)) {
    blockers.push({ code: "last_admin", message: "This is the last admin of the clientspace: make someone else admin first." });
  }
  const workspaces =
    total > 0
      ? await listResponsibleObjectsByWorkspace(tx, actor.clientspaceId, target.accountId, {
          maxWorkspaces: RESPONSIBLE_WORKSPACES_SHOWN,
          perWorkspace: RESPONSIBLE_OBJECTS_SHOWN,
        })
      : [];
  return { label, email: target.email, blockers, responsible: { total, workspaces }, canDelete: blockers.length === 0 && total === 0 };
}

/**
 * What stops a permanent delete right now, for the dialog that explains it. Only for an actor who
 * may delete this user; deleteUser checks it all again under locks.
 */
export async function deletionBlockers(db: Db, actor: Actor, userId: string): Promise<DeletionCheck> {
  const target = await loadTargetUser(db, actor, userId, { lock: false });
  refuseUnlessAllowedOn(actor, "users.delete", target, "You may not delete this user.");
  return inspectDeletion(db, actor, target, await enabledAdminIds(db, actor.clientspaceId));
}

/**
 * Delete the account for good. Every blocker is checked again on locked rows: the account row is
 * held FOR UPDATE, so an object or a membership that names it cannot be added meanwhile (their
 * foreign keys wait for this transaction) and one added just before is seen here. Memberships,
 * tokens and preferences go with the account; audit events keep their labels, and the ones naming
 * this user as actor lose only the link (their foreign key is "set null").
 */
export async function deleteUser(ctx: WriteContext, actor: Actor, input: DeleteInput): Promise<{ label: string }> {
  const admins = await lockEnabledAdmins(ctx, actor.clientspaceId);
  const target = await loadTargetUser(ctx.tx, actor, input.userId);
  refuseUnlessAllowedOn(actor, "users.delete", target, "You may not delete this user.");

  const check = await inspectDeletion(ctx.tx, actor, target, admins);
  const [first] = check.blockers;
  if (first) throw new DomainError(first.message, first.code === "self" ? "forbidden" : "conflict");
  if (check.responsible.total > 0) {
    const n = check.responsible.total;
    throw new DomainError(`${check.label} is still responsible for ${n === 1 ? "1 object" : `${n} objects`}: reassign ${n === 1 ? "it" : "them"} first.`, "conflict");
  }
  if (input.confirmEmail !== undefined && input.confirmEmail.trim().toLowerCase() !== target.email.toLowerCase()) {
    throw new DomainError("The email you typed is not this user’s: nothing was deleted.", "invalid", { confirmEmail: [`Type ${target.email} to confirm.`] });
  }

  const before = await snapshotOf(ctx.tx, actor, target);
  await ctx.tx.delete(accounts).where(eq(accounts.id, target.accountId));

  ctx.audit.record({
    action: "user.deleted",
    targetType: "user",
    targetId: target.accountId,
    targetLabel: check.label,
    before,
    after: { deleted: true },
  });
  return { label: check.label };
}
