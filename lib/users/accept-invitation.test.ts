import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountTokens, auditEvents, clientspaceMemberships, clientspaces, emailOutbox, workspaceMemberships } from "@/db/schema";
import { hashLinkToken } from "@/lib/auth/link-token";
import { verifyPassword } from "@/lib/auth/password";
import { authenticate } from "@/lib/auth/sign-in";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser, TEST_PASSWORD, testPasswordHash } from "@/tests/support/factories";
import { makeRightsWorld, runAs } from "@/tests/support/rights-world";
import {
  acceptInvitation,
  INVITATION_LINK_MESSAGES,
  inspectInvitation,
  InvitationLinkError,
  NEW_INVITATION_REQUESTED_MESSAGE,
  NO_PASSWORD_YET,
  requestNewInvitation,
} from "./accept-invitation";
import { resendInvitation } from "./invitation";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const GOOD_PASSWORD = "walnut-harbour-signal-8842";
const HOUR = 3_600_000;
type World = Awaited<ReturnType<typeof makeRightsWorld>>;

/**
 * An invited user of Sales who has no account password yet, or (`fromElsewhere`) an account with a
 * password whose home is another clientspace, invited here and not yet accepted.
 */
async function invitee(world: World, options: { fromElsewhere?: boolean } = {}) {
  const grant = { workspaceId: world.sales.id, roleId: world.viewerRole.id };
  if (!options.fromElsewhere) {
    return makeUser(h.db, world.csId, { account: { firstName: "Ada", lastName: "Lovelace", passwordHash: null }, membership: { joinedAt: null }, superUserOf: grant });
  }
  const home = await makeClientspace(h.db);
  const user = await makeUser(h.db, home.clientspace.id, { account: { firstName: "Ada", lastName: "Lovelace", passwordHash: await testPasswordHash() } });
  await h.db.insert(clientspaceMemberships).values({ clientspaceId: world.csId, accountId: user.id, origin: "invited", invitedFirstName: "Ada", invitedLastName: "L." });
  await h.db.insert(workspaceMemberships).values({ ...grant, accountId: user.id, clientspaceId: world.csId });
  return user;
}

/** Sends (or resends) the invitation as `actor` and returns the token from the email it queued. */
async function invite(actor: Actor, user: { id: string; email: string }, sentAt = new Date()) {
  await runAs(h.db, actor, (ctx, a, input: { userId: string }) => resendInvitation(ctx, a, input, { now: sentAt }), { userId: user.id });
  const [mail] = await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, user.email)).orderBy(desc(emailOutbox.id)).limit(1);
  return decodeURIComponent(/invitation\?token=([^"&]+)/.exec(mail.html)![1]);
}

const tokenRow = async (token: string) => (await h.db.select().from(accountTokens).where(eq(accountTokens.tokenHash, hashLinkToken(token))))[0];
const accountRow = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0];
const membershipRow = async (cs: string, id: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, cs), eq(clientspaceMemberships.accountId, id))))[0];
const daysAgo = (n: number) => new Date(Date.now() - n * 24 * HOUR);

async function expectLinkRefused(token: string, state: "expired" | "used" | "invalid", password = GOOD_PASSWORD) {
  const run = acceptInvitation(h.db, token, { password });
  await expect(run).rejects.toBeInstanceOf(InvitationLinkError);
  await expect(run).rejects.toMatchObject({ state, message: INVITATION_LINK_MESSAGES[state] });
}

