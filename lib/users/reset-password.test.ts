import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountTokens, auditEvents, emailOutbox, roles, workspaceMemberships, workspaces } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser, TEST_PASSWORD } from "@/tests/support/factories";
import { checkSession } from "@/lib/auth/session-check";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { verifyPassword } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { runWrite } from "@/lib/write";
import {
  isResetLinkUsable,
  requestPasswordReset,
  resetPasswordWithToken,
  resetUserPassword,
  RESET_LINK_INVALID,
  RESET_REQUESTED_MESSAGE,
  type ResetUserPasswordInput,
} from "./reset-password";

let h: DatabaseHandle;
type Space = Awaited<ReturnType<typeof makeSpace>>;
let a: Space;
let b: Space;
const NEW = "amber-lantern-over-77-dunes";

async function makeSpace() {
  const { clientspace, workspace: w1, superUserRole } = await makeClientspace(h.db);
  const [w2] = await h.db.insert(workspaces).values({ clientspaceId: clientspace.id, name: "Support" }).returning();
  const [viewer] = await h.db.select().from(roles).where(and(eq(roles.clientspaceId, clientspace.id), eq(roles.key, "viewer")));
  const cs = clientspace.id;
  const member = (workspaceId: string, extra: Parameters<typeof makeUser>[2] = {}) =>
    makeUser(h.db, cs, { ...extra, superUserOf: { workspaceId, roleId: viewer.id } });
  const actors = {
    admin: await makeUser(h.db, cs, { membership: { isAdmin: true }, account: { firstName: "Ada", lastName: "Admin" } }),
    auditor: await makeUser(h.db, cs, { membership: { isAuditor: true } }),
    superUserHere: await makeUser(h.db, cs, { superUserOf: { workspaceId: w1.id, roleId: superUserRole.id } }),
    superUserElsewhere: await makeUser(h.db, cs, { superUserOf: { workspaceId: w2.id, roleId: superUserRole.id } }),
    member: await member(w1.id),
  };
  return { cs, w1, w2, viewer, actors, member };
}

async function reset(actorId: string, cs: string, input: ResetUserPasswordInput) {
  const check = await checkSession(h.db, { accountId: actorId, sessionVersion: 0 }, cs);
  if (!check.ok) throw new Error(check.reason);
  const actor: Actor = check.user;
  return runWrite(h.db, { accountId: actorId, label: "Tester", clientspaceId: cs }, "ui", (ctx) => resetUserPassword(ctx, actor, input));
}

const account = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0];
const mails = (to: string) => h.db.select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(emailOutbox.id);
const events = (targetId: string) => h.db.select().from(auditEvents).where(eq(auditEvents.targetId, targetId));
const tokens = (accountId: string) => h.db.select().from(accountTokens).where(eq(accountTokens.accountId, accountId));
const unchanged = async (id: string) => {
  const row = await account(id);
  expect(row.sessionVersion).toBe(0);
  expect(await verifyPassword(row.passwordHash!, TEST_PASSWORD)).toBe(true);
  expect(await events(id)).toHaveLength(0);
};

beforeAll(async () => {
  h = await createTestDatabase();
  a = await makeSpace();
  b = await makeSpace();
});
afterAll(async () => h?.close());

