import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/open";
import { eq } from "drizzle-orm";
import { accountSessions, clientspaceMemberships } from "@/db/schema";
import { startSession } from "@/lib/auth/sessions";
import { chosenClientspace, CLIENTSPACE_COOKIE } from "@/lib/auth/clientspace-choice";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { sessionOf } from "@/tests/support/session";

// The action's Next.js edges (the session, the process database, the cookie jar, the redirect)
// are replaced by a test database, a real session of the test account, a map and a spy.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown, jar: new Map<string, string>(), redirects: [] as string[] }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ set: (name: string, value: string) => state.jar.set(name, value), get: (name: string) => ({ value: state.jar.get(name) }) }),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    state.redirects.push(to);
    throw new Error("NEXT_REDIRECT");
  },
}));

const { switchClientspaceAction } = await import("./clientspace-actions");

let h: DatabaseHandle;
let home: { id: string; name: string };
let second: { id: string; name: string };
let disabledIn: string;
let invitedTo: string;
let stranger: string;
let accountId: string;

beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => makeClientspace(h.db)));
  home = a.clientspace;
  second = b.clientspace;
  disabledIn = c.clientspace.id;
  invitedTo = d.clientspace.id;
  stranger = e.clientspace.id;
  accountId = (await makeUser(h.db, home.id, { membership: { isAdmin: true } })).id;
  await h.db.insert(clientspaceMemberships).values([
    { clientspaceId: second.id, accountId, joinedAt: new Date() },
    { clientspaceId: disabledIn, accountId, joinedAt: new Date(), disabled: true },
    { clientspaceId: invitedTo, accountId, invitedAt: new Date(), invitationExpiresAt: new Date(Date.now() + 86_400_000) },
  ]);
});
afterAll(async () => h?.close());
beforeEach(async () => {
  state.session = await sessionOf(h.db, accountId, home.id);
  state.jar.clear();
  state.redirects = [];
});

const call = (clientspaceId: string) => switchClientspaceAction(null, { clientspaceId }).catch((err: Error) => err.message);

describe("switching clientspace", () => {
  it("offers exactly the clientspaces where the account is a member, neither disabled nor still invited", async () => {
    const check = await sessionOf(h.db, accountId, home.id);
    expect(check.ok && check.user.clientspaces.map((c) => c.id).sort()).toEqual([home.id, second.id].sort());
  });

  it("remembers the chosen one for this account and goes home there", async () => {
    expect(await call(second.id)).toBe("NEXT_REDIRECT");
    expect(state.redirects).toEqual(["/"]);
    expect(state.jar.get(CLIENTSPACE_COOKIE)).toBe(`${accountId}.${second.id}`);
    expect(chosenClientspace(state.jar.get(CLIENTSPACE_COOKIE), accountId)).toBe(second.id);
  });

  it("moves this browser's session row to the chosen clientspace, and no other session", async () => {
    const thisOne = await startSession(h.db, { accountId, clientspaceId: home.id });
    const elsewhere = await startSession(h.db, { accountId, clientspaceId: home.id });
    const check = await sessionOf(h.db, accountId, home.id);
    state.session = check.ok ? { ...check, user: { ...check.user, sessionId: thisOne } } : check;
    expect(await call(second.id)).toBe("NEXT_REDIRECT");
    const rows = await h.db.select().from(accountSessions).where(eq(accountSessions.accountId, accountId));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.clientspaceId]))).toEqual({ [thisOne]: second.id, [elsewhere]: home.id });
  });

  it.each([
    ["one where the account is disabled", () => disabledIn],
    ["one it is only invited to", () => invitedTo],
    ["one it has no place in", () => stranger],
  ])("refuses %s as not found, and remembers nothing", async (_label, target) => {
    expect(await call(target())).toMatchObject({ ok: false, kind: "not_found", message: "This clientspace does not exist or you have no access to it." });
    expect(state.jar.size).toBe(0);
    expect(state.redirects).toEqual([]);
  });

  it("refuses a malformed id with a field error, and a signed-out visitor", async () => {
    expect(await call("not-an-id")).toMatchObject({ ok: false, fieldErrors: { clientspaceId: expect.any(Array) } });
    state.session = null;
    expect(await call(second.id)).toMatchObject({ ok: false, message: "Your session has ended. Sign in again." });
    expect(state.jar.size).toBe(0);
  });
});

describe("chosenClientspace", () => {
  it("reads the clientspace only for the account that chose it", () => {
    const value = `${accountId}.${second.id}`;
    expect(chosenClientspace(value, accountId)).toBe(second.id);
    expect(chosenClientspace(value, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(chosenClientspace(undefined, accountId)).toBeNull();
    expect(chosenClientspace(`${accountId}.not-a-uuid`, accountId)).toBeNull();
    expect(chosenClientspace(`${value}.extra`, accountId)).toBeNull();
  });
});
