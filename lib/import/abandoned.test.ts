import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, importJobs, type ImportJob } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeImportWorld, type ImportWorld } from "@/tests/support/import-world";
import { jobState, rowCount, storeJob, type StoredJob } from "@/tests/support/stored-jobs";
import { DELETE_CHUNK_ROWS, startAbandonedImportSweep, stopAbandonedImportSweep, sweepAbandonedImportJobs, sweepInBackground } from "./abandoned";
import { createImportJob, remapImportJob } from "./job";
import { listImportJobs } from "./report";

let h: DatabaseHandle;
let w: ImportWorld;
let other: ImportWorld;
beforeAll(async () => {
  h = await createTestDatabase();
  w = await makeImportWorld(h.db);
  other = await makeImportWorld(h.db);
});
afterAll(async () => h?.close());
afterEach(() => {
  stopAbandonedImportSweep();
  vi.restoreAllMocks();
});

const BIG = DELETE_CHUNK_ROWS * 2 + 1234;
const job = (world: ImportWorld, rest: Omit<StoredJob, "clientspaceId" | "createdBy"> = {}) =>
  storeJob(h.db, { clientspaceId: world.csId, createdBy: world.actors.admin.accountId, ...rest });

/** Everything left from earlier tests goes, so that each test's counts are its own. */
const clean = () => sweepAbandonedImportJobs(h.db);

describe("the sweep of abandoned previews", () => {
  it("removes a preview left 25 hours with all its rows, in any clientspace, and keeps one 23 hours old", async () => {
    await clean();
    const old = await job(w, { ageHours: 25, rows: 40 });
    const oldBig = await job(w, { ageHours: 25, rows: BIG });
    const oldUpload = await job(w, { status: "uploaded", ageHours: 30, rows: 10 });
    const elsewhere = await job(other, { ageHours: 48, rows: 7 });
    const recent = await job(w, { ageHours: 23, rows: 5 });
    const justUploading = await job(w, { status: "uploaded", ageHours: 0, rows: 2 });

    expect(await sweepAbandonedImportJobs(h.db)).toEqual({ jobs: 4, rows: 40 + BIG + 10 + 7 });

    for (const id of [old, oldBig, oldUpload, elsewhere]) {
      expect(await jobState(h.db, id)).toBeNull();
      expect(await rowCount(h.db, id)).toBe(0);
    }
    expect(await jobState(h.db, recent)).toEqual({ status: "previewed", rows: 5 });
    expect(await jobState(h.db, justUploading)).toEqual({ status: "uploaded", rows: 2 });
  });

  it("keeps a preview uploaded days ago but remapped today: its last touch counts, not its upload", async () => {
    await clean();
    const table = { headers: ["Email", "First name", "Last name"], rows: [["nora.remap@example.test", "Nora", "Newman"]] };
    const mapping = { Email: "email", "First name": "firstName", "Last name": "lastName" } as const;
    const { job: created } = await createImportJob(h.db, w.actors.admin, { fileName: "old.csv", format: "csv", table, mapping });
    const untouched = await job(w, { ageHours: 49, rows: 3 });
    await h.db.update(importJobs).set({ createdAt: sql`now() - interval '49 hours'` }).where(eq(importJobs.id, created.id));
    await remapImportJob(h.db, w.actors.admin, created.id, { mapping, options: { strict: true } });

    expect(await sweepAbandonedImportJobs(h.db)).toEqual({ jobs: 1, rows: 3 });
    expect(await jobState(h.db, created.id)).toEqual({ status: "previewed", rows: 1 });
    expect(await jobState(h.db, untouched)).toBeNull();
  });

  it("never touches a run's history, whatever its age", async () => {
    await clean();
    const statuses: ImportJob["status"][] = ["running", "cancelling", "completed", "cancelled", "interrupted", "failed"];
    const ids = await Promise.all(statuses.map((status) => job(w, { status, ageHours: 24 * 30, rows: 4 })));
    expect(await sweepAbandonedImportJobs(h.db)).toEqual({ jobs: 0, rows: 0 });
    expect(await Promise.all(ids.map((id) => jobState(h.db, id)))).toEqual(statuses.map((status) => ({ status, rows: 4 })));
  });

  it("one clientspace only when asked, and writes no audit event", async () => {
    await clean();
    const mine = await job(w, { ageHours: 26 });
    const theirs = await job(other, { ageHours: 26 });
    const [before] = await h.db.select().from(auditEvents).where(eq(auditEvents.action, "users.import_discarded"));
    expect(await sweepAbandonedImportJobs(h.db, { clientspaceId: w.csId })).toEqual({ jobs: 1, rows: 3 });
    expect(await jobState(h.db, mine)).toBeNull();
    expect(await jobState(h.db, theirs)).toEqual({ status: "previewed", rows: 3 });
    expect((await h.db.select().from(auditEvents).where(eq(auditEvents.action, "users.import_discarded")))[0]).toEqual(before);
  });

  it("at server start: sweeps at once, says how many went, and starts only once per process", async () => {
    await clean();
    const old = await job(other, { ageHours: 25, rows: 12 });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const first = startAbandonedImportSweep(h.db);
    expect(startAbandonedImportSweep(h.db)).toBeNull();
    expect(await first).toEqual({ jobs: 1, rows: 12 });
    expect(log).toHaveBeenCalledWith("Abandoned import previews: removed 1 preview (12 rows) left unstarted for over 24 hours.");
    expect(await jobState(h.db, old)).toBeNull();
  });
});

