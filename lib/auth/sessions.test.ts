import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountSessions } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { endAccountSessions, endClientspaceSessions } from "./sessions";

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
