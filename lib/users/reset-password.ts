import { and, eq, isNull, not, sql } from "drizzle-orm";
import { pendingMembership } from "@/db/queries/session";
import { accounts, accountTokens, clientspaceMemberships } from "@/db/schema";
import type { Db } from "@/db/types";
import { writeAuditEvents, type AuditEntry } from "@/lib/audit";
import { hashLinkToken as hashToken, newLinkToken } from "@/lib/auth/link-token";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { absoluteUrl, queueEmail } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { endAccountSessions } from "@/lib/auth/sessions";
import { hitWindow, waitText } from "@/lib/throttle/counter";
import { FORGOT_PASSWORD_PER_TARGET } from "@/lib/throttle/rules";
import { isHomeOf, type Actor } from "@/lib/permissions";
import type { WriteContext } from "@/lib/write";
import { actorName, loadTargetUser, refuseUnlessAllowedOn, targetLabel, type LoadedTargetUser } from "./target";

export const RESET_LINK_TTL_MS = 60 * 60 * 1000; // SPEC section 8: one hour
export const RESET_REQUESTED_MESSAGE =
  "If an account exists for that address, we have sent a link to reset its password. The link is valid for 1 hour.";
export const RESET_LINK_INVALID = "This link has expired or was already used. Ask for a new one.";
const SELF_SERVICE = "Self-service";
/** What another clientspace reads where the credential actions would be (SPEC section 2). */
export const MANAGED_ELSEWHERE =
  "This person's password, email address and lock are managed by their home organisation. You can send them a link to reset their password themselves.";

type PolicySubject = Pick<LoadedTargetUser, "email" | "username" | "firstName" | "lastName">;

/** A generated password must pass the same policy as a typed one (it could, rarely, contain a name). */
export function generatePolicyPassword(subject: PolicySubject): string {
  for (;;) {
    const candidate = generatePassword();
    if (checkPasswordPolicy(candidate, subject).length === 0) return candidate;
  }
}

function checkPolicy(password: string, subject: PolicySubject, field: string) {
  const problems = checkPasswordPolicy(password, subject);
  if (problems.length > 0) throw new DomainError(problems[0], "invalid", { [field]: problems });
}

/**
 * Sets a password someone else chose for the target: hashed, every session of the account ended,
 * and the owner told who did it, so that a reset they did not expect is noticed.
 */
export async function setPasswordFor(ctx: WriteContext, actor: Actor, target: LoadedTargetUser, password: string, extra: { unlock?: boolean } = {}) {
  const passwordHash = await hashPassword(password);
  const [row] = await ctx.tx
    .update(accounts)
    .set({
      passwordHash,
      passwordChangedAt: sql`now()`,
      updatedAt: sql`now()`,
      ...(extra.unlock ? { lockedAt: null, failedSignInCount: 0 } : {}),
    })
    .where(eq(accounts.id, target.accountId))
    .returning({ changedAt: accounts.passwordChangedAt });
  await endAccountSessions(ctx.tx, target.accountId, "password_changed");
  await queueEmail(ctx.tx, {
    clientspaceId: target.homeClientspaceId,
    to: target.email,
    template: "password-changed",
    props: { changedBy: await actorName(ctx.tx, actor), changedAt: row.changedAt ?? new Date() },
  });
}

export type ResetUserPasswordInput = { userId: string; password?: string; confirm?: string; generate?: boolean };

/**
 * An admin or super-user sets someone's password (SPEC sections 2 and 8). A super-user may only
 * reset users whose rights do not exceed theirs (the "lowerRights" scope of lib/permissions.ts).
 * Returns the generated password, to be shown once; a typed one is never echoed back.
 */
export async function resetUserPassword(ctx: WriteContext, actor: Actor, input: ResetUserPasswordInput): Promise<{ generatedPassword?: string }> {
  const target = await loadTargetUser(ctx.tx, actor, input.userId);
  refuseUnlessAllowedOn(actor, "users.resetPassword", target, isHomeOf(actor, target) ? "You may not reset the password of this user." : MANAGED_ELSEWHERE);

  let password: string;
  if (input.generate) {
    password = generatePolicyPassword(target);
  } else {
    password = input.password ?? "";
    if (password !== (input.confirm ?? "")) {
      throw new DomainError("The passwords do not match.", "invalid", { confirm: ["The passwords do not match."] });
    }
    checkPolicy(password, target, "password");
  }

  // A reset does not unlock: unlocking is its own action (SPEC section 3).
  await setPasswordFor(ctx, actor, target, password);
  ctx.audit.record({
    action: "user.password_reset",
    targetType: "user",
    targetId: target.accountId,
    targetLabel: targetLabel(target),
    after: { generated: Boolean(input.generate), otherSessionsEnded: true },
  });
  return input.generate ? { generatedPassword: password } : {};
}