describe("listing past imports", () => {
  it("first removes the clientspace's abandoned previews, so the list never shows them; large ones go in the background", async () => {
    await clean();
    const small = await job(w, { ageHours: 25, rows: 20, fileName: "left-small.csv" });
    const large = await job(w, { ageHours: 25, rows: BIG, fileName: "left-large.csv" });
    const fresh = await job(w, { ageHours: 1, rows: 2, fileName: "fresh.csv" });
    const done = await job(w, { status: "completed", ageHours: 50, fileName: "done.csv" });

    const listed = await listImportJobs(h.db, w.actors.admin, { limit: 100 });
    expect(await jobState(h.db, small)).toBeNull();
    const names = listed.map((j) => j.fileName);
    expect(names).toEqual(expect.arrayContaining(["fresh.csv", "done.csv"]));
    expect(names).not.toContain("left-small.csv");

    // The large one was handed to the one background sweep of this process: wait for it.
    await sweepInBackground(h.db);
    expect(await jobState(h.db, large)).toBeNull();
    expect(await rowCount(h.db, large)).toBe(0);
    expect(await jobState(h.db, fresh)).toEqual({ status: "previewed", rows: 2 });
    expect(await jobState(h.db, done)).toEqual({ status: "completed", rows: 3 });
  });

  it("removes only the lister's clientspace's previews (a super-user's list too), never another's", async () => {
    await clean();
    const mine = await job(w, { ageHours: 25 });
    const theirs = await job(other, { ageHours: 25 });
    const listed = await listImportJobs(h.db, w.actors.superUser);
    expect(listed.map((j) => j.id)).not.toContain(mine);
    expect(await jobState(h.db, mine)).toBeNull();
    expect(await jobState(h.db, theirs)).toEqual({ status: "previewed", rows: 3 });
  });

  it("is refused, and removes nothing, for a member or an auditor", async () => {
    await clean();
    const old = await job(w, { ageHours: 25 });
    await expect(listImportJobs(h.db, w.actors.member)).rejects.toThrow("You may not import users.");
    await expect(listImportJobs(h.db, w.actors.auditor)).rejects.toThrow("You may not import users.");
    expect(await jobState(h.db, old)).toEqual({ status: "previewed", rows: 3 });
  });
});
