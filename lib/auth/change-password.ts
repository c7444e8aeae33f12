import { eq, sql } from "drizzle-orm";
import { accounts } from "@/db/schema";
import { queueEmail } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import type { WriteContext } from "@/lib/write";
import { checkPasswordPolicy } from "./password-policy";
import { hashPassword, verifyPassword } from "./password";
import { endAccountSessions } from "./sessions";

export type ChangeOwnPasswordInput = { currentPassword: string; newPassword: string; confirmPassword: string };

/**
 * Change one's own password (SPEC section 8). Ends every other session of the account (their rows
 * revoked, the version bumped); the caller re-issues the current session with the returned version.
 */
export async function changeOwnPassword(
  ctx: WriteContext,
  actor: { accountId: string; clientspaceId: string; sessionId?: string },
  input: ChangeOwnPasswordInput,
): Promise<{ sessionVersion: number }> {
  const [account] = await ctx.tx
    .select()
    .from(accounts)
    .where(eq(accounts.id, actor.accountId))
    .for("update");
  if (!account) throw new DomainError("Your account no longer exists.", "not_found");

  if (!account.passwordHash || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw new DomainError("The current password is incorrect.", "invalid", {
      currentPassword: ["The current password is incorrect."],
    });
  }
  if (input.newPassword !== input.confirmPassword) {
    throw new DomainError("The new passwords do not match.", "invalid", { confirmPassword: ["The passwords do not match."] });
  }
  if (input.newPassword === input.currentPassword) {
    throw new DomainError("Choose a password different from the current one.", "invalid", {
      newPassword: ["Choose a password different from the current one."],
    });
  }
  const problems = checkPasswordPolicy(input.newPassword, account);
  if (problems.length > 0) throw new DomainError(problems[0], "invalid", { newPassword: problems });

  const passwordHash = await hashPassword(input.newPassword);
  const [updated] = await ctx.tx
    .update(accounts)
    .set({
      passwordHash,
      passwordChangedAt: sql`now()`,
      failedSignInCount: 0,
      updatedAt: sql`now()`,
    })
    .where(eq(accounts.id, account.id))
    .returning({ changedAt: accounts.passwordChangedAt });
  await endAccountSessions(ctx.tx, account.id, "password_changed", { exceptSessionId: actor.sessionId });
  const [{ sessionVersion }] = await ctx.tx.select({ sessionVersion: accounts.sessionVersion }).from(accounts).where(eq(accounts.id, account.id));

  ctx.audit.record({
    action: "user.password_changed",
    targetType: "user",
    targetId: account.id,
    targetLabel: `${account.firstName} ${account.lastName}`,
    after: { by: "self", otherSessionsEnded: true },
  });
  await queueEmail(ctx.tx, {
    clientspaceId: actor.clientspaceId,
    to: account.email,
    template: "password-changed",
    props: { changedBy: "you", changedAt: updated.changedAt ?? new Date() },
  });
  return { sessionVersion };
}