// ---------------------------------------------------------------------------------------------
// Self-service "forgot password" (SPEC section 8): email link, one hour, single use.

/**
 * The clientspaces where the account is a joined, enabled member: where its audit events belong. A
 * clientspace whose invitation they have not accepted learns nothing of them (SPEC section 2).
 */
async function enabledHomes(tx: Db, accountId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: clientspaceMemberships.clientspaceId })
    .from(clientspaceMemberships)
    .innerJoin(accounts, eq(accounts.id, clientspaceMemberships.accountId))
    .where(and(eq(clientspaceMemberships.accountId, accountId), eq(clientspaceMemberships.disabled, false), not(pendingMembership)));
  return rows.map((r) => r.id);
}

async function auditEverywhere(tx: Db, accountId: string, homes: string[], entry: AuditEntry) {
  for (const clientspaceId of homes) {
    await writeAuditEvents(tx, { accountId, label: SELF_SERVICE, clientspaceId }, "ui", [entry]);
  }
}

type ResetRecipient = { id: string; email: string; homeClientspaceId: string | null };

/**
 * A new reset link for the account, emailed to its own address; every older link dies. The email
 * belongs to the account's home clientspace (whose development mailbox may show it), never to the
 * clientspace that asked: a link that sets the password must not reach another tenant.
 */
async function issueResetLink(tx: Db, account: ResetRecipient, now: Date, requestedBy: string) {
  await tx
    .update(accountTokens)
    .set({ voidedAt: now })
    .where(
      and(
        eq(accountTokens.accountId, account.id),
        eq(accountTokens.purpose, "password_reset"),
        isNull(accountTokens.usedAt),
        isNull(accountTokens.voidedAt),
      ),
    );
  const token = newLinkToken();
  await tx.insert(accountTokens).values({
    purpose: "password_reset",
    tokenHash: hashToken(token),
    accountId: account.id,
    clientspaceId: account.homeClientspaceId,
    createdBy: requestedBy,
    createdAt: now,
    expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS),
  });
  await queueEmail(tx, {
    clientspaceId: account.homeClientspaceId,
    to: account.email,
    template: "password-reset",
    props: { resetUrl: absoluteUrl(`/reset-password?token=${encodeURIComponent(token)}`) },
  });
}

/**
 * Sends a reset link when the address belongs to an account that can still sign in somewhere.
 * The answer is the same whatever happened, so the form tells nobody which addresses exist.
 * Emails are only queued: the caller delivers after commit, off the answer's critical path.
 */
export async function requestPasswordReset(db: Db, email: string, options: { now?: Date } = {}): Promise<{ message: string }> {
  const now = options.now ?? new Date();
  const address = email.trim().toLowerCase();
  await db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, email: accounts.email, firstName: accounts.firstName, lastName: accounts.lastName, homeClientspaceId: accounts.homeClientspaceId })
      .from(accounts)
      .where(eq(sql`lower(${accounts.email})`, address))
      .for("update");
    if (!account) return;
    const homes = await enabledHomes(tx, account.id);
    if (homes.length === 0) return;
    // Only the newest link works: an older email lying in an inbox is dead.
    await issueResetLink(tx, account, now, account.id);
    await auditEverywhere(tx, account.id, homes, {
      action: "user.password_reset_requested",
      targetType: "user",
      targetId: account.id,
      targetLabel: targetLabel(account),
    });
  });
  return { message: RESET_REQUESTED_MESSAGE };
}

/**
 * "Send reset link" (SPEC section 2): what an admin (or a super-user, within the lower-rights rule)
 * may do for any member, including one whose credentials another clientspace owns: the person gets
 * the same one-hour link as "Forgot password", at their own address, and chooses the password
 * themselves. Nobody here learns or sets it. Refused before they have joined (the invitation is
 * their way in) and while they are disabled here.
 */
