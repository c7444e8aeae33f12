import { and, eq, isNull, sql } from "drizzle-orm";
import { accounts, accountTokens, auditEvents, clientspaceMemberships as m, clientspaces, roles, workspaceMemberships, type AccountToken } from "@/db/schema";
import type { Db } from "@/db/types";
import { writeAuditEvents, type AuditEntry } from "@/lib/audit";
import { hashLinkToken } from "@/lib/auth/link-token";
import { hashPassword } from "@/lib/auth/password";
import { SIGN_IN_MESSAGES } from "@/lib/auth/sign-in";
import { signInWithThrottle } from "@/lib/auth/sign-in-throttle";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { absoluteUrl, queueEmail } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { can, type Actor } from "@/lib/permissions";
import { targetLabel } from "./target";

/**
 * The invitee's side of an invitation (SPEC sections 5 and 8): the page behind the emailed link
 * looks at it, the form accepts it, and an expired link can ask the inviter for a new one.
 * These doors are public: the token is the only proof, so they say as little as they can.
 */

export type InvitationLinkState = "expired" | "used" | "invalid";

export type InvitationView =
  | { state: "usable"; clientspaceName: string; email: string; firstName: string; lastName: string; hasPassword: boolean }
  | { state: InvitationLinkState };

export const INVITATION_LINK_MESSAGES: Record<InvitationLinkState, string> = {
  expired: "This invitation has expired. Ask for a new one.",
  used: "You have already joined. Sign in with your email address and password.",
  invalid: "This link is no longer valid (a newer invitation may have been sent).",
};

export const NEW_INVITATION_REQUESTED_MESSAGE =
  "Your request has been passed on. If a new invitation is sent, it will arrive by email with a new link.";

/** A link that cannot be accepted; `state` tells the page which explanation to show. */
export class InvitationLinkError extends DomainError {
  constructor(readonly state: InvitationLinkState) {
    super(INVITATION_LINK_MESSAGES[state], state === "used" ? "conflict" : "invalid");
    this.name = "InvitationLinkError";
  }
}

const MAX_TOKEN_LENGTH = 512;

async function findLink(tx: Db, token: string, lock: boolean): Promise<AccountToken | undefined> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
  const query = tx
    .select()
    .from(accountTokens)
    .where(and(eq(accountTokens.tokenHash, hashLinkToken(token)), eq(accountTokens.purpose, "invitation")));
  const [link] = lock ? await query.for("update") : await query;
  return link;
}

type Invitee = {
  accountId: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  passwordHash: string | null;
  disabled: boolean;
  joinedAt: Date | null;
  isAdmin: boolean;
  isAuditor: boolean;
  clientspaceName: string;
  homeClientspaceId: string | null;
  /** As the inviting clientspace sees them (the typed names, for someone from elsewhere). */
  shownFirstName: string;
  shownLastName: string;
};

/** The invited membership with its account, locked for a write. */
async function findInvitee(tx: Db, link: AccountToken, lock: boolean): Promise<Invitee | undefined> {
  if (!link.clientspaceId) return undefined;
  const query = tx
    .select({
      accountId: accounts.id,
      email: accounts.email,
      username: accounts.username,
      firstName: accounts.firstName,
      lastName: accounts.lastName,
      passwordHash: accounts.passwordHash,
      disabled: m.disabled,
      joinedAt: m.joinedAt,
      isAdmin: m.isAdmin,
      isAuditor: m.isAuditor,
      clientspaceName: clientspaces.name,
      homeClientspaceId: accounts.homeClientspaceId,
      shownFirstName: m.firstName,
      shownLastName: m.lastName,
    })
    .from(m)
    .innerJoin(accounts, eq(accounts.id, m.accountId))
    .innerJoin(clientspaces, eq(clientspaces.id, m.clientspaceId))
    .where(and(eq(m.clientspaceId, link.clientspaceId), eq(m.accountId, link.accountId)));
  const [row] = lock ? await query.for("update", { of: [m, accounts] }) : await query;
  return row;
}