describe("inspectInvitation", () => {
  it("shows a usable link's invitee and clientspace, and does not use the link up", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.admin, user);
    const view = await inspectInvitation(h.db, token);
    expect(view).toEqual({
      state: "usable",
      clientspaceName: expect.stringMatching(/^Clientspace cs-/),
      email: user.email,
      firstName: "Ada",
      lastName: "Lovelace",
      hasPassword: false,
    });
    expect((await tokenRow(token)).usedAt).toBeNull();
    expect((await membershipRow(world.csId, user.id)).joinedAt).toBeNull();
  });

  it("tells an existing account that it already has a password", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world, { fromElsewhere: true });
    const token = await invite(world.actors.admin, user);
    expect(await inspectInvitation(h.db, token)).toMatchObject({ state: "usable", hasPassword: true });
  });

  it("answers expired, used and invalid (voided, unknown, empty) with nothing else", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const expired = await invite(world.actors.admin, user, daysAgo(2));
    expect(await inspectInvitation(h.db, expired)).toEqual({ state: "expired" });

    const fresh = await invite(world.actors.admin, user);
    expect(await inspectInvitation(h.db, expired)).toEqual({ state: "invalid" });
    await acceptInvitation(h.db, fresh, { password: GOOD_PASSWORD });
    expect(await inspectInvitation(h.db, fresh)).toEqual({ state: "used" });

    expect(await inspectInvitation(h.db, "made-up-token")).toEqual({ state: "invalid" });
    expect(await inspectInvitation(h.db, "")).toEqual({ state: "invalid" });
    expect(await inspectInvitation(h.db, "x".repeat(600))).toEqual({ state: "invalid" });
  });

  it("reads a disabled membership's link as invalid, and one whose membership is gone too", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.admin, user);
    await h.db.update(clientspaceMemberships).set({ disabled: true }).where(eq(clientspaceMemberships.accountId, user.id));
    expect(await inspectInvitation(h.db, token)).toEqual({ state: "invalid" });
    await h.db.delete(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, user.id));
    expect(await inspectInvitation(h.db, token)).toEqual({ state: "invalid" });
  });

  it("does not accept a password-reset token as an invitation", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    await h.db.insert(accountTokens).values({ purpose: "password_reset", tokenHash: hashLinkToken("reset-token"), accountId: user.id, expiresAt: new Date(Date.now() + HOUR) });
    expect(await inspectInvitation(h.db, "reset-token")).toEqual({ state: "invalid" });
    await expectLinkRefused("reset-token", "invalid");
  });
});

