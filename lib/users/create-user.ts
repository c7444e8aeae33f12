import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { isUniqueViolation } from "@/db/errors";
import { accounts, clientspaceMemberships, workspaceMemberships } from "@/db/schema";
import type { Db } from "@/db/types";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { hashPassword } from "@/lib/auth/password";
import { DomainError, forbidden } from "@/lib/errors";
import { can, type Actor } from "@/lib/permissions";
import type { WriteContext } from "@/lib/write";
import { createUserSchema, lookupEmailSchema, type CreateUserInput, type CreateUserValues, type EmailLookup } from "./create-user-schema";
import { issueInvitation } from "./invitation";
import { setLicense } from "./license";
import { generatePolicyPassword } from "./reset-password";
import { loadRole, loadWorkspace } from "./rights";
import { loadTargetUser, targetLabel } from "./target";
import { firstFreeUsername, usernameBase } from "./username";

export type CreateUserResult = {
  userId: string;
  username: string;
  access: "invitation" | "password";
  /**
   * "Add immediately" was asked for an address that cannot be given a password here (an account
   * another clientspace owns): an invitation went out instead, and they join when they accept.
   */
  invitedInstead?: boolean;
  /** Shown once to the creator; never stored in clear, never logged. */
  generatedPassword?: string;
};

const USERNAME_ATTEMPTS = 5;

function refuseUnlessMayCreate(actor: Actor) {
  if (can(actor, "users.create")) return;
  if (actor.superUserWorkspaceIds.length > 0 && !actor.superUsersMayCreateUsers) {
    throw forbidden("This clientspace does not let workspace super-users create users. Ask an administrator.");
  }
  throw forbidden("You may not create users.");
}

type FoundAccount = { id: string; email: string; memberHere: boolean };

/** The account that holds this address, whatever its case, and whether it is already a member here. */
async function findAccount(tx: Db, actor: Actor, email: string, options: { lock: boolean }): Promise<FoundAccount | null> {
  const query = tx
    .select({
      id: accounts.id,
      email: accounts.email,
      memberHere: sql<boolean>`${clientspaceMemberships.accountId} is not null`,
    })
    .from(accounts)
    .leftJoin(
      clientspaceMemberships,
      and(eq(clientspaceMemberships.accountId, accounts.id), eq(clientspaceMemberships.clientspaceId, actor.clientspaceId)),
    )
    .where(eq(sql`lower(${accounts.email})`, email));
  const [row] = options.lock ? await query.for("update", { of: accounts }) : await query;
  return row ?? null;
}

function invalidEmail(error: z.ZodError<{ email: string }>): DomainError {
  const messages = z.flattenError(error).fieldErrors.email ?? ["Enter a valid email address."];
  return new DomainError(messages[0], "invalid", { email: messages });
}

/** What the member's refusal says; their panel is offered only to an actor who may open it. */
async function memberLookup(tx: Db, actor: Actor, account: FoundAccount): Promise<EmailLookup> {
  const target = await loadTargetUser(tx, actor, account.id, { lock: false });
  const visible = can(actor, "users.view", { user: target });
  return { kind: "member", email: target.email, name: visible ? targetLabel(target) || target.email : target.email, userId: visible ? account.id : null };
}

/**
 * Step 1 of the wizard (SPEC section 5): already a member here (refused, with their panel when the
 * actor may open it), or not. An address with an account in another clientspace answers exactly as
 * one with no account at all (SPEC section 2): no name, no existence, across tenants.
 */
export async function lookupEmailForCreate(db: Db, actor: Actor, email: string): Promise<EmailLookup> {
  refuseUnlessMayCreate(actor);
  const parsed = lookupEmailSchema.safeParse({ email });
  if (!parsed.success) throw invalidEmail(parsed.error);
  const address = parsed.data.email;
  const account = await findAccount(db, actor, address, { lock: false });
  if (account?.memberHere) return memberLookup(db, actor, account);
  return { kind: "new", email: address };
}

const emailTakenError = () =>
  new DomainError("An account with this email address was created meanwhile. Go back to the email step to check it.", "conflict", {
    email: ["An account with this email address already exists."],
  });

/**
 * A new account with a unique username. The insert runs in a savepoint: a concurrent create that
 * took the same username first makes it fail on the unique index, and the next free name is tried
 * without losing the rest of the transaction.
 */
