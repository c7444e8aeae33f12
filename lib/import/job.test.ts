import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, accountTokens, auditEvents, clientspaceMemberships, importJobRows, importJobs, workspaceMemberships, workspaces } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { readImportFile } from "@/lib/transfer/read-file";
import { guessMapping } from "@/lib/transfer/mapping";
import type { UserFieldId } from "@/lib/transfer/fields";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { exportMapping, makeImportWorld, tableOf, type ImportWorld } from "@/tests/support/import-world";
import { cancelImportJob, createImportJob, getImportJob, recoverImportJobs, remapImportJob, startImportJob, type RunnerOptions } from "./job";
import { errorFileText, getImportReport, listImportJobs } from "./report";

// A refusal on demand inside the real setClientspaceRights, after the row's profile was written.
const faults = vi.hoisted(() => ({ refuseRightsOf: new Set<string>() }));
vi.mock("@/lib/users/rights", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/users/rights")>();
  return {
    ...real,
    setClientspaceRights: async (...args: Parameters<typeof real.setClientspaceRights>) => {
      if (faults.refuseRightsOf.has(args[2].userId)) throw new DomainError("Refused on purpose.", "conflict");
      return real.setClientspaceRights(...args);
    },
  };
});

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());
afterEach(() => faults.refuseRightsOf.clear());

const tag = () => randomBytes(3).toString("hex");
const FIELDS: UserFieldId[] = ["id", "email", "firstName", "lastName", "title", "roles", "admin"];
const newRow = (extra: Partial<Record<UserFieldId, string>> = {}) => ({ email: `new.${tag()}@example.test`, firstName: "Nora", lastName: "Newman", ...extra });

async function upload(actor: Actor, rows: Partial<Record<UserFieldId, string>>[], options: { sendInvitations?: boolean } = {}) {
  const table = tableOf(FIELDS, rows);
  return createImportJob(h.db, actor, { fileName: "people.csv", format: "csv", table, mapping: exportMapping(table.headers), options });
}
async function run(actor: Actor, jobId: string, options: RunnerOptions = {}) {
  const { finished } = await startImportJob(h.db, actor, jobId, options);
  await finished;
  return getImportJob(h.db, actor, jobId);
}
/** A clean-named member of Sales (the factory's default last name holds digits). */
const person = (w: ImportWorld, membership: Partial<typeof clientspaceMemberships.$inferInsert> = {}) =>
  makeUser(h.db, w.csId, { account: { firstName: "Paula", lastName: `Person` }, membership, superUserOf: { workspaceId: w.sales.id, roleId: w.viewerRole.id } });
const membership = async (csId: string, id: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, id))))[0];
const accountByEmail = async (email: string) => (await h.db.select().from(accounts).where(eq(sql`lower(${accounts.email})`, email.toLowerCase())))[0];

