import { eq, sql } from "drizzle-orm";
import { accounts } from "@/db/schema";
import { isHomeOf, type Actor } from "@/lib/permissions";
import { createUser } from "@/lib/users/create-user";
import { updateProfile } from "@/lib/users/profile";
import { addToWorkspace, changeWorkspaceRole, setClientspaceRights } from "@/lib/users/rights";
import { loadTargetUser, refuseUnlessAllowedOn, targetLabel } from "@/lib/users/target";
import type { WriteContext } from "@/lib/write";
import type { RowPlan, UpdatePlan } from "./classify";

/**
 * One planned row written through the same domain functions as the UI (one rule, one place):
 * each checks the permission on its target again and records its own audit event, which carries
 * the import's source because the run's transaction was opened with it.
 */

async function setSso(ctx: WriteContext, actor: Actor, userId: string, sso: boolean) {
  const target = await loadTargetUser(ctx.tx, actor, userId);
  refuseUnlessAllowedOn(
    actor,
    "users.changeSso",
    target,
    isHomeOf(actor, target) ? "Only an administrator can change whether the user signs in with SSO." : "This person's single sign-on setting is managed by their home organisation.",
  );
  await ctx.tx.update(accounts).set({ sso, updatedAt: sql`now()` }).where(eq(accounts.id, userId));
  ctx.audit.record({
    action: "user.sso_changed",
    targetType: "user",
    targetId: userId,
    targetLabel: targetLabel(target) || target.email,
    before: { sso: !sso },
    after: { sso },
  });
}

async function applyUpdate(ctx: WriteContext, actor: Actor, plan: UpdatePlan) {
  const userId = plan.accountId;
  if (plan.profile) {
    await updateProfile(ctx, actor, { userId, expectedVersion: plan.expectedVersion, expectedNames: plan.expectedNames, ...plan.profile });
  }
  if (plan.sso !== null) await setSso(ctx, actor, userId, plan.sso);
  if (plan.rights) await setClientspaceRights(ctx, actor, { userId, ...plan.rights });
  for (const grant of plan.addWorkspaces) await addToWorkspace(ctx, actor, { userId, ...grant });
  for (const grant of plan.changeRoles) await changeWorkspaceRole(ctx, actor, { userId, ...grant });
}

/** Writes a create or update plan; returns the account it touched. Throws DomainError when a rule refuses. */
export async function applyPlan(ctx: WriteContext, actor: Actor, plan: RowPlan, options: { sendInvitations: boolean; now?: Date }): Promise<string | null> {
  switch (plan.outcome) {
    case "create": {
      const created = await createUser(ctx, actor, plan.create, { origin: "imported", invite: options.sendInvitations, now: options.now });
      return created.userId;
    }
    case "update":
      await applyUpdate(ctx, actor, plan.update);
      return plan.accountId;
    case "unchanged":
      return plan.accountId;
    case "error":
      return plan.accountId;
  }
}
