import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaceMemberships } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { makeRightsWorld } from "@/tests/support/rights-world";
import { sessionOf } from "@/tests/support/session";

// The action's Next.js edges (the session cookie, the process database, the page cache) are
// replaced by a test database, a chosen session and a spy. A batch holds one user here, and
// disableUser can fail like an outage on its n-th call, so that a run stops between batches.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown, calls: 0, crashOnCall: 0 }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/users/bulk-schema", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/users/bulk-schema")>()), BULK_BATCH_SIZE: 1 }));
vi.mock("@/lib/users/status", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/users/status")>();
  return {
    ...real,
    disableUser: async (...args: Parameters<typeof real.disableUser>) => {
      if (++state.calls === state.crashOnCall) throw new Error("connection reset by peer");
      return real.disableUser(...args);
    },
  };
});

const { revalidatePath } = await import("next/cache");
const { runBulkUsersAction } = await import("./bulk-actions");

let h: DatabaseHandle;
let w: Awaited<ReturnType<typeof makeRightsWorld>>;
beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  w = await makeRightsWorld(h.db);
});
afterAll(async () => h?.close());
beforeEach(async () => {
  state.session = await sessionOf(h.db, w.actors.admin.accountId, w.csId);
  state.calls = 0;
  state.crashOnCall = 0;
  vi.mocked(revalidatePath).mockClear();
});

/** Three users of Sales, in the order a run takes them (by account id). */
async function three() {
  const users = await Promise.all([0, 1, 2].map(() => makeUser(h.db, w.csId, { superUserOf: { workspaceId: w.sales.id, roleId: w.viewerRole.id } })));
  return users.map((u) => u.id).sort();
}
const disabledOf = async (ids: string[]) => {
  const rows = await h.db
    .select({ id: clientspaceMemberships.accountId, disabled: clientspaceMemberships.disabled })
    .from(clientspaceMemberships)
    .where(and(eq(clientspaceMemberships.clientspaceId, w.csId), inArray(clientspaceMemberships.accountId, ids)));
  return ids.map((id) => rows.find((r) => r.id === id)?.disabled);
};
const eventsOf = (ids: string[]) => h.db.select().from(auditEvents).where(inArray(auditEvents.targetId, ids));
const disable = (ids: string[]) => runBulkUsersAction(null, { action: "disable", selection: { mode: "ids", ids } });

describe("runBulkUsersAction", () => {
  it("disables the selection batch by batch and says how many", async () => {
    const ids = await three();
    const result = await disable(ids);
    expect(result).toMatchObject({ ok: true, message: "Disabled: 3 users.", data: { done: 3, skipped: 0 } });
    expect(await disabledOf(ids)).toEqual([true, true, true]);
    expect(revalidatePath).toHaveBeenCalledWith("/admin/users");
  });

  it("a failure after the first batch: its user stays disabled and the message says so", async () => {
    const ids = await three();
    state.crashOnCall = 2;
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await disable(ids);
    spy.mockRestore();
    expect(result).toEqual({
      ok: false,
      message: "Something went wrong after 1 users were done: their changes are saved, the others were not changed. Run it again to finish.",
    });
    expect(await disabledOf(ids)).toEqual([true, false, false]);
    expect((await eventsOf(ids)).map((e) => e.targetId)).toEqual([ids[0]]);
    expect(revalidatePath).toHaveBeenCalledWith("/admin/users");
  });

  it("a failure in the first batch: nothing was changed, and the message says that", async () => {
    const ids = await three();
    state.crashOnCall = 1;
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await disable(ids);
    spy.mockRestore();
    expect(result).toEqual({ ok: false, message: "Something went wrong and nothing was changed. Try again in a moment." });
    expect(await disabledOf(ids)).toEqual([false, false, false]);
    expect(await eventsOf(ids)).toHaveLength(0);
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("bad input: the page's own message when it says what to do, else reload; nothing changed", async () => {
    const ids = await three();
    const noWorkspace = await runBulkUsersAction(null, { action: "removeFromWorkspace", selection: { mode: "ids", ids }, workspaceId: "" });
    expect(noWorkspace).toEqual({ ok: false, message: "Choose a workspace.", fieldErrors: { workspaceId: ["Choose a workspace."] } });
    const stale = await runBulkUsersAction(null, { action: "disable", selection: { mode: "ids", ids: ["not-a-uuid"] } });
    expect(stale).toMatchObject({ ok: false, message: "This selection cannot be acted on. Reload the page and select again.", fieldErrors: { selection: [expect.any(String)] } });
    expect(await disabledOf(ids)).toEqual([false, false, false]);
    expect(await eventsOf(ids)).toHaveLength(0);
  });

  it("refuses a member and a missing session, and changes nothing", async () => {
    const ids = await three();
    state.session = await sessionOf(h.db, w.actors.member.accountId, w.csId);
    expect(await disable(ids)).toMatchObject({ ok: false, message: "You may not disable users.", kind: "forbidden" });
    state.session = null;
    expect(await disable(ids)).toEqual({ ok: false, message: "Your session has ended. Sign in again." });
    expect(await disabledOf(ids)).toEqual([false, false, false]);
    expect(await eventsOf(ids)).toHaveLength(0);
  });
});
