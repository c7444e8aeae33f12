import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountSessions, auditEvents, clientspaceMemberships, emailOutbox, roles, workspaces } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { checkSession } from "@/lib/auth/session-check";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { verifyPassword } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { runWrite, type WriteContext } from "@/lib/write";
import { disableUser, enableUser, unlockUser } from "./status";

let h: DatabaseHandle;
type Space = Awaited<ReturnType<typeof makeSpace>>;
let a: Space;
let b: Space;

/** A clientspace with two workspaces and one actor of each kind; targets are made per test. */
async function makeSpace() {
  const { clientspace, workspace: w1, superUserRole } = await makeClientspace(h.db);
  const [w2] = await h.db.insert(workspaces).values({ clientspaceId: clientspace.id, name: "Support" }).returning();
  const [viewer] = await h.db.select().from(roles).where(and(eq(roles.clientspaceId, clientspace.id), eq(roles.key, "viewer")));
  const cs = clientspace.id;
  const member = (workspaceId: string, extra: Parameters<typeof makeUser>[2] = {}) =>
    makeUser(h.db, cs, { ...extra, superUserOf: { workspaceId, roleId: viewer.id } });
  const actors = {
    admin: await makeUser(h.db, cs, { membership: { isAdmin: true } }),
    auditor: await makeUser(h.db, cs, { membership: { isAuditor: true } }),
    superUserHere: await makeUser(h.db, cs, { superUserOf: { workspaceId: w1.id, roleId: superUserRole.id } }),
    superUserElsewhere: await makeUser(h.db, cs, { superUserOf: { workspaceId: w2.id, roleId: superUserRole.id } }),
    member: await member(w1.id),
  };
  return { cs, w1, w2, superUserRole, viewer, actors, member };
}

async function actorOf(accountId: string, clientspaceId: string): Promise<Actor> {
  const [account] = await h.db.select().from(accounts).where(eq(accounts.id, accountId));
  const check = await checkSession(h.db, { accountId, sessionVersion: account.sessionVersion }, clientspaceId);
  if (!check.ok) throw new Error(`no session for ${accountId}: ${check.reason}`);
  return check.user;
}

async function as<T>(accountId: string, clientspaceId: string, fn: (ctx: WriteContext, actor: Actor) => Promise<T>) {
  const actor = await actorOf(accountId, clientspaceId);
  return runWrite(h.db, { accountId, label: "Tester", clientspaceId }, "ui", (ctx) => fn(ctx, actor));
}

const membership = async (cs: string, accountId: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, cs), eq(clientspaceMemberships.accountId, accountId))))[0];
const account = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0];
const events = (targetId: string) => h.db.select().from(auditEvents).where(eq(auditEvents.targetId, targetId));

beforeAll(async () => {
  h = await createTestDatabase();
  a = await makeSpace();
  b = await makeSpace();
});
afterAll(async () => h?.close());

// Refused: "forbidden" for someone who may see the user, "not_found" for someone who may not.
const roleCases = [
  ["admin", true],
  ["auditor", "forbidden"],
  ["superUserHere", true],
  ["superUserElsewhere", "not_found"],
  ["member", "not_found"],
] as const;

