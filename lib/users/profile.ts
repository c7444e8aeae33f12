import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { isUniqueViolation } from "@/db/errors";
import { accounts, clientspaceMemberships } from "@/db/schema";
import { diff } from "@/lib/audit";
import { queueEmail } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { can, isHomeOf, type Actor } from "@/lib/permissions";
import type { WriteContext } from "@/lib/write";
import { loadMember, updateMember } from "./membership";
import { profileFieldsSchema, type ProfileFieldsInput } from "./profile-schema";
import { actorName, refuseUnlessAllowedOn, targetLabel } from "./target";

/** The email of a member whose account another clientspace created. */
export const EMAIL_MANAGED_ELSEWHERE = "This person's email address is managed by their home organisation.";

export type ProfileInput = ProfileFieldsInput & {
  userId: string;
  /** The membership version the form was filled from. */
  expectedVersion: number;
  /**
   * The account's names as the form showed them. Names live on the account, shared by every
   * clientspace, so a rename made in another clientspace does not bump this membership's version:
   * comparing the names themselves is what catches it (see `refuseStale`).
   */
  expectedNames: { firstName: string; lastName: string };
};

/** `changed: false` for a save that changed nothing: no write, no version bump, no audit event. */
export type ProfileResult = { changed: boolean; version: number };

/** The editable profile as a whole: what the edit form and an import row both set. */
export type Profile = {
  firstName: string;
  lastName: string;
  title: string | null;
  service: string | null;
  phone: string | null;
  kind: "internal" | "external";
  email: string;
};

const KIND_REFUSED = "Only an administrator can change whether the user is internal or external.";
const EMAIL_REFUSED = "Only an administrator can change the email address.";

/**
 * Refuses a save made from a stale form, so that nobody silently overwrites what someone else saved
 * meanwhile. Two checks, both on rows locked by the caller:
 * - the membership's version, bumped by every write to it in this clientspace (the other admin is
 *   named: they are a member of this clientspace, the actor may know them);
 * - the account's names, which another clientspace can change without touching this membership.
 *   Not accounts.updated_at: it also moves on password changes, unlocks and resets, none of which
 *   this form shows or writes, so it would refuse good saves; and it cannot say what changed.
 *   Who renamed them elsewhere is not said: that is another tenant's business.
 */
async function refuseStale(ctx: WriteContext, row: typeof clientspaceMemberships.$inferSelect, account: Profile & { updatedAt: Date }, input: ProfileInput) {
  if (row.version !== input.expectedVersion) {
    const who = row.updatedBy ? await actorName(ctx.tx, { accountId: row.updatedBy }) : "someone else";
    throw new DomainError(`Changed by ${who} at ${formatDateTime(row.updatedAt)}. Reload to see their changes.`, "conflict");
  }
  const expected = input.expectedNames ?? { firstName: "", lastName: "" };
  if (account.firstName !== expected.firstName || account.lastName !== expected.lastName) {
    throw new DomainError(
      `Their name was changed elsewhere at ${formatDateTime(account.updatedAt)}: it is now ${targetLabel(account)}. Reload to see the change.`,
      "conflict",
    );
  }
}

/**
 * Edits a user's profile (SPEC sections 1, 2 and 5): names (account-wide), title, service, phone,
 * internal/external (this clientspace), and the email of an account created here.
 * - Names, title, service, phone: "users.editProfile" (admin, super-user of the user's workspaces,
 *   the user themselves).
 * - Email and internal/external: "users.editEmailAndKind", which has no self grant: the sign-in
 *   address and the classification are an administrator's call, not the member's. Checked only when
 *   they change, since every form sends them back as they were.
 * - Email: only for an account created in this clientspace (it belongs to no other tenant); the new
 *   address unused by any other account; the "email-changed" notice goes to the old address (so a
 *   change its owner did not expect is noticed) and to the new one. Sessions do not end: they are
 *   tied to the account and its session version, not to the address, and the password is unchanged.
 * - The username stays: it is a sign-in identifier, and renaming it under the user would lock them out.
 * Everything is checked before anything is written, so a refusal changes nothing.
 */