describe("acceptInvitation", () => {
  it("sets the password, joins the membership, uses the link up and records user.joined by the user", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.admin, user);
    const before = await membershipRow(world.csId, user.id);

    const result = await acceptInvitation(h.db, token, { password: GOOD_PASSWORD });
    expect(result).toMatchObject({ accountId: user.id, email: user.email, clientspaceId: world.csId, passwordSet: true });

    const account = await accountRow(user.id);
    expect(await verifyPassword(account.passwordHash!, GOOD_PASSWORD)).toBe(true);
    expect(account.firstConnectionAt).toBeNull();
    const after = await membershipRow(world.csId, user.id);
    expect(after.joinedAt).not.toBeNull();
    expect(after.version).toBe(before.version + 1);
    expect(after.invitedAt).toEqual(before.invitedAt);
    expect((await tokenRow(token)).usedAt).not.toBeNull();

    const events = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.joined")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientspaceId: world.csId, actorAccountId: user.id, actorLabel: "Ada Lovelace", after: { passwordChosen: true } });

    // The sign-in that follows now lets them in.
    expect(await authenticate(h.db, user.email, GOOD_PASSWORD)).toMatchObject({ ok: true, accountId: user.id });
  });

  it("refuses the same link a second time, and changes nothing", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.admin, user);
    await acceptInvitation(h.db, token, { password: GOOD_PASSWORD });
    const hash = (await accountRow(user.id)).passwordHash;
    await expectLinkRefused(token, "used", "another-password-entirely-77");
    expect((await accountRow(user.id)).passwordHash).toBe(hash);
  });

  it("refuses an expired link and leaves the user invited without a password", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.admin, user, daysAgo(2));
    await expectLinkRefused(token, "expired");
    expect((await accountRow(user.id)).passwordHash).toBeNull();
    expect((await membershipRow(world.csId, user.id)).joinedAt).toBeNull();
    expect((await tokenRow(token)).usedAt).toBeNull();
  });

  it("refuses a link replaced by a resend, while the new one works", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const old = await invite(world.actors.admin, user);
    const fresh = await invite(world.actors.admin, user);
    await expectLinkRefused(old, "invalid");
    await expect(acceptInvitation(h.db, fresh, { password: GOOD_PASSWORD })).resolves.toMatchObject({ passwordSet: true });
  });

  it("refuses a password the policy rejects, with the reason under the field, and leaves the link usable", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.admin, user);
    const run = acceptInvitation(h.db, token, { password: "lovelace-garden-2024" });
    await expect(run).rejects.toBeInstanceOf(DomainError);
    await expect(run).rejects.toMatchObject({ kind: "invalid", fieldErrors: { password: ["The password must not contain your email address or name."] } });
    await expect(acceptInvitation(h.db, token, {})).rejects.toMatchObject({ kind: "invalid", fieldErrors: { password: ["Choose a password."] } });

    expect((await tokenRow(token)).usedAt).toBeNull();
    expect((await accountRow(user.id)).passwordHash).toBeNull();
    expect((await membershipRow(world.csId, user.id)).joinedAt).toBeNull();
    expect(await inspectInvitation(h.db, token)).toMatchObject({ state: "usable" });
    await expect(acceptInvitation(h.db, token, { password: GOOD_PASSWORD })).resolves.toMatchObject({ passwordSet: true });
  });

  it("refuses a disabled membership with the reason, and a membership that is gone as invalid", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.admin, user);
    await h.db.update(clientspaceMemberships).set({ disabled: true }).where(eq(clientspaceMemberships.accountId, user.id));
    await expect(acceptInvitation(h.db, token, { password: GOOD_PASSWORD })).rejects.toMatchObject({ kind: "forbidden", message: expect.stringMatching(/disabled/) });
    expect((await accountRow(user.id)).passwordHash).toBeNull();
    expect((await tokenRow(token)).usedAt).toBeNull();

    await h.db.delete(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, user.id));
    await expectLinkRefused(token, "invalid");
  });

  it("lets an account of another clientspace join only with its own password, which stays unchanged", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world, { fromElsewhere: true });
    const token = await invite(world.actors.admin, user);
    const hash = (await accountRow(user.id)).passwordHash;

    // The mailbox alone is not enough: no password, or a wrong one, and nothing changes.
    for (const input of [{}, { password: GOOD_PASSWORD }, { currentPassword: "not-their-password-42" }]) {
      await expect(acceptInvitation(h.db, token, input)).rejects.toMatchObject({ fieldErrors: { currentPassword: [expect.any(String)] } });
    }
    expect((await membershipRow(world.csId, user.id)).joinedAt).toBeNull();
    expect((await tokenRow(token)).usedAt).toBeNull();
    // Until then, this clientspace sees the names it typed.
    expect(await membershipRow(world.csId, user.id)).toMatchObject({ firstName: "Ada", lastName: "L." });

    const result = await acceptInvitation(h.db, token, { currentPassword: TEST_PASSWORD, password: GOOD_PASSWORD });
    expect(result).toMatchObject({ accountId: user.id, passwordSet: false });
    expect((await accountRow(user.id)).passwordHash).toBe(hash);
    // Joined: the account's own names now show here.
    expect(await membershipRow(world.csId, user.id)).toMatchObject({ firstName: "Ada", lastName: "Lovelace", joinedAt: expect.any(Date), origin: "invited" });
    expect(await authenticate(h.db, user.email, TEST_PASSWORD)).toMatchObject({ ok: true });
    const [event] = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.joined")));
    expect(event.after).toMatchObject({ passwordChosen: false });
  });

  it("never lets another clientspace's invitation set the password of an account that has none", async () => {
    const world = await makeRightsWorld(h.db);
    const home = await makeClientspace(h.db);
    const user = await makeUser(h.db, home.clientspace.id, { account: { passwordHash: null }, membership: { joinedAt: null } });
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: world.csId, accountId: user.id, origin: "invited", invitedFirstName: "X", invitedLastName: "Y" });
    const token = await invite(world.actors.admin, user);
    await expect(acceptInvitation(h.db, token, { password: GOOD_PASSWORD })).rejects.toMatchObject({ message: NO_PASSWORD_YET });
    expect((await accountRow(user.id)).passwordHash).toBeNull();
    expect((await membershipRow(world.csId, user.id)).joinedAt).toBeNull();
  });
});