/**
 * Why a link cannot be accepted, or null when it can. A disabled membership reads as "invalid":
 * whoever holds the link learns nothing about what an administrator decided.
 */
function problemWith(link: AccountToken | undefined, invitee: Invitee | undefined, now: Date): InvitationLinkState | null {
  if (!link) return "invalid";
  if (link.usedAt) return "used";
  if (link.voidedAt || !invitee) return "invalid";
  if (invitee.joinedAt) return "used";
  if (invitee.disabled) return "invalid";
  if (link.expiresAt.getTime() <= now.getTime()) return "expired";
  return null;
}

/**
 * What the invitation page shows, without using the link up: mail scanners open links too.
 * Only a usable link reveals whom it invites, and where.
 */
export async function inspectInvitation(db: Db, token: string, options: { now?: Date } = {}): Promise<InvitationView> {
  const now = options.now ?? new Date();
  const link = await findLink(db, token, false);
  const invitee = link ? await findInvitee(db, link, false) : undefined;
  const problem = problemWith(link, invitee, now);
  if (problem || !invitee) return { state: problem ?? "invalid" };
  return {
    state: "usable",
    clientspaceName: invitee.clientspaceName,
    email: invitee.email,
    firstName: invitee.firstName,
    lastName: invitee.lastName,
    hasPassword: invitee.passwordHash !== null,
  };
}

export type AcceptedInvitation = {
  accountId: string;
  /** What the client signs in with, together with the password it just chose. */
  email: string;
  clientspaceId: string;
  clientspaceName: string;
  /** False for an account that already had a password: it signs in with that one. */
  passwordSet: boolean;
};

export const NO_PASSWORD_YET =
  "Your Roster account has no password yet. Finish joining the organisation that created your account first (or ask it for a reset link), then accept this invitation.";
const WRONG_PASSWORD = "This is not the password of your Roster account.";

/**
 * An account that already exists proves it is the invitee's with its own password before it joins
 * (SPEC section 2): reading the mailbox is not enough to bring a person into another clientspace.
 * Checked as a sign-in (lib/auth/sign-in.ts), outside the accepting transaction: the same
 * failure counting, lock and answers, so the form is no way round them.
 */
async function proveOwnAccount(db: Db, token: string, currentPassword: string | undefined, clientAddress: string, now: Date) {
  const link = await findLink(db, token, false);
  const invitee = link ? await findInvitee(db, link, false) : undefined;
  // A link that cannot be accepted is answered as such by the accepting transaction.
  if (!invitee || invitee.passwordHash === null || problemWith(link, invitee, now) !== null) return;
  if (!currentPassword) throw new DomainError("Type your current password.", "invalid", { currentPassword: ["Type your current password."] });
  const result = await signInWithThrottle(db, { identifier: invitee.email, password: currentPassword, clientAddress });
  // "disabled": the right password of an account that cannot sign in anywhere yet; it may still join here.
  if (result.ok || result.message === SIGN_IN_MESSAGES.disabled) return;
  const message = result.message === SIGN_IN_MESSAGES.invalid ? WRONG_PASSWORD : result.message;
  throw new DomainError(message, "invalid", { currentPassword: [message] });
}

