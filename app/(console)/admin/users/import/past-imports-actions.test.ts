import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, type ImportJob } from "@/db/schema";
import { DELETE_CHUNK_ROWS } from "@/lib/import/abandoned";
import { createTestDatabase } from "@/tests/support/db";
import { makeImportWorld, type ImportWorld } from "@/tests/support/import-world";
import { sessionOf } from "@/tests/support/session";
import { jobState, rowCount, storeJob } from "@/tests/support/stored-jobs";

// The action's Next.js edges (the session, the process database, the page cache) replaced by a
// test database, a chosen session and a spy; the action, lib/import and the audit run for real.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { revalidatePath } = await import("next/cache");
const { discardImportsAction: discard } = await import("./past-imports-actions");

type Door = "admin" | "auditor" | "superUser" | "otherSuperUser" | "member" | "otherAdmin" | "none";

let h: DatabaseHandle;
let w: ImportWorld;
let other: ImportWorld;
beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  w = await makeImportWorld(h.db);
  other = await makeImportWorld(h.db);
});
afterAll(async () => h?.close());
beforeEach(() => {
  state.session = null;
  vi.mocked(revalidatePath).mockClear();
});

const accountOf = (door: Exclude<Door, "none">) => (door === "otherAdmin" ? other.actors.admin.accountId : w.actors[door].accountId);
async function signInAs(door: Door) {
  state.session = door === "none" ? null : await sessionOf(h.db, accountOf(door), door === "otherAdmin" ? other.csId : w.csId);
}

/** A job of this clientspace uploaded by `by` (the admin unless said), a few minutes ago. */
const job = (status: ImportJob["status"] = "previewed", options: { by?: "admin" | "superUser"; rows?: number; fileName?: string } = {}) =>
  storeJob(h.db, { clientspaceId: w.csId, createdBy: w.actors[options.by ?? "admin"].accountId, status, ageHours: 0.1, rows: options.rows, fileName: options.fileName });

const discardEvents = (ids: string[]) =>
  h.db.select().from(auditEvents).where(and(eq(auditEvents.action, "users.import_discarded"), inArray(auditEvents.targetId, ids)));

const NOT_FOUND_ONE = "Nothing was discarded. 1 import was not found: reload the page to see the current list.";
const FORBIDDEN = { ok: false, message: "You may not import users.", kind: "forbidden" };