describe("disableUser", () => {
  it.each(roleCases)("%s: %s", async (role, allowed) => {
    const target = await a.member(a.w1.id);
    const run = as(a.actors[role].id, a.cs, (ctx, actor) => disableUser(ctx, actor, { userId: target.id }));
    if (allowed === true) {
      expect(await run).toEqual({ changed: true });
      expect((await membership(a.cs, target.id)).disabled).toBe(true);
    } else {
      await expect(run).rejects.toMatchObject({ kind: allowed });
      expect((await membership(a.cs, target.id)).disabled).toBe(false);
      expect(await events(target.id)).toHaveLength(0);
    }
  });

  it("ends the user's sessions in this clientspace at once, not in their others; keeps history and audits before/after", async () => {
    const target = await a.member(a.w1.id);
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: b.cs, accountId: target.id, origin: "invited", joinedAt: new Date() });
    const [here, there] = await h.db
      .insert(accountSessions)
      .values([
        { accountId: target.id, clientspaceId: a.cs, expiresAt: new Date(Date.now() + 3_600_000) },
        { accountId: target.id, clientspaceId: b.cs, expiresAt: new Date(Date.now() + 3_600_000) },
      ])
      .returning();
    const before = await membership(a.cs, target.id);
    await as(a.actors.admin.id, a.cs, (ctx, actor) => disableUser(ctx, actor, { userId: target.id }));
    const row = await membership(a.cs, target.id);
    expect(row.disabledAt).not.toBeNull();
    expect(row.version).toBe(before.version + 1);
    expect(row.updatedBy).toBe(a.actors.admin.id);
    // The session working here is revoked, and says why; the one in their other clientspace goes on.
    const sessions = await h.db.select().from(accountSessions).where(eq(accountSessions.accountId, target.id));
    expect(sessions.find((s) => s.id === here.id)).toMatchObject({ revokedReason: "disabled", revokedAt: expect.any(Date) });
    expect(sessions.find((s) => s.id === there.id)).toMatchObject({ revokedAt: null });
    expect((await account(target.id)).sessionVersion).toBe(0);
    expect(await checkSession(h.db, { accountId: target.id, sessionVersion: 0 }, a.cs)).toEqual({ ok: false, reason: "disabled" });
    expect(await checkSession(h.db, { accountId: target.id, sessionVersion: 0 }, b.cs)).toMatchObject({ ok: true, user: { clientspaceId: b.cs } });
    const [event] = await events(target.id);
    expect(event).toMatchObject({ action: "user.disabled", clientspaceId: a.cs, before: { disabled: false }, after: { disabled: true } });
  });

  it("reports an already disabled user as unchanged, without an audit event", async () => {
    const target = await a.member(a.w1.id, { membership: { disabled: true } });
    expect(await as(a.actors.admin.id, a.cs, (ctx, actor) => disableUser(ctx, actor, { userId: target.id }))).toEqual({ changed: false });
    expect(await events(target.id)).toHaveLength(0);
  });

  it("answers a user of another clientspace as not existing", async () => {
    const other = await b.member(b.w1.id);
    const err = await as(a.actors.admin.id, a.cs, (ctx, actor) => disableUser(ctx, actor, { userId: other.id })).catch((e) => e);
    expect(err).toMatchObject({ kind: "not_found" });
    expect((await membership(b.cs, other.id)).disabled).toBe(false);
  });

  it("answers an id that is not an id as not existing", async () => {
    const err = await as(a.actors.admin.id, a.cs, (ctx, actor) => disableUser(ctx, actor, { userId: "nope" })).catch((e) => e);
    expect(err).toMatchObject({ kind: "not_found" });
  });

  it("refuses to disable oneself", async () => {
    const err = await as(a.actors.admin.id, a.cs, (ctx, actor) => disableUser(ctx, actor, { userId: a.actors.admin.id })).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.message).toBe("You cannot disable your own account.");
  });

  it("never lets a super-user disable an admin of their workspace (SPEC section 2: rights above theirs)", async () => {
    const target = await a.member(a.w1.id, { membership: { isAdmin: true } });
    const err = await as(a.actors.superUserHere.id, a.cs, (ctx, actor) => disableUser(ctx, actor, { userId: target.id })).catch((e) => e);
    expect(err).toMatchObject({ kind: "forbidden" });
    expect((await membership(a.cs, target.id)).disabled).toBe(false);
    expect(await events(target.id)).toHaveLength(0);
  });

  it("never disables the last enabled admin, even for an actor whose admin right went meanwhile", async () => {
    const { clientspace } = await makeClientspace(h.db);
    const cs = clientspace.id;
    const lastAdmin = await makeUser(h.db, cs, { membership: { isAdmin: true } });
    // A disabled admin does not count.
    await makeUser(h.db, cs, { membership: { isAdmin: true, disabled: true } });
    // Their session still says admin; the database no longer does.
    const former = await makeUser(h.db, cs);
    const stale: Actor = { accountId: former.id, clientspaceId: cs, isAdmin: true, isAuditor: false, superUserWorkspaceIds: [], superUsersMayCreateUsers: true };
    const run = () => runWrite(h.db, { accountId: former.id, label: "Tester", clientspaceId: cs }, "ui", (ctx) => disableUser(ctx, stale, { userId: lastAdmin.id }));
    const err = await run().catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.message).toMatch(/last admin/);
    expect((await membership(cs, lastAdmin.id)).disabled).toBe(false);

    await makeUser(h.db, cs, { membership: { isAdmin: true } });
    expect(await run()).toEqual({ changed: true });
  });
});

describe("enableUser", () => {
  it.each(roleCases)("%s: %s", async (role, allowed) => {
    const target = await a.member(a.w1.id, { membership: { disabled: true, disabledAt: new Date() } });
    const run = as(a.actors[role].id, a.cs, (ctx, actor) => enableUser(ctx, actor, { userId: target.id }));
    if (allowed === true) {
      expect(await run).toEqual({ changed: true });
      const row = await membership(a.cs, target.id);
      expect(row).toMatchObject({ disabled: false, disabledAt: null });
      const [event] = await events(target.id);
      expect(event).toMatchObject({ action: "user.enabled", before: { disabled: true }, after: { disabled: false } });
      expect(await checkSession(h.db, { accountId: target.id, sessionVersion: 0 }, a.cs)).toMatchObject({ ok: true });
    } else {
      await expect(run).rejects.toMatchObject({ kind: allowed });
      expect((await membership(a.cs, target.id)).disabled).toBe(true);
    }
  });

  it("answers a user of another clientspace as not existing", async () => {
    const other = await b.member(b.w1.id, { membership: { disabled: true } });
    const err = await as(a.actors.admin.id, a.cs, (ctx, actor) => enableUser(ctx, actor, { userId: other.id })).catch((e) => e);
    expect(err).toMatchObject({ kind: "not_found" });
  });
});