describe("resetUserPassword", () => {
  it.each([
    ["admin", true],
    ["auditor", "forbidden"],
    ["superUserHere", true],
    ["superUserElsewhere", "not_found"],
    ["member", "not_found"],
  ] as const)("%s: %s", async (role, allowed) => {
    const target = await a.member(a.w1.id);
    const run = reset(a.actors[role].id, a.cs, { userId: target.id, password: NEW, confirm: NEW });
    if (allowed === true) {
      expect(await run).toEqual({});
      const row = await account(target.id);
      expect(row.sessionVersion).toBe(1);
      expect(await verifyPassword(row.passwordHash!, NEW)).toBe(true);
    } else {
      await expect(run).rejects.toMatchObject({ kind: allowed });
      await unchanged(target.id);
    }
  });

  it.each([
    ["an admin", { membership: { isAdmin: true } }],
    ["an auditor", { membership: { isAuditor: true } }],
  ] as const)("refuses a super-user resetting %s of their workspace", async (_label, extra) => {
    const target = await a.member(a.w1.id, extra);
    await expect(reset(a.actors.superUserHere.id, a.cs, { userId: target.id, generate: true })).rejects.toMatchObject({ kind: "forbidden" });
    await unchanged(target.id);
  });

  it("refuses a super-user resetting someone who is also in a workspace they do not administer", async () => {
    const target = await a.member(a.w1.id);
    await h.db.insert(workspaceMemberships).values({ workspaceId: a.w2.id, accountId: target.id, clientspaceId: a.cs, roleId: a.viewer.id });
    await expect(reset(a.actors.superUserHere.id, a.cs, { userId: target.id, generate: true })).rejects.toMatchObject({ kind: "forbidden" });
    await unchanged(target.id);
  });

  it("answers a user of another clientspace as not existing", async () => {
    const other = await b.member(b.w1.id);
    await expect(reset(a.actors.admin.id, a.cs, { userId: other.id, generate: true })).rejects.toMatchObject({ kind: "not_found" });
    await unchanged(other.id);
  });

  it("generates a password that passes the policy, ends sessions, emails who changed it, audits without it", async () => {
    const target = await a.member(a.w1.id);
    const { generatedPassword } = await reset(a.actors.admin.id, a.cs, { userId: target.id, generate: true });
    expect(checkPasswordPolicy(generatedPassword!, target)).toEqual([]);
    const row = await account(target.id);
    expect(await verifyPassword(row.passwordHash!, generatedPassword!)).toBe(true);
    expect(await checkSession(h.db, { accountId: target.id, sessionVersion: 0 }, a.cs)).toEqual({ ok: false, reason: "ended" });
    const [mail] = await mails(target.email);
    expect(mail.template).toBe("password-changed");
    expect(mail.text).toContain("Ada Admin");
    const [event] = await events(target.id);
    expect(event).toMatchObject({ action: "user.password_reset", after: { generated: true } });
    expect(JSON.stringify(event)).not.toContain(generatedPassword);
  });

  it.each([
    ["passwords that do not match", { password: NEW, confirm: `${NEW}x` }, "confirm"],
    ["a common password", { password: "qwerty123456", confirm: "qwerty123456" }, "password"],
    ["a short password", { password: "short-1", confirm: "short-1" }, "password"],
  ])("refuses %s and changes nothing", async (_label, input, field) => {
    const target = await a.member(a.w1.id);
    const err = await reset(a.actors.admin.id, a.cs, { userId: target.id, ...input }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).fieldErrors).toHaveProperty(field);
    await unchanged(target.id);
    expect(await mails(target.email)).toHaveLength(0);
  });

  it("checks the policy against the target's own names", async () => {
    const target = await a.member(a.w1.id, { account: { firstName: "Grace", lastName: "Hopper" } });
    const err = await reset(a.actors.admin.id, a.cs, { userId: target.id, password: "hopper-rules-the-sea", confirm: "hopper-rules-the-sea" }).catch((e) => e);
    expect((err as DomainError).fieldErrors).toHaveProperty("password");
  });
});

