import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountSessions, auditEvents, clientspaceMemberships } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { runWrite } from "@/lib/write";
import { DomainError } from "@/lib/errors";
import { endOtherOwnSessions, endOwnSession, type SessionOwner } from "./own-sessions";
import { checkSessionToken } from "./session-check";
import { endAccountSessions, endClientspaceSessions, moveSession, revokeSession, startSession } from "./sessions";

let h: DatabaseHandle;
let csA: string;
let csB: string;
beforeAll(async () => {
  h = await createTestDatabase();
  csA = (await makeClientspace(h.db)).clientspace.id;
  csB = (await makeClientspace(h.db)).clientspace.id;
});
afterAll(async () => h?.close());

async function openSession(accountId: string, clientspaceId: string) {
  const [row] = await h.db
    .insert(accountSessions)
    .values({ accountId, clientspaceId, expiresAt: new Date(Date.now() + 3600_000) })
    .returning({ id: accountSessions.id });
  return row.id;
}

async function stateOf(accountId: string) {
  const rows = await h.db.select().from(accountSessions).where(eq(accountSessions.accountId, accountId));
  const [account] = await h.db.select({ v: accounts.sessionVersion }).from(accounts).where(eq(accounts.id, accountId));
  return { version: account.v, byId: new Map(rows.map((r) => [r.id, r])) };
}

describe("endAccountSessions", () => {
  it("revokes every session of the account in every clientspace and bumps the version, keeping the one asked", async () => {
    const user = await makeUser(h.db, csA);
    const other = await makeUser(h.db, csA);
    const [s1, s2, keep, theirs] = [await openSession(user.id, csA), await openSession(user.id, csB), await openSession(user.id, csA), await openSession(other.id, csA)];
    await endAccountSessions(h.db, user.id, "password_changed", { exceptSessionId: keep });
    const { version, byId } = await stateOf(user.id);
    expect(version).toBe(1);
    expect(byId.get(s1)).toMatchObject({ revokedReason: "password_changed" });
    expect(byId.get(s1)!.revokedAt).not.toBeNull();
    expect(byId.get(s2)).toMatchObject({ revokedReason: "password_changed" });
    expect(byId.get(keep)).toMatchObject({ revokedAt: null, revokedReason: null });
    expect((await stateOf(other.id)).byId.get(theirs)).toMatchObject({ revokedAt: null });
    expect((await stateOf(other.id)).version).toBe(0);
  });

  it("keeps the reason of a session that had already ended", async () => {
    const user = await makeUser(h.db, csA);
    const s = await openSession(user.id, csA);
    await endAccountSessions(h.db, user.id, "signed_out");
    await endAccountSessions(h.db, user.id, "locked");
    const { version, byId } = await stateOf(user.id);
    expect(version).toBe(2);
    expect(byId.get(s)).toMatchObject({ revokedReason: "signed_out" });
  });
});

describe("endClientspaceSessions", () => {
  it("revokes only the sessions working in that clientspace and leaves the version alone", async () => {
    const user = await makeUser(h.db, csA);
    const [inA, inB] = [await openSession(user.id, csA), await openSession(user.id, csB)];
    await endClientspaceSessions(h.db, user.id, csA, "disabled");
    const { version, byId } = await stateOf(user.id);
    expect(version).toBe(0);
    expect(byId.get(inA)).toMatchObject({ revokedReason: "disabled" });
    expect(byId.get(inB)).toMatchObject({ revokedAt: null });
  });
});

