import { and, eq, sql } from "drizzle-orm";
import { clientspaceMemberships, type ClientspaceMembership } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { Actor, Permission, TargetUser } from "@/lib/permissions";
import type { WriteContext } from "@/lib/write";
import { loadTargetUser, refuseUnlessAllowedOn, targetLabel } from "./target";

export type Member = { row: ClientspaceMembership; target: TargetUser; label: string };

/**
 * The user as seen from the actor's clientspace (lib/users/target.ts decides what "seen" means),
 * with the whole membership row. `lock` takes the rows FOR UPDATE so that two writes to the same
 * user serialise instead of overwriting each other.
 */
export async function loadMember(ctx: WriteContext, actor: Actor, userId: string, options: { lock?: boolean } = {}): Promise<Member> {
  const target = await loadTargetUser(ctx.tx, actor, userId, { lock: options.lock ?? false });
  const [row] = await ctx.tx
    .select()
    .from(clientspaceMemberships)
    .where(and(eq(clientspaceMemberships.clientspaceId, actor.clientspaceId), eq(clientspaceMemberships.accountId, userId)));
  return { row, target, label: targetLabel(target) || row.email };
}

/** The permission check of lib/users/target.ts, for an action on named workspaces. */
export function authorize(actor: Actor, permission: Permission, target: TargetUser, workspaceIds?: readonly string[]) {
  refuseUnlessAllowedOn(actor, permission, target, undefined, workspaceIds);
}

type MembershipPatch = Partial<
  Pick<ClientspaceMembership, "isAdmin" | "isAuditor" | "licenseTypeId" | "licenseStart" | "licenseEnd" | "title" | "service" | "phone" | "kind">
>;

/**
 * Every write to a membership row goes through here: the version bump is what lets a stale
 * edit form notice that someone else saved the user meanwhile.
 */
export async function updateMember(ctx: WriteContext, actor: Actor, userId: string, patch: MembershipPatch): Promise<ClientspaceMembership> {
  const [row] = await ctx.tx
    .update(clientspaceMemberships)
    .set({ ...patch, version: sql`${clientspaceMemberships.version} + 1`, updatedAt: sql`now()`, updatedBy: actor.accountId })
    .where(and(eq(clientspaceMemberships.clientspaceId, actor.clientspaceId), eq(clientspaceMemberships.accountId, userId)))
    .returning();
  if (!row) throw notFound();
  return row;
}
