import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/open";
import { queueEmail } from "@/lib/email";
import { createTestDatabase } from "@/tests/support/db";
import { makeRightsWorld } from "@/tests/support/rights-world";
import { sessionOf } from "@/tests/support/session";

// The route's Next.js edges (the session cookie, the process database) are replaced by a test
// database and a chosen session; the check and the scoped read run for real.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));

const { GET } = await import("./route");

let h: DatabaseHandle;
let acme: Awaited<ReturnType<typeof makeRightsWorld>>;
let globex: Awaited<ReturnType<typeof makeRightsWorld>>;
let acmeEmail: number;

beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  acme = await makeRightsWorld(h.db);
  globex = await makeRightsWorld(h.db);
  acmeEmail = await queueEmail(h.db, {
    clientspaceId: acme.csId,
    to: "someone@example.test",
    template: "password-reset",
    props: { resetUrl: "/reset-password?token=live-acme-token" },
  });
});
afterAll(async () => h?.close());
beforeEach(() => {
  state.session = null;
});

const open = (id: number | string) => GET(new Request(`http://roster.test/dev/mailbox/${id}/html`), { params: Promise.resolve({ id: String(id) }) });

describe("GET /dev/mailbox/[id]/html", () => {
  it("shows an admin their clientspace's email, sandboxed: no script, framed only by the app", async () => {
    state.session = await sessionOf(h.db, acme.actors.admin.accountId, acme.csId);
    const res = await open(acmeEmail);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("live-acme-token");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toMatch(/sandbox [^;]*allow-top-navigation-by-user-activation/);
    expect(csp).not.toContain("allow-scripts");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it.each([
    ["anonymous", () => null],
    ["an auditor", () => sessionOf(h.db, acme.actors.auditor.accountId, acme.csId)],
    ["a workspace super-user", () => sessionOf(h.db, acme.actors.superUser.accountId, acme.csId)],
    ["a member", () => sessionOf(h.db, acme.actors.member.accountId, acme.csId)],
    ["an admin of another clientspace", () => sessionOf(h.db, globex.actors.admin.accountId, globex.csId)],
  ])("answers 404 to %s, without the email", async (_who, session) => {
    state.session = await session();
    const res = await open(acmeEmail);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("live-acme-token");
  });

  it("answers 404 for an id that is not a number", async () => {
    state.session = await sessionOf(h.db, acme.actors.admin.accountId, acme.csId);
    expect((await open("1;select")).status).toBe(404);
  });
});