async function insertAccount(ctx: WriteContext, actor: Actor, v: CreateUserValues, now: Date) {
  const firstName = v.firstName.replace(/\s+/g, " ");
  const lastName = v.lastName.replace(/\s+/g, " ");
  const base = usernameBase(firstName, lastName, v.email);
  for (let attempt = 0; attempt < USERNAME_ATTEMPTS; attempt++) {
    const username = await firstFreeUsername(ctx.tx, base);
    const subject = { email: v.email, username, firstName, lastName };
    let password: string | null = null;
    if (v.access === "password") {
      if (v.passwordMode === "generate") {
        password = generatePolicyPassword(subject);
      } else {
        const problems = checkPasswordPolicy(v.password, subject);
        if (problems.length > 0) throw new DomainError(problems[0], "invalid", { password: problems });
        password = v.password;
      }
    }
    const passwordHash = password === null ? null : await hashPassword(password);
    try {
      const [row] = await ctx.tx.transaction((sp) =>
        sp
          .insert(accounts)
          .values({ email: v.email, username, firstName, lastName, passwordHash, passwordChangedAt: passwordHash ? now : null, homeClientspaceId: actor.clientspaceId })
          .returning({ id: accounts.id, email: accounts.email, username: accounts.username, firstName: accounts.firstName, lastName: accounts.lastName }),
      );
      return { account: row, generatedPassword: v.access === "password" && v.passwordMode === "generate" ? (password ?? undefined) : undefined };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const [taken] = await ctx.tx.select({ id: accounts.id }).from(accounts).where(eq(sql`lower(${accounts.email})`, v.email));
      if (taken) throw emailTakenError();
    }
  }
  throw new DomainError("Could not find a free username for this user. Try again.", "conflict");
}

/** The chosen workspaces and roles, each from the actor's clientspace (another one's answers as absent). */
async function loadGrants(ctx: WriteContext, actor: Actor, grants: CreateUserValues["workspaces"]) {
  const loaded = [];
  for (const grant of grants) {
    const workspace = await loadWorkspace(ctx, actor, grant.workspaceId);
    const role = await loadRole(ctx, actor, grant.roleId);
    loaded.push({ workspace, role });
  }
  return loaded;
}

/** SPEC section 2: what a super-user may not give, and where they may create. */
function refuseBeyondActor(actor: Actor, v: CreateUserValues, workspaceIds: string[]) {
  if (!can(actor, "users.create", { workspaceIds })) {
    const message =
      workspaceIds.length === 0 ? "Add the user to at least one of your workspaces." : "You may only add users to the workspaces where you are super-user.";
    throw new DomainError(message, "forbidden", { workspaces: [message] });
  }
  if ((v.isAdmin || v.isAuditor) && !can(actor, "users.changeClientspaceRights")) {
    throw new DomainError("Only an administrator can grant admin access or auditor.", "forbidden", { isAdmin: ["Only an administrator can grant this."] });
  }
  if (v.licenseTypeId && !can(actor, "users.changeLicense")) {
    throw new DomainError("Only an administrator can assign a license.", "forbidden", { licenseTypeId: ["Only an administrator can assign a license."] });
  }
}

/** The account that already holds the address, refusing a member of this clientspace. */
async function checkedExisting(ctx: WriteContext, actor: Actor, v: CreateUserValues): Promise<FoundAccount | null> {
  const existing = await findAccount(ctx.tx, actor, v.email, { lock: true });
  if (existing?.memberHere) {
    const lookup = await memberLookup(ctx.tx, actor, existing);
    const message = `${lookup.kind === "member" ? lookup.name : v.email} is already a member of this clientspace.`;
    throw new DomainError(message, "conflict", { email: [message] });
  }
  return existing;
}

/**
 * The create-user wizard's write (SPEC section 5), in the caller's transaction: a new account
 * (invited by email, or with a password now), its membership, workspaces and license, the emails,
 * and one "user.created" audit event. Admins create anywhere; a workspace super-user only into
 * their own workspaces, when the clientspace allows it, and without admin, auditor or license.
 *
 * An address that already has an account (another clientspace's) becomes a pending membership
 * that opens nothing until the person accepts the invitation with their own password (SPEC
 * section 2): the account is never changed, its names never shown here (the typed ones stand in
 * until they accept), and the answer is the one a new address gets. Only "add immediately" cannot
 * be honoured for it: an invitation goes out instead, and the result says so (`invitedInstead`).
 */