describe("requestNewInvitation", () => {
  const requests = (user: { id: string }) =>
    h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.invitation_requested")));
  const mailsTo = (email: string) =>
    h.db.select().from(emailOutbox).where(and(eq(emailOutbox.to, email), eq(emailOutbox.template, "invitation-requested")));
  const emailOf = async (id: string) => (await accountRow(id)).email;

  it("emails the inviter once per link, with a link to the user's panel, and records it", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.superUser, user, daysAgo(2));
    const inviterEmail = await emailOf(world.actors.superUser.accountId);

    expect(await requestNewInvitation(h.db, token)).toEqual({ message: NEW_INVITATION_REQUESTED_MESSAGE });
    expect(await requestNewInvitation(h.db, token)).toEqual({ message: NEW_INVITATION_REQUESTED_MESSAGE });

    const mails = await mailsTo(inviterEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Ada Lovelace asks for a new invitation to ${await clientspaceName(world)}`);
    expect(mails[0].html).toContain(`/admin/users?user=${user.id}`);
    expect(await mailsTo(await emailOf(world.actors.admin.accountId))).toHaveLength(0);
    const events = await requests(user);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientspaceId: world.csId, actorAccountId: user.id, after: { notified: "the inviter" } });

    // A new link (resent), expired in turn, may ask once more.
    const next = await invite(world.actors.superUser, user, daysAgo(1.5));
    await requestNewInvitation(h.db, next);
    expect(await mailsTo(inviterEmail)).toHaveLength(2);
  });

  it("tells the administrators when the inviter may no longer invite this user", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const token = await invite(world.actors.superUser, user, daysAgo(2));
    await h.db.update(clientspaceMemberships).set({ disabled: true }).where(eq(clientspaceMemberships.accountId, world.actors.superUser.accountId));

    await requestNewInvitation(h.db, token);
    expect(await mailsTo(await emailOf(world.actors.superUser.accountId))).toHaveLength(0);
    expect(await mailsTo(await emailOf(world.actors.admin.accountId))).toHaveLength(1);
    expect((await requests(user))[0].after).toMatchObject({ notified: "the administrators" });
  });

  it("sends nothing for a link that is still usable, used, replaced or unknown, with the same answer", async () => {
    const world = await makeRightsWorld(h.db);
    const user = await invitee(world);
    const adminEmail = await emailOf(world.actors.admin.accountId);
    const replaced = await invite(world.actors.admin, user, daysAgo(2));
    const usable = await invite(world.actors.admin, user);
    for (const token of [usable, replaced, "made-up-token"]) {
      expect(await requestNewInvitation(h.db, token)).toEqual({ message: NEW_INVITATION_REQUESTED_MESSAGE });
    }
    await acceptInvitation(h.db, usable, { password: GOOD_PASSWORD });
    expect(await requestNewInvitation(h.db, usable)).toEqual({ message: NEW_INVITATION_REQUESTED_MESSAGE });
    expect(await mailsTo(adminEmail)).toHaveLength(0);
    expect(await requests(user)).toHaveLength(0);
  });
});

async function clientspaceName(world: World) {
  const [row] = await h.db.select({ name: clientspaces.name }).from(clientspaces).where(eq(clientspaces.id, world.csId));
  return row.name;
}