describe("import job: the run", () => {
  let w: ImportWorld;
  beforeAll(async () => {
    w = await makeImportWorld(h.db);
  });

  it("stores the rows with their plan, then applies creates and updates with audit source import and counters", async () => {
    const existing = await person(w);
    const created = newRow({ roles: "Support: Editor" });
    const { job, preview } = await upload(w.actors.admin, [created, { id: existing.id, title: "Head of sales" }, { id: existing.id, title: "Again" }, { email: "bad" }]);
    expect(job.status).toBe("previewed");
    expect(preview.counts).toEqual({ create: 1, update: 1, unchanged: 0, error: 2 });
    const stored = await h.db.select().from(importJobRows).where(eq(importJobRows.jobId, job.id)).orderBy(importJobRows.rowNumber);
    expect(stored.map((r) => [r.rowNumber, r.planned, r.outcome])).toEqual([
      [2, "create", null],
      [3, "update", null],
      [4, "error", null],
      [5, "error", null],
    ]);

    const done = await run(w.actors.admin, job.id);
    expect(done).toMatchObject({ status: "completed", rowsDone: 4, rowsTotal: 4, counts: { create: 1, update: 1, unchanged: 0, error: 2 } });
    const account = await accountByEmail(created.email);
    expect(account).toMatchObject({ firstName: "Nora", lastName: "Newman", passwordHash: null });
    expect((await membership(w.csId, account.id)).origin).toBe("imported");
    expect(await h.db.select().from(workspaceMemberships).where(eq(workspaceMemberships.accountId, account.id))).toEqual([
      expect.objectContaining({ workspaceId: w.support.id, roleId: w.editorRole.id }),
    ]);
    expect((await membership(w.csId, existing.id)).title).toBe("Head of sales");
    const events = await h.db.select().from(auditEvents).where(inArray(auditEvents.targetId, [account.id, existing.id, job.id]));
    expect(events.map((e) => [e.action, e.source]).sort()).toEqual(
      [
        ["user.created", "import"],
        ["user.profile_updated", "import"],
        ["users.import_started", "import"],
        ["users.import_finished", "import"],
      ].sort(),
    );
    // Not invited: the option was off.
    expect(await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, account.id))).toEqual([]);
  });

  it("invites the created users when asked", async () => {
    const row = newRow();
    const { job } = await upload(w.actors.admin, [row], { sendInvitations: true });
    await run(w.actors.admin, job.id);
    const account = await accountByEmail(row.email);
    expect(await h.db.select().from(accountTokens).where(eq(accountTokens.accountId, account.id))).toHaveLength(1);
    expect((await membership(w.csId, account.id)).invitedAt).not.toBeNull();
  });

  it("checks every row again at run time; a row refused midway leaves that user untouched and the rest applied", async () => {
    const a = await person(w);
    const b = await person(w);
    const [temp] = await h.db.insert(workspaces).values({ clientspaceId: w.csId, name: `Temp ${tag()}` }).returning();
    const late = newRow({ roles: `${temp.name}: Viewer` });
    const { job } = await upload(w.actors.admin, [
      { id: a.id, title: "Changed A", admin: "true" },
      { id: b.id, title: "Changed B" },
      late,
    ]);
    faults.refuseRightsOf.add(a.id);
    // Meanwhile someone deleted the third row's workspace.
    await h.db.delete(workspaces).where(eq(workspaces.id, temp.id));

    const done = await run(w.actors.admin, job.id);
    expect(done.counts).toEqual({ create: 1, update: 1, unchanged: 0, error: 1 });
    expect(await membership(w.csId, a.id)).toMatchObject({ title: null, isAdmin: false });
    expect((await membership(w.csId, b.id)).title).toBe("Changed B");
    // The vanished workspace is left out with a warning (issue 11): the person is created without it.
    expect(await accountByEmail(late.email)).toBeDefined();
    expect(await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, a.id))).toEqual([]);
    const report = await getImportReport(h.db, w.actors.admin, job.id);
    expect(report.failed.rows.map((r) => [r.rowNumber, r.error])).toEqual([[2, "Refused on purpose."]]);
    expect(report.warnedRows.rows.map((r) => [r.rowNumber, r.warnings])).toEqual([[4, [`Unknown workspace “${temp.name}”: not applied.`]]]);
  });

  it("cancel after the first batch: the job ends cancelled and the report says what was applied", async () => {
    const rows = Array.from({ length: 5 }, () => newRow());
    const { job } = await upload(w.actors.admin, rows);
    let batches = 0;
    const done = await run(w.actors.admin, job.id, {
      batchSize: 2,
      afterBatch: async () => {
        if (++batches === 1) await cancelImportJob(h.db, w.actors.admin, job.id);
      },
    });
    expect(done).toMatchObject({ status: "cancelled", rowsDone: 2, counts: { create: 2, update: 0, unchanged: 0, error: 0 } });
    const exist = await Promise.all(rows.map((r) => accountByEmail(r.email)));
    expect(exist.map(Boolean)).toEqual([true, true, false, false, false]);
    const [finished] = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, job.id), eq(auditEvents.action, "users.import_finished")));
    expect(finished.after).toMatchObject({ status: "cancelled", rowsDone: 2, created: 2 });
  });

  it("a crash after the first batch: the startup recovery resumes from the first unapplied row, none applied twice", async () => {
    const rows = Array.from({ length: 5 }, () => newRow());
    const { job } = await upload(w.actors.admin, rows);
    // The process "dies" after its first batch committed: the runner never goes on.
    const { finished: dead } = await startImportJob(h.db, w.actors.admin, job.id, { batchSize: 2, afterBatch: () => new Promise<void>(() => {}) });
    void dead;
    await vi.waitFor(async () => expect((await getImportJob(h.db, w.actors.admin, job.id)).rowsDone).toBe(2));
    expect((await getImportJob(h.db, w.actors.admin, job.id)).status).toBe("running");

    // A fresh heartbeat is left alone: its runner may still be alive.
    expect((await recoverImportJobs(h.db)).resumed).not.toContain(job.id);
    await h.db.update(importJobs).set({ heartbeatAt: new Date(Date.now() - 60_000) }).where(eq(importJobs.id, job.id));
    const recovery = await recoverImportJobs(h.db, { batchSize: 2 });
    expect(recovery.resumed).toEqual([job.id]);
    await recovery.finished;

    expect(await getImportJob(h.db, w.actors.admin, job.id)).toMatchObject({ status: "completed", rowsDone: 5, counts: { create: 5, update: 0, unchanged: 0, error: 0 } });
    for (const r of rows) {
      const account = await accountByEmail(r.email);
      const created = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, account.id), eq(auditEvents.action, "user.created")));
      expect(created).toHaveLength(1);
    }
  });

  it("a crash, then a creator who may no longer import: the job ends interrupted with the rows done kept", async () => {
    const world = await makeImportWorld(h.db);
    const second = await makeUser(h.db, world.csId, { membership: { isAdmin: true } });
    const creator = { ...world.actors.admin, accountId: second.id };
    const rows = Array.from({ length: 3 }, () => newRow());
    const { job } = await upload(creator, rows);
    await startImportJob(h.db, creator, job.id, { batchSize: 2, afterBatch: () => new Promise<void>(() => {}) });
    await vi.waitFor(async () => expect((await getImportJob(h.db, creator, job.id)).rowsDone).toBe(2));
    await h.db.update(clientspaceMemberships).set({ isAdmin: false }).where(eq(clientspaceMemberships.accountId, second.id));
    await h.db.update(importJobs).set({ heartbeatAt: new Date(Date.now() - 60_000) }).where(eq(importJobs.id, job.id));
    await (await recoverImportJobs(h.db)).finished;
    const ended = await getImportJob(h.db, world.actors.admin, job.id);
    expect(ended).toMatchObject({ status: "interrupted", rowsDone: 2, counts: { create: 2 } });
    expect(ended.message).toMatch(/can no longer import/);
    expect(await accountByEmail(rows[2].email)).toBeUndefined();
  });
});