describe("checkSessionToken", () => {
  it("accepts a live session and refuses the same token once signed out (a copied cookie is worthless)", async () => {
    const user = await makeUser(h.db, csA);
    const sessionId = await startSession(h.db, { accountId: user.id, clientspaceId: csA, userAgent: "UA", ipAddress: "198.51.100.4" });
    const token = { accountId: user.id, sessionVersion: 0, sessionId };
    expect(await checkSessionToken(h.db, token)).toMatchObject({ ok: true, user: { accountId: user.id, clientspaceId: csA, sessionId } });
    await revokeSession(h.db, user.id, sessionId, "signed_out");
    expect(await checkSessionToken(h.db, token)).toEqual({ ok: false, reason: "ended" });
  });

  it("refuses a token without a session id, with another account's session id, or with an expired one", async () => {
    const user = await makeUser(h.db, csA);
    const other = await makeUser(h.db, csA);
    const theirs = await startSession(h.db, { accountId: other.id, clientspaceId: csA });
    expect(await checkSessionToken(h.db, { accountId: user.id, sessionVersion: 0, sessionId: null })).toEqual({ ok: false, reason: "ended" });
    expect(await checkSessionToken(h.db, { accountId: user.id, sessionVersion: 0, sessionId: theirs })).toEqual({ ok: false, reason: "ended" });
    const mine = await startSession(h.db, { accountId: user.id, clientspaceId: csA });
    await h.db.update(accountSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accountSessions.id, mine));
    expect(await checkSessionToken(h.db, { accountId: user.id, sessionVersion: 0, sessionId: mine })).toEqual({ ok: false, reason: "ended" });
  });

  it("keeps the version check: a bumped version ends a session even with a live row", async () => {
    const user = await makeUser(h.db, csA);
    const sessionId = await startSession(h.db, { accountId: user.id, clientspaceId: csA });
    await h.db.update(accounts).set({ sessionVersion: 1 }).where(eq(accounts.id, user.id));
    expect(await checkSessionToken(h.db, { accountId: user.id, sessionVersion: 0, sessionId })).toEqual({ ok: false, reason: "ended" });
  });

  it("works in the session's own clientspace, and ends the session for good when that clientspace is no longer open", async () => {
    const user = await makeUser(h.db, csA);
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: csB, accountId: user.id, joinedAt: new Date(Date.now() + 1000) });
    const sessionId = await startSession(h.db, { accountId: user.id, clientspaceId: csA });
    const token = { accountId: user.id, sessionVersion: 0, sessionId };
    expect(await checkSessionToken(h.db, token)).toMatchObject({ ok: true, user: { clientspaceId: csA } });
    await moveSession(h.db, user.id, sessionId, csB);
    expect(await checkSessionToken(h.db, token)).toMatchObject({ ok: true, user: { clientspaceId: csB } });
    await h.db.update(clientspaceMemberships).set({ disabled: true }).where(and(eq(clientspaceMemberships.accountId, user.id), eq(clientspaceMemberships.clientspaceId, csB)));
    expect(await checkSessionToken(h.db, token)).toEqual({ ok: false, reason: "disabled" });
    await h.db.update(clientspaceMemberships).set({ disabled: false }).where(eq(clientspaceMemberships.accountId, user.id));
    expect(await checkSessionToken(h.db, token)).toEqual({ ok: false, reason: "disabled" });
    expect((await stateOf(user.id)).byId.get(sessionId)).toMatchObject({ revokedReason: "disabled" });
  });

  it("tells why a session was ended: disabled or removed there, locked, or just ended", async () => {
    const user = await makeUser(h.db, csA);
    const reasons = [["disabled", "disabled"], ["removed", "disabled"], ["locked", "locked"], ["signed_out", "ended"], ["password_changed", "ended"], ["ended_by_user", "ended"]] as const;
    for (const [revoked, told] of reasons) {
      const sessionId = await startSession(h.db, { accountId: user.id, clientspaceId: csA });
      await revokeSession(h.db, user.id, sessionId, revoked);
      expect(await checkSessionToken(h.db, { accountId: user.id, sessionVersion: 0, sessionId })).toEqual({ ok: false, reason: told });
    }
  });

  it("records last seen at most once a minute", async () => {
    const user = await makeUser(h.db, csA);
    const sessionId = await startSession(h.db, { accountId: user.id, clientspaceId: csA });
    const token = { accountId: user.id, sessionVersion: 0, sessionId };
    const started = (await stateOf(user.id)).byId.get(sessionId)!.lastSeenAt;
    await checkSessionToken(h.db, token, new Date(started.getTime() + 30_000));
    expect((await stateOf(user.id)).byId.get(sessionId)!.lastSeenAt).toEqual(started);
    await checkSessionToken(h.db, token, new Date(started.getTime() + 61_000));
    expect((await stateOf(user.id)).byId.get(sessionId)!.lastSeenAt.getTime()).toBeGreaterThan(started.getTime());
  });
});

