import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountSessions, auditEvents, clientspaceMemberships } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser, TEST_PASSWORD } from "@/tests/support/factories";
import { authenticate, SIGN_IN_MESSAGES } from "./sign-in";
import { checkSession } from "./session-check";
import { startSession } from "./sessions";

let h: DatabaseHandle;
let csId: string;
beforeAll(async () => {
  h = await createTestDatabase();
  csId = (await makeClientspace(h.db)).clientspace.id;
});
afterAll(async () => h?.close());

describe("authenticate", () => {
  it("signs in by email in any case or by username, and records the connection", async () => {
    const user = await makeUser(h.db, csId, { account: { email: "Ada.Lovelace@Example.test", username: "ada.lovelace" } });
    expect(await authenticate(h.db, "ada.lovelace@example.TEST", TEST_PASSWORD)).toMatchObject({ ok: true, accountId: user.id });
    expect(await authenticate(h.db, "Ada.Lovelace", TEST_PASSWORD)).toMatchObject({ ok: true });
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, user.id));
    expect(row.firstConnectionAt).not.toBeNull();
    expect(row.lastConnectionAt).not.toBeNull();
    expect(row.failedSignInCount).toBe(0);
    const [m] = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, user.id));
    expect(m.lastConnectionAt).not.toBeNull();
  });

  it("answers an unknown account and a wrong password alike", async () => {
    const user = await makeUser(h.db, csId);
    const unknown = await authenticate(h.db, "nobody@example.test", TEST_PASSWORD);
    const wrong = await authenticate(h.db, user.email, "not-the-password");
    expect(unknown).toEqual({ ok: false, code: "invalid" });
    expect(wrong).toEqual({ ok: false, code: "invalid" });
    expect(SIGN_IN_MESSAGES.invalid).not.toMatch(/exist|unknown/i);
  });

  it("locks the account at the 10th wrong password in a row, ends its sessions and audits it", async () => {
    const user = await makeUser(h.db, csId);
    const sessionId = await startSession(h.db, { accountId: user.id, clientspaceId: csId });
    for (let i = 1; i <= 9; i++) expect(await authenticate(h.db, user.email, `wrong-${i}`)).toEqual({ ok: false, code: "invalid" });
    // The attempt that locks, and every wrong one after, answer as for an unknown account.
    expect(await authenticate(h.db, user.email, "wrong-10")).toEqual({ ok: false, code: "invalid" });
    expect(await authenticate(h.db, user.email, "wrong-11")).toEqual(await authenticate(h.db, "nobody@example.test", "wrong-11"));
    expect(await authenticate(h.db, user.email, TEST_PASSWORD)).toEqual({ ok: false, code: "locked" });
    const [session] = await h.db.select().from(accountSessions).where(eq(accountSessions.id, sessionId));
    expect(session.revokedReason).toBe("locked");
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, user.id));
    expect(row.lockedAt).not.toBeNull();
    expect(row.failedSignInCount).toBe(10);
    expect(row.sessionVersion).toBe(1);
    const events = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.locked")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientspaceId: csId, source: "system" });
  });

  it("resets the failure count after a successful sign-in", async () => {
    const user = await makeUser(h.db, csId);
    for (let i = 0; i < 9; i++) await authenticate(h.db, user.email, "wrong");
    expect(await authenticate(h.db, user.email, TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await authenticate(h.db, user.email, "wrong")).toEqual({ ok: false, code: "invalid" });
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, user.id));
    expect(row.failedSignInCount).toBe(1);
    expect(row.lockedAt).toBeNull();
  });

  it("follows the clientspace's lockout threshold", async () => {
    const { clientspace } = await makeClientspace(h.db, { lockoutThreshold: 3 });
    const user = await makeUser(h.db, clientspace.id);
    await authenticate(h.db, user.email, "wrong");
    await authenticate(h.db, user.email, "wrong");
    expect(await authenticate(h.db, user.email, "wrong")).toEqual({ ok: false, code: "invalid" });
    expect(await authenticate(h.db, user.email, TEST_PASSWORD)).toEqual({ ok: false, code: "locked" });
  });

  it("takes no rule from, and tells nothing to, a clientspace whose invitation is still pending", async () => {
    const user = await makeUser(h.db, csId);
    // Another tenant invites them, with a threshold of 1 and no lock expiry: not accepted, it has no say.
    const { clientspace: inviter } = await makeClientspace(h.db, { lockoutThreshold: 1 });
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: inviter.id, accountId: user.id, origin: "created", invitedAt: new Date() });
    expect(await authenticate(h.db, user.email, "wrong")).toEqual({ ok: false, code: "invalid" });
    expect((await h.db.select().from(accounts).where(eq(accounts.id, user.id)))[0]).toMatchObject({ lockedAt: null, failedSignInCount: 1 });
    for (let i = 0; i < 9; i++) await authenticate(h.db, user.email, "wrong");
    expect((await h.db.select().from(accounts).where(eq(accounts.id, user.id)))[0].lockedAt).not.toBeNull();
    const locks = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.locked")));
    expect(locks.map((e) => e.clientspaceId)).toEqual([csId]);
  });

  describe("a temporary lock (clientspaces.lockout_minutes)", () => {
    /** Locks the account as if `minutesAgo` had passed since. */
    async function lockedSince(clientspaceIds: string[], minutesAgo: number) {
      const user = await makeUser(h.db, clientspaceIds[0], { account: { lockedAt: new Date(Date.now() - minutesAgo * 60_000), failedSignInCount: 10 } });
      for (const id of clientspaceIds.slice(1)) await h.db.insert(clientspaceMemberships).values({ clientspaceId: id, accountId: user.id, joinedAt: new Date() });
      return user;
    }

    it("stays locked until an admin unlocks by default (no minutes set)", async () => {
      const user = await lockedSince([csId], 60 * 24 * 365);
      expect(await authenticate(h.db, user.email, TEST_PASSWORD)).toEqual({ ok: false, code: "locked" });
    });

    it("lifts by itself after the minutes, audited, and the failures count afresh", async () => {
      const { clientspace } = await makeClientspace(h.db, { lockoutMinutes: 15 });
      const early = await lockedSince([clientspace.id], 14);
      expect(await authenticate(h.db, early.email, TEST_PASSWORD)).toEqual({ ok: false, code: "locked" });
      const late = await lockedSince([clientspace.id], 16);
      expect(await authenticate(h.db, late.email, "wrong")).toEqual({ ok: false, code: "invalid" });
      const [row] = await h.db.select().from(accounts).where(eq(accounts.id, late.id));
      expect(row).toMatchObject({ lockedAt: null, failedSignInCount: 1 });
      expect(await authenticate(h.db, late.email, TEST_PASSWORD)).toMatchObject({ ok: true });
      const events = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, late.id), eq(auditEvents.action, "user.unlocked")));
      expect(events).toHaveLength(1);
    });

    it("is permanent if any clientspace of the account says so, else the longest applies", async () => {
      const short = (await makeClientspace(h.db, { lockoutMinutes: 5 })).clientspace.id;
      const long = (await makeClientspace(h.db, { lockoutMinutes: 60 })).clientspace.id;
      const mixed = await lockedSince([short, csId], 120);
      expect(await authenticate(h.db, mixed.email, TEST_PASSWORD)).toEqual({ ok: false, code: "locked" });
      const both = await lockedSince([short, long], 30);
      expect(await authenticate(h.db, both.email, TEST_PASSWORD)).toEqual({ ok: false, code: "locked" });
      const after = await lockedSince([short, long], 61);
      expect(await authenticate(h.db, after.email, TEST_PASSWORD)).toMatchObject({ ok: true });
    });
  });

  it("refuses a disabled user with the right password, and an invited user who has not set one", async () => {
    const disabled = await makeUser(h.db, csId, { membership: { disabled: true } });
    expect(await authenticate(h.db, disabled.email, TEST_PASSWORD)).toEqual({ ok: false, code: "disabled" });
    const invited = await makeUser(h.db, csId, {
      account: { passwordHash: null },
      membership: { invitedAt: new Date(), joinedAt: null },
    });
    expect(await authenticate(h.db, invited.email, "")).toEqual({ ok: false, code: "invalid" });
  });
});