describe("discard selected previews", () => {
  it("as admin: every chosen preview goes with its rows (a large one in chunks), each audited", async () => {
    const ids = [
      await job("previewed", { fileName: "a.csv" }),
      await job("uploaded", { fileName: "b.csv" }),
      await job("previewed", { by: "superUser", fileName: "c.csv", rows: DELETE_CHUNK_ROWS * 2 + 17 }),
    ];
    await signInAs("admin");
    expect(await discard(null, { jobIds: ids })).toEqual({ ok: true, message: "3 previews discarded.", data: { discarded: 3, kept: 0, absent: 0, unfinished: 0 } });
    for (const id of ids) {
      expect(await jobState(h.db, id)).toBeNull();
      expect(await rowCount(h.db, id)).toBe(0);
    }
    const events = await discardEvents(ids);
    expect(events.map((e) => [e.targetLabel, e.clientspaceId, e.actorAccountId, e.source]).sort()).toEqual([
      ["a.csv", w.csId, w.actors.admin.accountId, "ui"],
      ["b.csv", w.csId, w.actors.admin.accountId, "ui"],
      ["c.csv", w.csId, w.actors.admin.accountId, "ui"],
    ]);
    expect(events.find((e) => e.targetLabel === "c.csv")?.before).toEqual({ status: "previewed", rowsTotal: DELETE_CHUNK_ROWS * 2 + 17 });
    expect(revalidatePath).toHaveBeenCalledWith("/admin/users/import");
  });

  it("a started import is kept and said so; the previews beside it go", async () => {
    const preview = await job();
    const running = await job("running");
    const completed = await job("completed");
    await signInAs("admin");
    expect(await discard(null, { jobIds: [preview, running, completed] })).toMatchObject({
      ok: true,
      message: "1 preview discarded. 2 imports had already started and were kept.",
    });
    expect(await jobState(h.db, preview)).toBeNull();
    expect(await jobState(h.db, running)).toEqual({ status: "running", rows: 3 });
    expect(await jobState(h.db, completed)).toEqual({ status: "completed", rows: 3 });
    expect(await discardEvents([running, completed])).toEqual([]);
  });

  it("only a started one chosen: refused with the reason, nothing changes", async () => {
    const running = await job("running");
    await signInAs("admin");
    expect(await discard(null, { jobIds: [running] })).toEqual({ ok: false, message: "Nothing was discarded. 1 import had already started and was kept." });
    expect(await jobState(h.db, running)).toEqual({ status: "running", rows: 3 });
  });

  it("as super-user: their own previews only; an admin's answers as not found and stays", async () => {
    const own = await job("previewed", { by: "superUser" });
    const admins = await job();
    await signInAs("superUser");
    expect(await discard(null, { jobIds: [own, admins] })).toMatchObject({
      ok: true,
      message: "1 preview discarded. 1 import was not found: reload the page to see the current list.",
    });
    expect(await jobState(h.db, own)).toBeNull();
    expect(await jobState(h.db, admins)).toEqual({ status: "previewed", rows: 3 });
  });

  it("another super-user cannot discard a super-user's preview", async () => {
    const theirs = await job("previewed", { by: "superUser" });
    await signInAs("otherSuperUser");
    expect(await discard(null, { jobIds: [theirs] })).toEqual({ ok: false, message: NOT_FOUND_ONE });
    expect(await jobState(h.db, theirs)).toEqual({ status: "previewed", rows: 3 });
    expect(await discardEvents([theirs])).toEqual([]);
  });

  it("another clientspace's admin cannot discard, and learns nothing of the job", async () => {
    const id = await job();
    await signInAs("otherAdmin");
    expect(await discard(null, { jobIds: [id] })).toEqual({ ok: false, message: NOT_FOUND_ONE });
    expect(await jobState(h.db, id)).toEqual({ status: "previewed", rows: 3 });
  });

  it.each(["member", "auditor"] as const)("as %s: refused, nothing changes", async (door) => {
    const id = await job();
    await signInAs(door);
    expect(await discard(null, { jobIds: [id] })).toEqual(FORBIDDEN);
    expect(await jobState(h.db, id)).toEqual({ status: "previewed", rows: 3 });
    expect(await discardEvents([id])).toEqual([]);
  });

  it("signed out: the session has ended, nothing changes", async () => {
    const id = await job();
    await signInAs("none");
    expect(await discard(null, { jobIds: [id] })).toEqual({ ok: false, message: "Your session has ended. Sign in again." });
    expect(await jobState(h.db, id)).toEqual({ status: "previewed", rows: 3 });
  });

  it("bad selections are refused with what to do, and change nothing", async () => {
    const id = await job();
    await signInAs("admin");
    expect(await discard(null, { jobIds: [] })).toMatchObject({ ok: false, message: "Select at least one import to discard." });
    const many = Array.from({ length: 101 }, () => id);
    expect(await discard(null, { jobIds: many })).toMatchObject({ ok: false, message: "Select at most 100 imports at once." });
    expect(await discard(null, { jobIds: ["not-an-id"] })).toMatchObject({
      ok: false,
      message: "These imports cannot be discarded from this page. Reload it and select them again.",
    });
    expect(await jobState(h.db, id)).toEqual({ status: "previewed", rows: 3 });
  });

  it("the same id twice counts once", async () => {
    const id = await job();
    await signInAs("admin");
    expect(await discard(null, { jobIds: [id, id] })).toMatchObject({ ok: true, message: "1 preview discarded." });
    expect(await discardEvents([id])).toHaveLength(1);
  });
});