describe("import job: mapping, report and access", () => {
  let w: ImportWorld;
  beforeAll(async () => {
    w = await makeImportWorld(h.db);
  });

  it("re-previews with a new mapping, and refuses once started", async () => {
    const { job } = await upload(w.actors.admin, [newRow({ title: "Boss" })]);
    const headers = tableOf(FIELDS, []).headers;
    const mapping = { ...exportMapping(headers), Email: null };
    const again = await remapImportJob(h.db, w.actors.admin, job.id, { mapping });
    expect(again.preview.rows[0].error).toMatch(/^Missing email/);
    await run(w.actors.admin, job.id);
    const refusal = await remapImportJob(h.db, w.actors.admin, job.id, { mapping }).catch((e: unknown) => e);
    expect((refusal as DomainError).kind).toBe("conflict");
  });

  it("writes an error file (rows as uploaded plus Error) that imports once fixed", async () => {
    const fixable = newRow({ firstName: "R2D2", title: "=cmd" });
    const { job } = await upload(w.actors.admin, [newRow(), fixable]);
    await run(w.actors.admin, job.id);
    const text = await errorFileText(h.db, w.actors.admin, job.id);
    expect(text.startsWith("\uFEFF")).toBe(true);

    const table = readImportFile("people-errors.csv", Buffer.from(text, "utf8"));
    expect(table.headers).toEqual([...tableOf(FIELDS, []).headers, "Error"]);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0].at(-1)).toBe("A first name cannot contain digits.");
    expect(table.rows[0][table.headers.indexOf("Title")]).toBe("=cmd");

    table.rows[0][table.headers.indexOf("First name")] = "Artoo";
    const mapping = guessMapping(table.headers);
    expect(mapping.Error).toBeNull();
    const fixed = await createImportJob(h.db, w.actors.admin, { fileName: "people-errors.csv", format: "csv", table, mapping });
    expect(fixed.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 0 });
    await run(w.actors.admin, fixed.job.id);
    expect(await accountByEmail(fixable.email)).toMatchObject({ firstName: "Artoo" });
  });

  it("lists past imports newest first; another clientspace's admin, a super-user on an admin's job, the auditor and a member get nothing", async () => {
    const { job } = await upload(w.actors.admin, [newRow()]);
    const list = await listImportJobs(h.db, w.actors.admin);
    expect(list[0].id).toBe(job.id);
    expect(list.map((j) => j.createdAt.getTime())).toEqual([...list.map((j) => j.createdAt.getTime())].sort((a, b) => b - a));

    const elsewhere = await makeClientspace(h.db);
    const stranger = await makeUser(h.db, elsewhere.clientspace.id, { membership: { isAdmin: true } });
    const strangerActor = { ...w.actors.admin, accountId: stranger.id, clientspaceId: elsewhere.clientspace.id };
    for (const actor of [strangerActor, w.actors.superUser]) {
      const refusal = await getImportJob(h.db, actor, job.id).catch((e: unknown) => e);
      expect((refusal as DomainError).kind).toBe("not_found");
    }
    for (const actor of [w.actors.auditor, w.actors.member]) {
      const refusal = await startImportJob(h.db, actor, job.id).catch((e: unknown) => e);
      expect((refusal as DomainError).kind).toBe("forbidden");
    }
    expect((await getImportJob(h.db, w.actors.admin, job.id)).status).toBe("previewed");
  });

  it("runs a super-user's update-only import within their workspaces", async () => {
    const inScope = await person(w);
    const { job, preview } = await upload(w.actors.superUser, [{ id: inScope.id, title: "Updated by SU" }, newRow()]);
    expect(preview.counts).toEqual({ create: 0, update: 1, unchanged: 0, error: 1 });
    const done = await run(w.actors.superUser, job.id);
    expect(done.counts).toEqual({ create: 0, update: 1, unchanged: 0, error: 1 });
    expect((await membership(w.csId, inScope.id)).title).toBe("Updated by SU");
  });
});