export type CreateUserOptions = {
  now?: Date;
  /** The import (SPEC section 6) marks the accounts it creates "imported". */
  origin?: "imported";
  /** False: an "invitation" user is created without being invited yet (the import's option off). */
  invite?: boolean;
};

export async function createUser(ctx: WriteContext, actor: Actor, input: CreateUserInput, options: CreateUserOptions = {}): Promise<CreateUserResult> {
  refuseUnlessMayCreate(actor);
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError("Some fields need your attention.", "invalid", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  }
  const v = parsed.data;
  const now = options.now ?? new Date();
  const grants = await loadGrants(ctx, actor, v.workspaces);
  refuseBeyondActor(
    actor,
    v,
    grants.map((g) => g.workspace.id),
  );

  const existing = await checkedExisting(ctx, actor, v);
  const firstName = v.firstName.replace(/\s+/g, " ");
  const lastName = v.lastName.replace(/\s+/g, " ");
  // What this clientspace sees of the person: the account for a new one; the typed names and the
  // username a new account would get, for someone else's, until they accept.
  const created = existing
    ? { account: { id: existing.id, email: v.email, username: await firstFreeUsername(ctx.tx, usernameBase(firstName, lastName, v.email)), firstName, lastName }, generatedPassword: undefined }
    : await insertAccount(ctx, actor, v, now);
  const { account } = created;
  const access: CreateUserResult["access"] = existing ? "invitation" : v.access;
  // Recorded as for a new person: "invited" (from another clientspace) only once they accept.
  const origin = options.origin ?? "created";

  const membership = ctx.tx.insert(clientspaceMemberships).values({
    clientspaceId: actor.clientspaceId,
    accountId: account.id,
    origin,
    kind: v.kind,
    isAdmin: v.isAdmin,
    isAuditor: v.isAuditor,
    title: v.title ?? null,
    service: v.service ?? null,
    phone: v.phone ?? null,
    // Someone with a password is in at once; anyone else joins when they accept.
    joinedAt: access === "invitation" ? null : now,
    ...(existing ? { invitedFirstName: account.firstName, invitedLastName: account.lastName, invitedUsername: account.username } : {}),
    updatedBy: actor.accountId,
  });
  try {
    await membership;
  } catch (err) {
    // Another admin added the same existing account a moment ago (the lock on the account made us wait for them).
    if (isUniqueViolation(err)) throw new DomainError(`${v.email} was just added to this clientspace by someone else.`, "conflict", { email: ["Already a member."] });
    throw err;
  }
  if (grants.length > 0) {
    await ctx.tx
      .insert(workspaceMemberships)
      .values(grants.map((g) => ({ workspaceId: g.workspace.id, accountId: account.id, clientspaceId: actor.clientspaceId, roleId: g.role.id })));
  }

  const label = targetLabel(account) || account.email;
  ctx.audit.record({
    action: "user.created",
    targetType: "user",
    targetId: account.id,
    targetLabel: label,
    after: {
      email: account.email,
      username: account.username,
      firstName: account.firstName,
      lastName: account.lastName,
      origin,
      access,
      ...(access === "password" ? { passwordGenerated: v.passwordMode === "generate" } : {}),
      kind: v.kind,
      title: v.title ?? null,
      service: v.service ?? null,
      phone: v.phone ?? null,
      isAdmin: v.isAdmin,
      isAuditor: v.isAuditor,
      workspaces: grants.map((g) => ({ workspaceId: g.workspace.id, workspace: g.workspace.name, roleId: g.role.id, role: g.role.name })),
      license: v.licenseTypeId ? { licenseTypeId: v.licenseTypeId, licenseStart: v.licenseStart, licenseEnd: v.licenseEnd } : null,
    },
  });

  // The seat check under the license type's lock: over the limit, the whole creation rolls back.
  if (v.licenseTypeId) {
    await setLicense(ctx, actor, { userId: account.id, licenseTypeId: v.licenseTypeId, start: v.licenseStart, end: v.licenseEnd }, now);
  }

  if (access === "invitation" && options.invite !== false) await issueInvitation(ctx, actor, { accountId: account.id, email: existing ? existing.email : account.email }, { now });

  return {
    userId: account.id,
    username: account.username,
    access,
    ...(existing && v.access === "password" ? { invitedInstead: true } : {}),
    ...(created.generatedPassword ? { generatedPassword: created.generatedPassword } : {}),
  };
}