/**
 * Accepts an invitation in one transaction: the link is locked, checked and used up; a new
 * account chooses its password (an existing one keeps its own: an invitation never changes it);
 * the membership is joined, so the user reads "never connected" until the first sign-in.
 * A refused password rolls everything back and leaves the link usable.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { password?: string; currentPassword?: string },
  options: { now?: Date; clientAddress?: string } = {},
): Promise<AcceptedInvitation> {
  const now = options.now ?? new Date();
  await proveOwnAccount(db, token, input.currentPassword, options.clientAddress ?? "unknown", now);
  return db.transaction(async (tx) => {
    const link = await findLink(tx, token, true);
    const invitee = link ? await findInvitee(tx, link, true) : undefined;
    if (invitee?.disabled && link && !link.usedAt && !link.voidedAt && !invitee.joinedAt) {
      throw new DomainError(`Your access to ${invitee.clientspaceName} has been disabled. Ask your administrator.`, "forbidden");
    }
    const problem = problemWith(link, invitee, now);
    if (problem || !link || !invitee || !link.clientspaceId) throw new InvitationLinkError(problem ?? "invalid");

    const passwordSet = invitee.passwordHash === null;
    if (passwordSet && invitee.homeClientspaceId !== null && invitee.homeClientspaceId !== link.clientspaceId) {
      // Another clientspace's account: its password is its home's business (SPEC section 2).
      throw new DomainError(NO_PASSWORD_YET, "conflict");
    }
    if (passwordSet) {
      const password = input.password ?? "";
      if (!password) throw new DomainError("Choose a password.", "invalid", { password: ["Choose a password."] });
      const problems = checkPasswordPolicy(password, invitee);
      if (problems.length > 0) throw new DomainError(problems[0], "invalid", { password: problems });
      await tx
        .update(accounts)
        .set({ passwordHash: await hashPassword(password), passwordChangedAt: now, updatedAt: now })
        .where(eq(accounts.id, invitee.accountId));
    }

    await tx.update(accountTokens).set({ usedAt: now }).where(eq(accountTokens.id, link.id));
    // invitedAt and the expiry stay: they are the history of how this person arrived.
    // Someone whose account another clientspace created shows as such from now on; until they
    // accepted, their membership looked like any new person's (SPEC section 2).
    const fromElsewhere = invitee.homeClientspaceId !== link.clientspaceId;
    await tx
      .update(m)
      .set({ joinedAt: now, version: sql`${m.version} + 1`, updatedAt: now, updatedBy: invitee.accountId, ...(fromElsewhere ? { origin: "invited" as const } : {}) })
      .where(and(eq(m.clientspaceId, link.clientspaceId), eq(m.accountId, invitee.accountId)));

    const label = targetLabel(invitee) || invitee.email;
    await writeAuditEvents(tx, { accountId: invitee.accountId, label, clientspaceId: link.clientspaceId }, "ui", [
      {
        action: "user.joined",
        targetType: "user",
        targetId: invitee.accountId,
        targetLabel: label,
        before: { status: "invited" },
        after: { joinedAt: now.toISOString(), passwordChosen: passwordSet },
      },
    ]);
    return { accountId: invitee.accountId, email: invitee.email, clientspaceId: link.clientspaceId, clientspaceName: invitee.clientspaceName, passwordSet };
  });
}

// ---------------------------------------------------------------------------------------------
// "Ask for a new invitation", from an expired link.

type Recipient = { email: string };

/** The member who sent the link, if they are still here and may still invite this user. */
async function inviterStillAllowed(tx: Db, clientspaceId: string, inviterId: string, invitee: Invitee): Promise<Recipient | null> {
  const [row] = await tx
    .select({
      email: accounts.email,
      isAdmin: m.isAdmin,
      isAuditor: m.isAuditor,
      superUsersMayCreateUsers: clientspaces.superUsersMayCreateUsers,
    })
    .from(m)
    .innerJoin(accounts, eq(accounts.id, m.accountId))
    .innerJoin(clientspaces, eq(clientspaces.id, m.clientspaceId))
    .where(
      and(
        eq(m.clientspaceId, clientspaceId),
        eq(m.accountId, inviterId),
        eq(m.disabled, false),
        sql`not (${m.invitedAt} is not null and ${m.joinedAt} is null)`,
      ),
    );
  if (!row) return null;
  const workspaceIdsOf = async (accountId: string, superUserOnly: boolean) => {
    const rows = await tx
      .select({ id: workspaceMemberships.workspaceId })
      .from(workspaceMemberships)
      .innerJoin(roles, eq(roles.id, workspaceMemberships.roleId))
      .where(
        and(
          eq(workspaceMemberships.clientspaceId, clientspaceId),
          eq(workspaceMemberships.accountId, accountId),
          superUserOnly ? eq(roles.key, "super_user") : undefined,
        ),
      );
    return rows.map((r) => r.id);
  };
  const inviter: Actor = {
    accountId: inviterId,
    clientspaceId,
    isAdmin: row.isAdmin,
    isAuditor: row.isAuditor,
    superUserWorkspaceIds: await workspaceIdsOf(inviterId, true),
    superUsersMayCreateUsers: row.superUsersMayCreateUsers,
  };
  const target = {
    accountId: invitee.accountId,
    isAdmin: invitee.isAdmin,
    isAuditor: invitee.isAuditor,
    workspaceIds: await workspaceIdsOf(invitee.accountId, false),
    homeClientspaceId: invitee.homeClientspaceId,
  };
  return can(inviter, "users.invite", { user: target }) ? { email: row.email } : null;
}