describe("ending one's own sessions", () => {
  const run = <T>(owner: SessionOwner, fn: Parameters<typeof runWrite<T>>[3]) =>
    runWrite(h.db, { accountId: owner.accountId, label: owner.name, clientspaceId: csA }, "ui", fn);

  it("signs out one session from the list and leaves the others, audited", async () => {
    const user = await makeUser(h.db, csA);
    const [current, phone, laptop] = [await startSession(h.db, { accountId: user.id, clientspaceId: csA }), await startSession(h.db, { accountId: user.id, clientspaceId: csA, userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1" }), await startSession(h.db, { accountId: user.id, clientspaceId: csA })];
    const owner = { accountId: user.id, name: "Ada Lovelace", sessionId: current };
    await run(owner, (ctx) => endOwnSession(ctx, owner, { sessionId: phone }));
    const { byId } = await stateOf(user.id);
    expect(byId.get(phone)).toMatchObject({ revokedReason: "ended_by_user" });
    expect(byId.get(current)).toMatchObject({ revokedAt: null });
    expect(byId.get(laptop)).toMatchObject({ revokedAt: null });
    const [event] = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, user.id), eq(auditEvents.action, "user.session_ended")));
    expect(event.after).toMatchObject({ by: "self", device: "Safari on iOS" });
  });

  it("answers another account's session, an ended one and the current one without touching them", async () => {
    const user = await makeUser(h.db, csA);
    const other = await makeUser(h.db, csA);
    const current = await startSession(h.db, { accountId: user.id, clientspaceId: csA });
    const theirs = await startSession(h.db, { accountId: other.id, clientspaceId: csA });
    const owner = { accountId: user.id, name: "Ada", sessionId: current };
    const err = await run(owner, (ctx) => endOwnSession(ctx, owner, { sessionId: theirs })).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: "not_found", message: "This session does not exist or has already ended." });
    expect((await stateOf(other.id)).byId.get(theirs)).toMatchObject({ revokedAt: null });
    expect(await run(owner, (ctx) => endOwnSession(ctx, owner, { sessionId: current })).catch((e) => e)).toMatchObject({ kind: "invalid" });
    expect((await stateOf(user.id)).byId.get(current)).toMatchObject({ revokedAt: null });
  });

  it("signs out every other session and keeps this one", async () => {
    const user = await makeUser(h.db, csA);
    const other = await makeUser(h.db, csA);
    const current = await startSession(h.db, { accountId: user.id, clientspaceId: csA });
    const others = [await startSession(h.db, { accountId: user.id, clientspaceId: csA }), await startSession(h.db, { accountId: user.id, clientspaceId: csB })];
    const theirs = await startSession(h.db, { accountId: other.id, clientspaceId: csA });
    const owner = { accountId: user.id, name: "Ada", sessionId: current };
    expect(await run(owner, (ctx) => endOtherOwnSessions(ctx, owner))).toBe(2);
    const { byId } = await stateOf(user.id);
    expect(byId.get(current)).toMatchObject({ revokedAt: null });
    for (const id of others) expect(byId.get(id)).toMatchObject({ revokedReason: "ended_by_user" });
    expect((await stateOf(other.id)).byId.get(theirs)).toMatchObject({ revokedAt: null });
    expect(await checkSessionToken(h.db, { accountId: user.id, sessionVersion: 0, sessionId: current })).toMatchObject({ ok: true });
    expect(await checkSessionToken(h.db, { accountId: user.id, sessionVersion: 0, sessionId: others[0] })).toEqual({ ok: false, reason: "ended" });
  });
});