describe("forgot password", () => {
  const t0 = new Date("2030-01-01T10:00:00Z");
  const linkToken = async (email: string) => {
    const sent = (await mails(email)).filter((m) => m.template === "password-reset");
    const match = sent.at(-1)?.text.match(/reset-password\?token=([\w-]+)/);
    if (!match) throw new Error("no reset link");
    return match[1];
  };

  it("answers the same for an unknown address and writes nothing", async () => {
    const known = await a.member(a.w1.id);
    expect(await requestPasswordReset(h.db, "nobody@example.test")).toEqual({ message: RESET_REQUESTED_MESSAGE });
    expect(await requestPasswordReset(h.db, known.email.toUpperCase())).toEqual({ message: RESET_REQUESTED_MESSAGE });
    expect(await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, "nobody@example.test"))).toHaveLength(0);
    expect(await tokens(known.id)).toHaveLength(1);
  });

  it("sends nothing to an account disabled everywhere", async () => {
    const user = await a.member(a.w1.id, { membership: { disabled: true } });
    expect(await requestPasswordReset(h.db, user.email)).toEqual({ message: RESET_REQUESTED_MESSAGE });
    expect(await tokens(user.id)).toHaveLength(0);
    expect(await mails(user.email)).toHaveLength(0);
  });

  it("stores only a hash of a one-hour link, and the link sets the password once", async () => {
    const user = await a.member(a.w1.id);
    await requestPasswordReset(h.db, user.email, { now: t0 });
    const token = await linkToken(user.email);
    const [stored] = await tokens(user.id);
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - t0.getTime()).toBe(3_600_000);
    expect((await events(user.id)).map((e) => e.action)).toEqual(["user.password_reset_requested"]);

    await resetPasswordWithToken(h.db, token, NEW, { now: new Date(t0.getTime() + 59 * 60_000) });
    const row = await account(user.id);
    expect(await verifyPassword(row.passwordHash!, NEW)).toBe(true);
    expect(row.sessionVersion).toBe(1);
    expect((await tokens(user.id))[0].usedAt).not.toBeNull();
    expect((await mails(user.email)).map((m) => m.template)).toEqual(["password-reset", "password-changed"]);
    expect((await events(user.id)).map((e) => e.actorLabel)).toEqual(["Self-service", "Self-service"]);

    await expect(resetPasswordWithToken(h.db, token, "another-fine-phrase-88", { now: t0 })).rejects.toThrow(RESET_LINK_INVALID);
    expect(await verifyPassword((await account(user.id)).passwordHash!, NEW)).toBe(true);
  });

  it("refuses an expired link", async () => {
    const user = await a.member(a.w1.id);
    await requestPasswordReset(h.db, user.email, { now: t0 });
    const token = await linkToken(user.email);
    await expect(resetPasswordWithToken(h.db, token, NEW, { now: new Date(t0.getTime() + 61 * 60_000) })).rejects.toThrow(RESET_LINK_INVALID);
    await unchangedPassword(user.id);
  });

  it("looking at a link does not use it up; used, replaced, expired and unknown links are not usable", async () => {
    const user = await a.member(a.w1.id);
    await requestPasswordReset(h.db, user.email, { now: t0 });
    const first = await linkToken(user.email);
    expect(await isResetLinkUsable(h.db, first, { now: t0 })).toBe(true);
    expect(await isResetLinkUsable(h.db, first, { now: t0 })).toBe(true);
    expect(await isResetLinkUsable(h.db, first, { now: new Date(t0.getTime() + 61 * 60_000) })).toBe(false);
    await requestPasswordReset(h.db, user.email, { now: t0 });
    const second = await linkToken(user.email);
    expect(await isResetLinkUsable(h.db, first, { now: t0 })).toBe(false);
    await resetPasswordWithToken(h.db, second, NEW, { now: t0 });
    expect(await isResetLinkUsable(h.db, second, { now: t0 })).toBe(false);
    expect(await isResetLinkUsable(h.db, "made-up")).toBe(false);
    expect(await isResetLinkUsable(h.db, "")).toBe(false);
  });

  it("refuses an unknown token", async () => {
    await expect(resetPasswordWithToken(h.db, "made-up", NEW)).rejects.toThrow(RESET_LINK_INVALID);
  });

  it("a second request voids the first link", async () => {
    const user = await a.member(a.w1.id);
    await requestPasswordReset(h.db, user.email, { now: t0 });
    const first = await linkToken(user.email);
    await requestPasswordReset(h.db, user.email, { now: t0 });
    const second = await linkToken(user.email);
    await expect(resetPasswordWithToken(h.db, first, NEW, { now: t0 })).rejects.toThrow(RESET_LINK_INVALID);
    await resetPasswordWithToken(h.db, second, NEW, { now: t0 });
    expect(await verifyPassword((await account(user.id)).passwordHash!, NEW)).toBe(true);
  });

  it("a password refused by the policy leaves the link usable", async () => {
    const user = await a.member(a.w1.id);
    await requestPasswordReset(h.db, user.email, { now: t0 });
    const token = await linkToken(user.email);
    const err = await resetPasswordWithToken(h.db, token, "qwerty123456", { now: t0 }).catch((e) => e);
    expect((err as DomainError).fieldErrors).toHaveProperty("newPassword");
    await unchangedPassword(user.id);
    await resetPasswordWithToken(h.db, token, NEW, { now: t0 });
  });

  it("leaves a locked account locked", async () => {
    const lockedAt = new Date();
    const user = await a.member(a.w1.id, { account: { lockedAt, failedSignInCount: 10 } });
    await requestPasswordReset(h.db, user.email, { now: t0 });
    await resetPasswordWithToken(h.db, await linkToken(user.email), NEW, { now: t0 });
    expect(await account(user.id)).toMatchObject({ lockedAt, failedSignInCount: 10 });
  });
});

async function unchangedPassword(id: string) {
  const row = await account(id);
  expect(row.sessionVersion).toBe(0);
  expect(await verifyPassword(row.passwordHash!, TEST_PASSWORD)).toBe(true);
}