describe("checkSession", () => {
  it("accepts a session whose version matches and ends it when the account is disabled, locked or its password changes", async () => {
    const user = await makeUser(h.db, csId, { membership: { isAdmin: true } });
    const token = { accountId: user.id, sessionVersion: 0 };
    const ok = await checkSession(h.db, token);
    expect(ok).toMatchObject({ ok: true, user: { accountId: user.id, clientspaceId: csId, isAdmin: true } });

    await h.db.update(clientspaceMemberships).set({ disabled: true }).where(eq(clientspaceMemberships.accountId, user.id));
    expect(await checkSession(h.db, token)).toEqual({ ok: false, reason: "disabled" });
    await h.db.update(clientspaceMemberships).set({ disabled: false }).where(eq(clientspaceMemberships.accountId, user.id));

    await h.db.update(accounts).set({ sessionVersion: 1 }).where(eq(accounts.id, user.id));
    expect(await checkSession(h.db, token)).toEqual({ ok: false, reason: "ended" });
    expect(await checkSession(h.db, { ...token, sessionVersion: 1 })).toMatchObject({ ok: true });

    await h.db.update(accounts).set({ lockedAt: new Date() }).where(eq(accounts.id, user.id));
    expect(await checkSession(h.db, { ...token, sessionVersion: 1 })).toEqual({ ok: false, reason: "locked" });
  });

  it("opens the clientspace joined last when none is chosen, and the chosen one otherwise", async () => {
    const earlier = (await makeClientspace(h.db, { name: "Aaa earlier" })).clientspace;
    const later = (await makeClientspace(h.db, { name: "Zzz later" })).clientspace;
    const user = await makeUser(h.db, earlier.id, { membership: { joinedAt: new Date("2026-01-01T00:00:00Z") } });
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: later.id, accountId: user.id, joinedAt: new Date("2026-06-01T00:00:00Z") });
    const token = { accountId: user.id, sessionVersion: 0 };
    expect(await checkSession(h.db, token)).toMatchObject({ ok: true, user: { clientspaceId: later.id, clientspaces: [{ id: earlier.id }, { id: later.id }] } });
    expect(await checkSession(h.db, token, earlier.id)).toMatchObject({ ok: true, user: { clientspaceId: earlier.id } });
  });

  it("does not open another clientspace than the one chosen, nor a deleted account", async () => {
    const user = await makeUser(h.db, csId);
    expect(await checkSession(h.db, { accountId: user.id, sessionVersion: 0 }, "00000000-0000-4000-8000-000000000000")).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await checkSession(h.db, { accountId: "00000000-0000-4000-8000-000000000001", sessionVersion: 0 })).toEqual({
      ok: false,
      reason: "gone",
    });
  });
});