/** The clientspace's administrators who can act now (enabled, joined). */
async function activeAdmins(tx: Db, clientspaceId: string): Promise<Recipient[]> {
  return tx
    .select({ email: accounts.email })
    .from(m)
    .innerJoin(accounts, eq(accounts.id, m.accountId))
    .where(
      and(
        eq(m.clientspaceId, clientspaceId),
        eq(m.isAdmin, true),
        eq(m.disabled, false),
        isNull(accounts.lockedAt),
        sql`not (${m.invitedAt} is not null and ${m.joinedAt} is null)`,
      ),
    )
    .orderBy(accounts.email);
}

const REQUESTED = "user.invitation_requested";

/**
 * From an expired link: tells the person who sent it (or, when they can no longer invite this user,
 * the clientspace's administrators) that a new invitation is wanted. At most once per link, so
 * that the button cannot be used to flood anyone's inbox. The answer is the same whatever happened.
 */
export async function requestNewInvitation(db: Db, token: string, options: { now?: Date } = {}): Promise<{ message: string }> {
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    const link = await findLink(tx, token, true);
    const invitee = link ? await findInvitee(tx, link, true) : undefined;
    if (problemWith(link, invitee, now) !== "expired" || !link?.clientspaceId || !invitee) return;

    // The link's creation time names it in the audit log, and makes "once per link" checkable.
    const linkSentAt = link.createdAt.toISOString();
    const [already] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.clientspaceId, link.clientspaceId),
          eq(auditEvents.targetId, invitee.accountId),
          eq(auditEvents.action, REQUESTED),
          sql`${auditEvents.after}->>'linkSentAt' = ${linkSentAt}`,
        ),
      )
      .limit(1);
    if (already) return;

    const inviter = link.createdBy ? await inviterStillAllowed(tx, link.clientspaceId, link.createdBy, invitee) : null;
    const recipients = inviter ? [inviter] : await activeAdmins(tx, link.clientspaceId);
    // They have not accepted: the names this clientspace knows, not their account's.
    const label = targetLabel({ firstName: invitee.shownFirstName, lastName: invitee.shownLastName }) || invitee.email;
    for (const recipient of recipients) {
      await queueEmail(tx, {
        clientspaceId: link.clientspaceId,
        to: recipient.email,
        template: "invitation-requested",
        props: {
          inviteeName: label,
          inviteeEmail: invitee.email,
          clientspaceName: invitee.clientspaceName,
          panelUrl: absoluteUrl(`/admin/users?user=${invitee.accountId}`),
        },
      });
    }
    const entry: AuditEntry = {
      action: REQUESTED,
      targetType: "user",
      targetId: invitee.accountId,
      targetLabel: label,
      after: { linkSentAt, notified: inviter ? "the inviter" : recipients.length > 0 ? "the administrators" : "nobody (no administrator can act)" },
    };
    await writeAuditEvents(tx, { accountId: invitee.accountId, label, clientspaceId: link.clientspaceId }, "ui", [entry]);
  });
  return { message: NEW_INVITATION_REQUESTED_MESSAGE };
}