describe("unlockUser", () => {
  const locked = () => a.member(a.w1.id, { account: { lockedAt: new Date(), failedSignInCount: 10 } });

  it.each(roleCases)("%s: %s", async (role, allowed) => {
    const target = await locked();
    const run = as(a.actors[role].id, a.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: target.id }));
    if (allowed === true) {
      expect(await run).toEqual({});
      expect(await account(target.id)).toMatchObject({ lockedAt: null, failedSignInCount: 0, sessionVersion: 0 });
      const [event] = await events(target.id);
      expect(event).toMatchObject({ action: "user.unlocked", before: { locked: true }, after: { locked: false } });
    } else {
      await expect(run).rejects.toMatchObject({ kind: allowed });
      expect((await account(target.id)).lockedAt).not.toBeNull();
    }
  });

  it("sets a typed password: hashed, sessions ended, the user emailed", async () => {
    const target = await locked();
    const next = "amber-lantern-over-77-dunes";
    expect(await as(a.actors.admin.id, a.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: target.id, newPassword: next }))).toEqual({});
    const row = await account(target.id);
    expect(row).toMatchObject({ lockedAt: null, failedSignInCount: 0, sessionVersion: 1 });
    expect(await verifyPassword(row.passwordHash!, next)).toBe(true);
    const mails = await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, target.email));
    expect(mails.map((m) => m.template)).toEqual(["password-changed"]);
    expect(JSON.stringify(await events(target.id))).not.toContain(next);
  });

  it("generates a password that passes the policy, returned once", async () => {
    const target = await locked();
    const { generatedPassword } = await as(a.actors.admin.id, a.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: target.id, newPassword: "generate" }));
    expect(checkPasswordPolicy(generatedPassword!, target)).toEqual([]);
    expect(await verifyPassword((await account(target.id)).passwordHash!, generatedPassword!)).toBe(true);
  });

  it("refuses a weak password and changes nothing", async () => {
    const target = await locked();
    const err = await as(a.actors.admin.id, a.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: target.id, newPassword: "qwerty123456" })).catch((e) => e);
    expect((err as DomainError).fieldErrors).toHaveProperty("newPassword");
    expect(await account(target.id)).toMatchObject({ failedSignInCount: 10, sessionVersion: 0 });
    expect((await account(target.id)).lockedAt).not.toBeNull();
  });

  it("never lets a super-user unlock an admin of their workspace, with or without a password", async () => {
    const target = await a.member(a.w1.id, { account: { lockedAt: new Date() }, membership: { isAdmin: true } });
    const su = a.actors.superUserHere.id;
    for (const newPassword of ["generate", undefined]) {
      await expect(as(su, a.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: target.id, newPassword }))).rejects.toMatchObject({ kind: "forbidden" });
    }
    expect((await account(target.id)).lockedAt).not.toBeNull();
  });

  it("unlocks only from the account's home clientspace: the lock opens every clientspace (SPEC section 2)", async () => {
    const person = await b.member(b.w1.id, { account: { lockedAt: new Date(), failedSignInCount: 10 } });
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: a.cs, accountId: person.id, origin: "invited", joinedAt: new Date() });
    for (const newPassword of ["generate", undefined]) {
      const err = await as(a.actors.admin.id, a.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: person.id, newPassword })).catch((e) => e);
      expect(err).toMatchObject({ kind: "forbidden", message: expect.stringMatching(/managed by their home organisation/) });
    }
    expect(await account(person.id)).toMatchObject({ lockedAt: expect.any(Date), failedSignInCount: 10, passwordHash: person.passwordHash });
    expect(await as(b.actors.admin.id, b.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: person.id }))).toEqual({});
    expect((await account(person.id)).lockedAt).toBeNull();
  });

  it("refuses an account that is not locked", async () => {
    const target = await a.member(a.w1.id);
    await expect(as(a.actors.admin.id, a.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: target.id }))).rejects.toMatchObject({ kind: "conflict" });
  });

  it("answers a user of another clientspace as not existing", async () => {
    const other = await b.member(b.w1.id, { account: { lockedAt: new Date() } });
    await expect(as(a.actors.admin.id, a.cs, (ctx, actor) => unlockUser(ctx, actor, { userId: other.id }))).rejects.toMatchObject({ kind: "not_found" });
    expect((await account(other.id)).lockedAt).not.toBeNull();
  });
});

