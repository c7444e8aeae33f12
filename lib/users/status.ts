import { and, eq, sql } from "drizzle-orm";
import { accounts, clientspaceMemberships as m } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { endClientspaceSessions } from "@/lib/auth/sessions";
import { isHomeOf, type Actor } from "@/lib/permissions";
import type { WriteContext } from "@/lib/write";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { lockEnabledAdmins, refuseLastAdmin } from "./last-admin";
import { generatePolicyPassword, MANAGED_ELSEWHERE, setPasswordFor } from "./reset-password";
import { loadTargetUser, refuseUnlessAllowedOn, targetLabel, type LoadedTargetUser } from "./target";

export type StatusInput = { userId: string };
/** `changed: false` when the user already had that status: bulk actions report it as skipped. */
export type StatusResult = { changed: boolean };

async function setDisabled(ctx: WriteContext, actor: Actor, target: LoadedTargetUser, disabled: boolean) {
  await ctx.tx
    .update(m)
    .set({
      disabled,
      disabledAt: disabled ? sql`now()` : null,
      version: sql`${m.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: actor.accountId,
    })
    .where(and(eq(m.clientspaceId, actor.clientspaceId), eq(m.accountId, target.accountId)));
  ctx.audit.record({
    action: disabled ? "user.disabled" : "user.enabled",
    targetType: "user",
    targetId: target.accountId,
    targetLabel: targetLabel(target),
    before: { disabled: !disabled },
    after: disabled ? { disabled, sessionsEnded: true } : { disabled },
  });
}

/**
 * Disable the user in the actor's clientspace (SPEC section 3): they can no longer sign in here,
 * their sessions end at once, their history stays.
 */
export async function disableUser(ctx: WriteContext, actor: Actor, input: StatusInput): Promise<StatusResult> {
  // The admins before the target, in the order every admin-removing change takes them
  // (lib/users/last-admin.ts): two admins disabling each other queue instead of deadlocking.
  const admins = await lockEnabledAdmins(ctx, actor.clientspaceId);
  const target = await loadTargetUser(ctx.tx, actor, input.userId);
  refuseUnlessAllowedOn(actor, "users.changeStatus", target, "You may not disable this user.");
  if (target.accountId === actor.accountId) throw new DomainError("You cannot disable your own account.", "forbidden");
  if (target.disabled) return { changed: false };
  refuseLastAdmin(admins, target, "disable them");
  await setDisabled(ctx, actor, target, true);
  // Here only (SPEC section 2): their sessions in their other clientspaces go on.
  await endClientspaceSessions(ctx.tx, target.accountId, actor.clientspaceId, "disabled");
  return { changed: true };
}

export async function enableUser(ctx: WriteContext, actor: Actor, input: StatusInput): Promise<StatusResult> {
  const target = await loadTargetUser(ctx.tx, actor, input.userId);
  refuseUnlessAllowedOn(actor, "users.changeStatus", target, "You may not enable this user.");
  if (!target.disabled) return { changed: false };
  await setDisabled(ctx, actor, target, false);
  return { changed: true };
}

/** Why an unlock is refused to someone who sees the user: another clientspace owns the account, or the super-user rule. */
function unlockRefusal(actor: Actor, target: LoadedTargetUser): string {
  return isHomeOf(actor, target) ? "You may not unlock this user." : MANAGED_ELSEWHERE;
}

export type UnlockInput = { userId: string; newPassword?: string | "generate" };

/**
 * Unlock an account locked by failed sign-ins, optionally with a new password (typed or
 * "generate"). The lock is account-wide, so unlocking here unlocks it everywhere: only the
 * account's home clientspace may (the "users.unlock" credential permission). Returns the generated
 * password, to be shown once.
 */
export async function unlockUser(ctx: WriteContext, actor: Actor, input: UnlockInput): Promise<{ generatedPassword?: string }> {
  const target = await loadTargetUser(ctx.tx, actor, input.userId);
  refuseUnlessAllowedOn(actor, "users.unlock", target, unlockRefusal(actor, target));
  if (!target.lockedAt) throw new DomainError("This account is not locked.", "conflict");

  const generate = input.newPassword === "generate";
  const password = generate ? generatePolicyPassword(target) : input.newPassword || undefined;
  if (password) {
    // Choosing someone's password is a reset: a super-user may not do it to higher rights.
    refuseUnlessAllowedOn(actor, "users.resetPassword", target, "You may unlock this user but not set their password.");
    const problems = checkPasswordPolicy(password, target);
    if (problems.length > 0) throw new DomainError(problems[0], "invalid", { newPassword: problems });
    await setPasswordFor(ctx, actor, target, password, { unlock: true });
  } else {
    await ctx.tx
      .update(accounts)
      .set({ lockedAt: null, failedSignInCount: 0, updatedAt: sql`now()` })
      .where(eq(accounts.id, target.accountId));
  }
  ctx.audit.record({
    action: "user.unlocked",
    targetType: "user",
    targetId: target.accountId,
    targetLabel: targetLabel(target),
    before: { locked: true },
    after: { locked: false, ...(password ? { passwordSet: true, generated: generate, otherSessionsEnded: true } : {}) },
  });
  return generate ? { generatedPassword: password } : {};
}