export async function sendResetLink(ctx: WriteContext, actor: Actor, input: { userId: string }, options: { now?: Date } = {}): Promise<{ email: string }> {
  const now = options.now ?? new Date();
  const target = await loadTargetUser(ctx.tx, actor, input.userId);
  refuseUnlessAllowedOn(actor, "users.sendResetLink", target, "You may not send this user a reset link.");
  const label = targetLabel(target) || target.email;
  if (!target.joinedAt) throw new DomainError(`${label} has not joined yet: send the invitation again instead.`, "conflict");
  if (target.disabled) throw new DomainError(`${label} is disabled here: enable them first.`, "conflict");
  const [account] = await ctx.tx
    .select({ id: accounts.id, email: accounts.email, homeClientspaceId: accounts.homeClientspaceId })
    .from(accounts)
    .where(eq(accounts.id, target.accountId));
  // The same cap as "Forgot password" to one address, whoever asks: nobody's inbox gets flooded.
  const verdict = await hitWindow(ctx.tx, FORGOT_PASSWORD_PER_TARGET, account.email.toLowerCase());
  if (!verdict.allowed) {
    throw new DomainError(`${label} was sent ${FORGOT_PASSWORD_PER_TARGET.limit} reset links in the last hour. Try again in ${waitText(verdict.retryAfterSeconds)}.`, "invalid");
  }
  await issueResetLink(ctx.tx, account, now, actor.accountId);
  ctx.audit.record({
    action: "user.reset_link_sent",
    targetType: "user",
    targetId: target.accountId,
    targetLabel: label,
    after: { validForMinutes: RESET_LINK_TTL_MS / 60_000, earlierLinksVoided: true },
  });
  return { email: target.email };
}

/**
 * Sets a new password from a reset link. Unknown, used, voided and expired links get one answer.
 * A policy failure rolls back and leaves the link usable for a better password.
 */
export async function resetPasswordWithToken(db: Db, token: string, newPassword: string, options: { now?: Date } = {}): Promise<{ accountId: string }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select()
      .from(accountTokens)
      .where(and(eq(accountTokens.tokenHash, hashToken(token)), eq(accountTokens.purpose, "password_reset")))
      .for("update");
    if (!link || link.usedAt || link.voidedAt || link.expiresAt.getTime() <= now.getTime()) {
      throw new DomainError(RESET_LINK_INVALID, "invalid");
    }
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, link.accountId)).for("update");
    checkPolicy(newPassword, account, "newPassword");

    const passwordHash = await hashPassword(newPassword);
    // A locked account stays locked (SPEC section 3: an administrator unlocks); otherwise a reset
    // link would undo the lockout that guards against guessing, for whoever reads the mailbox.
    const [row] = await tx
      .update(accounts)
      .set({
        passwordHash,
        passwordChangedAt: now,
        failedSignInCount: sql`case when ${accounts.lockedAt} is null then 0 else ${accounts.failedSignInCount} end`,
        updatedAt: sql`now()`,
      })
      .where(eq(accounts.id, account.id))
      .returning({ changedAt: accounts.passwordChangedAt });
    await endAccountSessions(tx, account.id, "password_changed");
    await tx.update(accountTokens).set({ usedAt: now }).where(eq(accountTokens.id, link.id));
    await queueEmail(tx, {
      clientspaceId: account.homeClientspaceId,
      to: account.email,
      template: "password-changed",
      props: { changedBy: "you", changedAt: row.changedAt ?? now },
    });
    await auditEverywhere(tx, account.id, await enabledHomes(tx, account.id), {
      action: "user.password_changed",
      targetType: "user",
      targetId: account.id,
      targetLabel: targetLabel(account),
      after: { by: "reset link", otherSessionsEnded: true },
    });
    return { accountId: account.id };
  });
}

/**
 * Whether a reset link would still work, without using it: the page behind the link only looks,
 * because mail scanners open links too. Only resetPasswordWithToken (the form's POST) consumes it.
 */
export async function isResetLinkUsable(db: Db, token: string, options: { now?: Date } = {}): Promise<boolean> {
  if (!token) return false;
  const now = options.now ?? new Date();
  const [link] = await db
    .select({ usedAt: accountTokens.usedAt, voidedAt: accountTokens.voidedAt, expiresAt: accountTokens.expiresAt })
    .from(accountTokens)
    .where(and(eq(accountTokens.tokenHash, hashToken(token)), eq(accountTokens.purpose, "password_reset")));
  return Boolean(link && !link.usedAt && !link.voidedAt && link.expiresAt.getTime() > now.getTime());
}