describe("import job: a run that shares the database (issue 11)", () => {
  let w: ImportWorld;
  beforeAll(async () => {
    w = await makeImportWorld(h.db);
  });

  const people = (n: number) => Promise.all(Array.from({ length: n }, () => person(w)));
  /** The job's rows done as each batch ends (the last one ends the job). */
  const rowsDoneByBatch = (jobId: string, into: number[]): RunnerOptions["afterBatch"] => async () => {
    into.push((await getImportJob(h.db, w.actors.admin, jobId)).rowsDone);
  };

  it("a batch ends once its time is spent: with none, each batch applies one row, in file order", async () => {
    const them = await people(4);
    const { job } = await upload(w.actors.admin, them.map((p) => ({ id: p.id, title: "Budgeted" })));
    const done: number[] = [];
    const ended = await run(w.actors.admin, job.id, { batchMs: 0, afterBatch: rowsDoneByBatch(job.id, done) });
    expect(done).toEqual([1, 2, 3, 4, 4]);
    expect(ended).toMatchObject({ status: "completed", rowsDone: 4, counts: { create: 0, update: 4, unchanged: 0, error: 0 } });
    for (const p of them) expect((await membership(w.csId, p.id)).title).toBe("Budgeted");
  });

  it("a batch whose time is spent still ends after the last row it created set-wise, so the rows done stay the file's first ones", async () => {
    const [a, b, c] = await people(3);
    const created = [newRow(), newRow()];
    const { job } = await upload(w.actors.admin, [{ id: a.id, title: "One" }, created[0], { id: b.id, title: "Two" }, created[1], { id: c.id, title: "Three" }]);
    const done: number[] = [];
    const ended = await run(w.actors.admin, job.id, { batchMs: 0, afterBatch: rowsDoneByBatch(job.id, done) });
    expect(done).toEqual([4, 5, 5]);
    expect(ended.counts).toEqual({ create: 2, update: 3, unchanged: 0, error: 0 });
    const stored = await h.db.select().from(importJobRows).where(eq(importJobRows.jobId, job.id)).orderBy(importJobRows.rowNumber);
    expect(stored.map((r) => r.outcome)).toEqual(["update", "create", "update", "create", "update"]);
    for (const row of created) expect(await accountByEmail(row.email)).toBeDefined();
    expect((await membership(w.csId, c.id)).title).toBe("Three");
  });

  it("serves other work during a run: a status read set off by a timer once the run started sees it running", async () => {
    const them = await people(30);
    const { job } = await upload(w.actors.admin, them.map((p) => ({ id: p.id, title: "Meanwhile" })));
    const { finished } = await startImportJob(h.db, w.actors.admin, job.id, { batchSize: 10 });
    // A timer runs only when the event loop turns: a run that never yields would let it fire at its end.
    const during = await new Promise<Awaited<ReturnType<typeof getImportJob>>>((resolve, reject) =>
      setTimeout(() => getImportJob(h.db, w.actors.admin, job.id).then(resolve, reject), 0),
    );
    await finished;
    expect(during.status).toBe("running");
    expect(during.rowsDone).toBeLessThan(30);
    expect(await getImportJob(h.db, w.actors.admin, job.id)).toMatchObject({ status: "completed", rowsDone: 30, counts: { update: 30 } });
  });

  it("a cancel sent during the run stops it after the current batch: the counts equal the rows with an outcome, and exactly those users changed", async () => {
    const them = await people(20);
    const { job } = await upload(w.actors.admin, them.map((p) => ({ id: p.id, title: "Cancelled midway" })));
    let batches = 0;
    let cancelled: Promise<unknown> | undefined;
    const ended = await run(w.actors.admin, job.id, {
      batchMs: 0,
      // Not awaited: the cancel goes in beside the run, as the page's Cancel button does.
      afterBatch: async () => {
        if (++batches === 2) cancelled = cancelImportJob(h.db, w.actors.admin, job.id);
      },
    });
    expect(await cancelled).toMatchObject({ status: "cancelling" });
    expect(ended.status).toBe("cancelled");
    expect(ended.rowsDone).toBeGreaterThanOrEqual(2);
    expect(ended.rowsDone).toBeLessThan(20);

    const rows = await h.db.select().from(importJobRows).where(eq(importJobRows.jobId, job.id)).orderBy(importJobRows.rowNumber);
    const withOutcome = rows.filter((r) => r.outcome !== null);
    expect(withOutcome.map((r) => r.rowNumber)).toEqual(rows.slice(0, ended.rowsDone).map((r) => r.rowNumber));
    expect(ended.counts).toEqual({ create: 0, update: withOutcome.length, unchanged: 0, error: 0 });
    const titles = await h.db
      .select({ id: clientspaceMemberships.accountId, title: clientspaceMemberships.title })
      .from(clientspaceMemberships)
      .where(and(eq(clientspaceMemberships.clientspaceId, w.csId), inArray(clientspaceMemberships.accountId, them.map((p) => p.id))));
    const changed = titles.filter((t) => t.title === "Cancelled midway").map((t) => t.id);
    expect(changed.sort()).toEqual(withOutcome.map((r) => r.accountId).sort());
  });
});
