import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { and, eq, inArray, like, sql } from "drizzle-orm";
import { accounts, auditEvents, clientspaceMemberships, importJobRows, importJobs } from "@/db/schema";
import type { Db } from "@/db/types";
import type { Actor } from "@/lib/permissions";
import type { UserFieldId } from "@/lib/transfer/fields";
import { sharedDatabase, spawnRunner, stopRunners, type SharedDatabase } from "@/tests/support/crash-harness";
import { makeUser } from "@/tests/support/factories";
import { exportMapping, makeImportWorld, tableOf } from "@/tests/support/import-world";
import { createImportJob } from "./job";
import { getImportReport } from "./report";

/**
 * Issue 5, requirements 7 and 9: the import's process is really killed (SIGKILL, in the middle of a
 * batch's transaction), then a new process starts as the server does (db/startup.ts). What the
 * database holds proves the result exact: every row applied once, none lost, none twice.
 * Runs on PostgreSQL (DATABASE_URL) and on a PGlite folder, which then goes through its own crash recovery.
 */

const BATCH = 50;
const FIELDS: UserFieldId[] = ["id", "email", "firstName", "lastName", "title"];
const TITLE = "Crash survivor";

let shared: SharedDatabase;
beforeAll(async () => {
  shared = await sharedDatabase();
});
afterAll(async () => shared?.close());
afterEach(stopRunners);

type Planned = { rowNumber: number; outcome: "create" | "update" | "error"; email?: string; accountId?: string };

/**
 * A world, an admin who uploads (a second admin when `ownCreator`: the test takes their right
 * away), and a previewed job of `size` rows: mostly new users, every third an update of an
 * existing user, every fiftieth an error.
 */
async function previewedJob(db: Db, size: number, ownCreator = false) {
  const world = await makeImportWorld(db);
  const tag = randomBytes(3).toString("hex");
  let creator: Actor = world.actors.admin;
  if (ownCreator) creator = { ...creator, accountId: (await makeUser(db, world.csId, { membership: { isAdmin: true } })).id };
  const planned: Planned[] = [];
  const cells: Partial<Record<UserFieldId, string>>[] = [];
  for (let i = 0; i < size; i++) {
    const rowNumber = i + 2;
    if (i % 50 === 0) {
      planned.push({ rowNumber, outcome: "error" });
      cells.push({ email: "not an email" });
    } else if (i % 3 === 1) {
      const existing = await makeUser(db, world.csId, { account: { firstName: "Paula", lastName: "Person" } });
      planned.push({ rowNumber, outcome: "update", accountId: existing.id });
      cells.push({ id: existing.id, title: TITLE });
    } else {
      const email = `crash.${tag}.${i}@example.test`;
      planned.push({ rowNumber, outcome: "create", email });
      cells.push({ email, firstName: "Nora", lastName: "Newman", title: TITLE });
    }
  }
  const table = tableOf(FIELDS, cells);
  const { job, preview } = await createImportJob(db, creator, { fileName: "crash.csv", format: "csv", table, mapping: exportMapping(table.headers) });
  expect(preview.rows.map((r) => r.outcome)).toEqual(planned.map((p) => p.outcome));
  return { world, creator, jobId: job.id, tag, planned };
}
type Job = Awaited<ReturnType<typeof previewedJob>>;

const countsOf = (rows: Planned[]) => ({
  create: rows.filter((r) => r.outcome === "create").length,
  update: rows.filter((r) => r.outcome === "update").length,
  unchanged: 0,
  error: rows.filter((r) => r.outcome === "error").length,
});

/** The import's effects in the database, for comparison with the rows it says are done. */
async function effects(db: Db, job: Job) {
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, job.jobId));
  const rows = await db.select().from(importJobRows).where(eq(importJobRows.jobId, job.jobId)).orderBy(importJobRows.rowNumber);
  const created = await db
    .select({ id: accounts.id, email: accounts.email })
    .from(accounts)
    .where(like(accounts.email, `crash.${job.tag}.%`));
  const updateIds = job.planned.filter((p) => p.outcome === "update").map((p) => p.accountId!);
  const retitled = await db
    .select({ id: clientspaceMemberships.accountId })
    .from(clientspaceMemberships)
    .where(and(eq(clientspaceMemberships.clientspaceId, job.world.csId), inArray(clientspaceMemberships.accountId, updateIds), eq(clientspaceMemberships.title, TITLE)));
  const events = await db
    .select({ action: auditEvents.action, targetId: auditEvents.targetId, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.source, "import"), eq(auditEvents.clientspaceId, job.world.csId)));
  const memberships = await db
    .select({ accountId: clientspaceMemberships.accountId, n: sql<number>`count(*)::int` })
    .from(clientspaceMemberships)
    .where(and(eq(clientspaceMemberships.clientspaceId, job.world.csId), inArray(clientspaceMemberships.accountId, created.map((c) => c.id))))
    .groupBy(clientspaceMemberships.accountId);
  const targetsOf = (action: string) => events.filter((e) => e.action === action).map((e) => e.targetId);
  return {
    job: row,
    rows,
    done: rows.filter((r) => r.outcome !== null),
    createdEmails: created.map((c) => c.email).sort(),
    createdIds: created.map((c) => c.id).sort(),
    retitledIds: retitled.map((r) => r.id).sort(),
    membershipsPerCreated: memberships.map((m) => m.n),
    createdEvents: targetsOf("user.created").sort(),
    updatedEvents: targetsOf("user.profile_updated").sort(),
    finishedEvents: events.filter((e) => e.action === "users.import_finished"),
  };
}

