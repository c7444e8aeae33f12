import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import type { DatabaseHandle } from "@/db/open";
import { accountSessions } from "@/db/schema";
import { authSecret } from "@/lib/auth/secret";
import { startSession } from "@/lib/auth/sessions";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));

const { POST } = await import("./route");

let h: DatabaseHandle;
let csId: string;
beforeAll(async () => {
  process.env.NEXTAUTH_SECRET ??= "test-secret-for-session-ended";
  h = await createTestDatabase();
  state.db = h.db;
  csId = (await makeClientspace(h.db)).clientspace.id;
});
afterAll(async () => h?.close());

async function signedInCookie() {
  const user = await makeUser(h.db, csId);
  const sid = await startSession(h.db, { accountId: user.id, clientspaceId: csId });
  const token = await encode({ token: { sub: user.id, sessionVersion: 0, sid }, secret: authSecret() });
  return { sid, cookie: `next-auth.session-token=${token}; roster_clientspace=${user.id}.${csId}` };
}

function post(headers: Record<string, string>, reason = "disabled") {
  const body = new URLSearchParams({ reason });
  return POST(new NextRequest("http://localhost:3000/session-ended/sign-in-again", { method: "POST", body, headers: { host: "localhost:3000", "content-type": "application/x-www-form-urlencoded", ...headers } }));
}

const deleted = (res: Response) => res.headers.getSetCookie().filter((c) => /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)).map((c) => c.split("=")[0]);
const revokedReason = async (sid: string) => (await h.db.select().from(accountSessions).where(eq(accountSessions.id, sid)))[0].revokedReason;

describe("POST /session-ended/sign-in-again", () => {
  it("from our own page: clears the session cookies, ends a row still live and goes to sign-in with the reason", async () => {
    const { sid, cookie } = await signedInCookie();
    const res = await post({ origin: "http://localhost:3000", cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in?reason=disabled");
    expect(deleted(res)).toEqual(expect.arrayContaining(["next-auth.session-token", "roster_clientspace"]));
    expect(await revokedReason(sid)).toBe("signed_out");
  });

  it.each([
    ["another site's origin", { origin: "https://evil.example" }],
    ["an opaque origin", { origin: "null" }],
    ["no origin and no browser vouching", {}],
    ["a cross-site fetch", { "sec-fetch-site": "cross-site" }],
  ])("refuses %s with 403, clearing nothing and ending nothing", async (_label, headers: Record<string, string>) => {
    const { sid, cookie } = await signedInCookie();
    const res = await post({ ...headers, cookie });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("This request came from another site and was refused.");
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await revokedReason(sid)).toBeNull();
  });

  it("keeps the clientspace memory for other reasons, and takes an unknown reason as 'ended'", async () => {
    const { cookie } = await signedInCookie();
    const res = await post({ "sec-fetch-site": "same-origin", cookie }, "<script>");
    expect(res.headers.get("location")).toBe("/sign-in?reason=ended");
    expect(deleted(res)).not.toContain("roster_clientspace");
  });
});