export async function updateProfile(ctx: WriteContext, actor: Actor, input: ProfileInput): Promise<ProfileResult> {
  const member = await loadMember(ctx, actor, input.userId, { lock: true });
  refuseUnlessAllowedOn(actor, "users.editProfile", member.target, "You may not edit this user’s profile.");

  const { row } = member;

  // Already locked by loadMember, with the membership. Names and address as this clientspace sees
  // them (the membership's copies): a person invited from elsewhere shows the names typed here
  // until they accept, and those are what an edit changes (`invitedOnly`).
  const [account] = await ctx.tx
    .select({ updatedAt: accounts.updatedAt, homeClientspaceId: accounts.homeClientspaceId })
    .from(accounts)
    .where(eq(accounts.id, row.accountId));
  const invitedOnly = row.joinedAt === null && account.homeClientspaceId !== actor.clientspaceId;
  const before: Profile = {
    firstName: row.firstName,
    lastName: row.lastName,
    title: row.title,
    service: row.service,
    phone: row.phone,
    kind: row.kind,
    email: row.email,
  };

  // Only what changes is checked: a value sent back as stored (a name made before a rule, or
  // brought in from another system) must not block an edit of another field, in a form or an import.
  const sent = {
    firstName: input.firstName,
    lastName: input.lastName,
    title: input.title,
    service: input.service,
    phone: input.phone,
    kind: input.kind,
    email: input.email,
  };
  const changing = Object.fromEntries(
    Object.entries(sent).filter(([field, value]) => {
      if (value === undefined) return false;
      const stored = before[field as keyof Profile];
      return field === "email" ? String(value).toLowerCase() !== (stored ?? "").toLowerCase() : value !== (stored ?? "");
    }),
  );
  const parsed = profileFieldsSchema.partial().safeParse(changing);
  if (!parsed.success) {
    throw new DomainError("Some fields need your attention.", "invalid", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  }
  const values = parsed.data;
  await refuseStale(ctx, row, { ...before, updatedAt: account.updatedAt }, input);

  const after: Partial<Profile> = { firstName: values.firstName ?? before.firstName, lastName: values.lastName ?? before.lastName };
  if (values.title !== undefined) after.title = values.title;
  if (values.service !== undefined) after.service = values.service;
  if (values.phone !== undefined) after.phone = values.phone;
  if (values.kind !== undefined) after.kind = values.kind;
  // The same address in other letter case is the same address (the unique index is on lower(email)).
  if (values.email !== undefined && values.email !== before.email.toLowerCase()) after.email = values.email;
  const change = diff(before, after);
  if (!change.changed) return { changed: false, version: row.version };

  const label = targetLabel(before) || before.email;
  if (change.after.kind !== undefined) refuseUnlessAllowedOn(actor, "users.editKind", member.target, KIND_REFUSED);
  const newEmail = change.after.email;
  if (newEmail !== undefined) {
    // The sign-in address opens every clientspace of the account: its home's alone (SPEC section 2).
    if (!can(actor, "users.changeEmail", { user: member.target })) {
      const message = can(actor, "users.changeEmail") && !isHomeOf(actor, member.target) ? EMAIL_MANAGED_ELSEWHERE : EMAIL_REFUSED;
      throw new DomainError(message, "forbidden", { email: [message] });
    }
    const [taken] = await ctx.tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(sql`lower(${accounts.email})`, newEmail), ne(accounts.id, row.accountId)));
    if (taken) throw emailTaken();
  }

  const { firstName, lastName, email } = change.after;
  if (invitedOnly && (firstName !== undefined || lastName !== undefined)) {
    await ctx.tx
      .update(clientspaceMemberships)
      .set({ invitedFirstName: firstName ?? before.firstName, invitedLastName: lastName ?? before.lastName })
      .where(and(eq(clientspaceMemberships.clientspaceId, actor.clientspaceId), eq(clientspaceMemberships.accountId, row.accountId)));
  } else if (firstName !== undefined || lastName !== undefined || email !== undefined) {
    try {
      await ctx.tx
        .update(accounts)
        .set({ firstName, lastName, email, updatedAt: sql`now()` })
        .where(eq(accounts.id, row.accountId));
    } catch (err) {
      // Two saves racing for one free address: the unique index lets one through.
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
  }
  // Bumped even when only the names changed: they are part of what this clientspace's forms show.
  const { title, service, phone, kind } = change.after;
  const saved = await updateMember(ctx, actor, row.accountId, { title, service, phone, kind });

  if (newEmail !== undefined) {
    for (const to of [before.email, newEmail]) {
      await queueEmail(ctx.tx, { clientspaceId: actor.clientspaceId, to, template: "email-changed", props: { oldEmail: before.email, newEmail } });
    }
  }
  ctx.audit.record({
    action: "user.profile_updated",
    targetType: "user",
    targetId: row.accountId,
    targetLabel: targetLabel({ firstName: firstName ?? before.firstName, lastName: lastName ?? before.lastName }) || label,
    before: change.before,
    after: change.after,
  });
  return { changed: true, version: saved.version };
}

function emailTaken() {
  return new DomainError("This email address is already used by another account.", "invalid", {
    email: ["This email address is already used by another account."],
  });
}