/**
 * The database says exactly the rows marked done were applied, once each: the users of their
 * creates exist (once, with one membership and one creation event), their updates are in (with
 * one event each), nothing of the other rows is, and the job's counters are the rows' outcomes.
 */
function expectExactlyTheDoneRows(e: Awaited<ReturnType<typeof effects>>, job: Job) {
  const doneNumbers = new Set(e.done.map((r) => r.rowNumber));
  const done = job.planned.filter((p) => doneNumbers.has(p.rowNumber));
  // Done rows come first in file order: the run resumes from the first row without an outcome.
  expect(e.done.map((r) => r.rowNumber)).toEqual(job.planned.slice(0, e.done.length).map((p) => p.rowNumber));
  expect(e.done.map((r) => r.outcome)).toEqual(done.map((p) => p.outcome));
  expect(e.createdEmails).toEqual(done.filter((p) => p.outcome === "create").map((p) => p.email).sort());
  expect(new Set(e.createdEmails.map((m) => m.toLowerCase())).size).toBe(e.createdEmails.length);
  expect(e.membershipsPerCreated.every((n) => n === 1)).toBe(true);
  expect(e.membershipsPerCreated).toHaveLength(e.createdIds.length);
  expect(e.createdEvents).toEqual(e.createdIds);
  expect(e.retitledIds).toEqual(done.filter((p) => p.outcome === "update").map((p) => p.accountId).sort());
  expect(e.updatedEvents).toEqual(e.retitledIds);
  const counts = countsOf(done);
  expect(e.job).toMatchObject({ rowsDone: done.length, createdCount: counts.create, updatedCount: counts.update, unchangedCount: 0, errorCount: counts.error });
}

/** Starts the job in a runner process and kills it while its second batch's transaction is open. */
async function killMidRun(job: Job) {
  const runner = spawnRunner(["run", job.jobId, JSON.stringify(job.creator), String(BATCH), "2"], shared.env);
  await runner.waitForLine("batch 1");
  await runner.waitForLine("holding");
  await runner.kill();
}

describe("import job: a real crash (the process killed), then a restart", () => {
  it("resumes on the next start from the first row not applied: every row applied exactly once", { timeout: 240_000 }, async () => {
    const job = await shared.use((db) => previewedJob(db, 300));
    await killMidRun(job);

    // The first batch committed; the second, all written but not committed, is gone.
    const dead = await shared.use((db) => effects(db, job));
    expect(dead.job.status).toBe("running");
    expect(dead.done).toHaveLength(BATCH);
    expectExactlyTheDoneRows(dead, job);
    expect(dead.finishedEvents).toEqual([]);

    // Restarted at once, as a supervisor does: the dead runner's heartbeat is still fresh.
    const restart = spawnRunner(["restart", job.jobId], shared.env);
    expect(await restart.done()).toContain(`Resuming 1 interrupted import(s): ${job.jobId}.`);

    const after = await shared.use((db) => effects(db, job));
    expect(after.job).toMatchObject({ status: "completed", rowsTotal: 300, message: null });
    expect(after.done).toHaveLength(300);
    expectExactlyTheDoneRows(after, job);
    expect(after.finishedEvents).toHaveLength(1);
    const counts = countsOf(job.planned);
    expect(after.finishedEvents[0].after).toMatchObject({ status: "completed", rowsDone: 300, created: counts.create, updated: counts.update, errors: counts.error });
  });

  it("ends interrupted on the next start when the creator may no longer import: the rows done kept, the report says so", { timeout: 240_000 }, async () => {
    const job = await shared.use((db) => previewedJob(db, 150, true));
    await killMidRun(job);
    await shared.use(async (db) => {
      await db.update(clientspaceMemberships).set({ isAdmin: false }).where(eq(clientspaceMemberships.accountId, job.creator.accountId));
      // This restart comes after STALE_AFTER_MS: the dead runner's heartbeat has aged.
      await db.update(importJobs).set({ heartbeatAt: new Date(Date.now() - 60_000) }).where(eq(importJobs.id, job.jobId));
    });

    await spawnRunner(["restart", job.jobId], shared.env).done();

    const { after, report } = await shared.use(async (db) => ({ after: await effects(db, job), report: await getImportReport(db, job.world.actors.admin, job.jobId) }));
    expect(after.job.status).toBe("interrupted");
    expect(after.done).toHaveLength(BATCH);
    expectExactlyTheDoneRows(after, job);
    const applied = countsOf(job.planned.slice(0, BATCH));
    expect(report.job).toMatchObject({ status: "interrupted", rowsTotal: 150, rowsDone: BATCH, counts: applied });
    expect(report.job.message).toMatch(/can no longer import users: the remaining rows were not applied/);
    expect(after.finishedEvents).toHaveLength(1);
    expect(after.finishedEvents[0].after).toMatchObject({ status: "interrupted", rowsDone: BATCH, created: applied.create, updated: applied.update });
  });
});
