import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import type { DatabaseHandle } from "@/db/open";
import { accounts, auditEvents, clientspaceMemberships, importJobs } from "@/db/schema";
import type { ActionResult } from "@/lib/action";
import { SUPER_USER_CREATE } from "@/lib/import/classify";
import type { ImportPreview } from "@/lib/import/upload";
import { uploadHref } from "@/lib/import/upload-schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { makeImportWorld, parseCsv, type ImportWorld } from "@/tests/support/import-world";
import { sessionOf } from "@/tests/support/session";

// The actions' Next.js edges (the session cookie, the process database, the page cache) are
// replaced by a test database, a chosen session and a spy; the actions, lib/import and the audit
// run for real. startImportJob is wrapped only to hand the test the background run, to wait for.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown, runs: [] as Promise<void>[] }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/import/job", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/import/job")>();
  return {
    ...real,
    startImportJob: async (...args: Parameters<typeof real.startImportJob>) => {
      const started = await real.startImportJob(...args);
      state.runs.push(started.finished);
      return started;
    },
  };
});

const { revalidatePath } = await import("next/cache");
const actions = await import("./actions");
const { GET: errorFile } = await import("./[jobId]/errors/route");
const { POST: uploadRoute } = await import("./upload/route");

type Door = "admin" | "auditor" | "superUser" | "member" | "otherAdmin" | "none";

let h: DatabaseHandle;
let w: ImportWorld;
let other: ImportWorld;
/**
 * A viewer of Sales (a workspace the super-user manages) whose title the files change. Clean names:
 * the factory's default last name holds digits, which the profile's rules refuse at the run.
 */
let known: { id: string; email: string };

beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  w = await makeImportWorld(h.db);
  other = await makeImportWorld(h.db);
  known = await makeUser(h.db, w.csId, { account: { firstName: "Paula", lastName: "Person" }, superUserOf: { workspaceId: w.sales.id, roleId: w.viewerRole.id } });
});
afterAll(async () => h?.close());
beforeEach(() => {
  state.session = null;
  state.runs = [];
  vi.mocked(revalidatePath).mockClear();
});

const accountOf = (door: Exclude<Door, "none">) => (door === "otherAdmin" ? other.actors.admin.accountId : w.actors[door].accountId);
async function signInAs(door: Door) {
  state.session = door === "none" ? null : await sessionOf(h.db, accountOf(door), door === "otherAdmin" ? other.csId : w.csId);
}
const finishRuns = () => Promise.all(state.runs);

const tag = () => randomBytes(3).toString("hex");
/**
 * A CSV uploaded as the import page sends it (to the upload route, which upload/route.test.ts
 * tests per role): a new user, then the known user with a new title.
 */
async function upload(newEmail: string, title = `Buyer ${tag()}`): Promise<ActionResult<ImportPreview>> {
  const csv = ["Email,First name,Last name,Title", `${newEmail},Nora,Newman,Analyst`, `${known.email},,,${title}`].join("\r\n");
  const request = new NextRequest(`http://roster.test${uploadHref("people.csv")}`, { method: "POST", body: csv, headers: { origin: "http://roster.test", host: "roster.test" } });
  return (await uploadRoute(request)).json();
}

const jobsIn = async (csId: string) => (await h.db.select({ n: count() }).from(importJobs).where(eq(importJobs.clientspaceId, csId)))[0].n;
const eventsIn = async (csId: string) => (await h.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.clientspaceId, csId)))[0].n;
const jobRow = async (id: string) => (await h.db.select().from(importJobs).where(eq(importJobs.id, id)))[0];
const accountByEmail = async (email: string) => (await h.db.select().from(accounts).where(eq(sql`lower(${accounts.email})`, email.toLowerCase())))[0];
const titleOfKnown = async () =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, w.csId), eq(clientspaceMemberships.accountId, known.id))))[0].title;

/** What this clientspace holds, to prove a refused call wrote nothing. */
const footprint = async () => ({ jobs: await jobsIn(w.csId), events: await eventsIn(w.csId), title: await titleOfKnown() });

/** A previewed job of this clientspace, uploaded through the action by its admin (or the given door). */
async function previewedJob(door: "admin" | "superUser" = "admin") {
  await signInAs(door);
  const newEmail = `new.${tag()}@example.test`;
  const result = await upload(newEmail);
  if (!result.ok || !result.data) throw new Error(`upload failed: ${result.message}`);
  return { jobId: result.data.job.id, newEmail };
}

const NOT_FOUND = { ok: false, message: "This import does not exist or you may not see it.", kind: "not_found" };
const FORBIDDEN = { ok: false, message: "You may not import users.", kind: "forbidden" };
const SESSION_ENDED = { ok: false, message: "Your session has ended. Sign in again." };

describe("a job of this clientspace, per role", () => {
  it("as admin: status, report, start (the run applies the rows), then the error file", async () => {
    const { jobId, newEmail } = await previewedJob();
    expect(await actions.importStatusAction(null, { jobId })).toMatchObject({ ok: true, data: { id: jobId, status: "previewed" } });
    expect(await actions.importReportAction(null, { jobId })).toMatchObject({ ok: true, data: { planned: { create: 1, update: 1, error: 0 } } });

    expect(await actions.startImportAction(null, { jobId })).toMatchObject({ ok: true, message: "Import started.", data: { status: "running" } });
    await finishRuns();
    expect(await jobRow(jobId)).toMatchObject({ status: "completed", createdCount: 1, updatedCount: 1, errorCount: 0 });
    expect(await accountByEmail(newEmail)).toMatchObject({ firstName: "Nora", lastName: "Newman" });
    expect(revalidatePath).toHaveBeenCalledWith("/admin/users");
    const started = await h.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, jobId), eq(auditEvents.action, "users.import_started")));
    expect(started).toMatchObject([{ actorAccountId: w.actors.admin.accountId, clientspaceId: w.csId }]);

    const response = await errorFile(new Request(`http://roster.test/admin/users/import/${jobId}/errors`), { params: Promise.resolve({ jobId }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(parseCsv(await response.text())).toEqual([["Email", "First name", "Last name", "Title", "Error"]]);
  });

  it("as admin: cancel before the start ends the job, and it never runs", async () => {
    const { jobId, newEmail } = await previewedJob();
    expect(await actions.cancelImportAction(null, { jobId })).toMatchObject({ ok: true, message: "Import cancelled.", data: { status: "cancelled" } });
    expect((await jobRow(jobId)).status).toBe("cancelled");
    expect(await actions.startImportAction(null, { jobId })).toMatchObject({ ok: false, message: "This import has already been started.", kind: "conflict" });
    expect(await accountByEmail(newEmail)).toBeUndefined();
  });

  it("as a super-user: their own job runs with the creating row as an error, which the error file gives back", async () => {
    const title = `Lead ${tag()}`;
    await signInAs("superUser");
    const newEmail = `new.${tag()}@example.test`;
    const uploaded = await upload(newEmail, title);
    const jobId = uploaded.ok ? uploaded.data!.job.id : "";
    expect((await actions.startImportAction(null, { jobId })).ok).toBe(true);
    await finishRuns();
    expect(await jobRow(jobId)).toMatchObject({ status: "completed", createdCount: 0, updatedCount: 1, errorCount: 1 });
    expect(await accountByEmail(newEmail)).toBeUndefined();
    expect(await titleOfKnown()).toBe(title);
    const response = await errorFile(new Request("http://roster.test/"), { params: Promise.resolve({ jobId }) });
    expect(response.status).toBe(200);
    expect(parseCsv(await response.text())).toEqual([
      ["Email", "First name", "Last name", "Title", "Error"],
      [newEmail, "Nora", "Newman", "Analyst", SUPER_USER_CREATE],
    ]);
  });

  it.each([
    ["auditor", FORBIDDEN, 404],
    ["member", FORBIDDEN, 404],
    // A super-user sees their own imports only: the admin's is not there for them.
    ["superUser", NOT_FOUND, 404],
    ["otherAdmin", NOT_FOUND, 404],
    ["none", SESSION_ENDED, 401],
  ] as const)("as %s: every step refused, nothing written, the error file answers %s", async (door, refusal, status) => {
    const { jobId, newEmail } = await previewedJob();
    await signInAs(door);
    const before = await footprint();

    expect(await actions.importStatusAction(null, { jobId })).toMatchObject(refusal);
    expect(await actions.importReportAction(null, { jobId })).toMatchObject(refusal);
    expect(await actions.listImportRowsAction(null, { jobId })).toMatchObject(refusal);
    expect(await actions.remapImportAction(null, { jobId, mapping: { Email: "email", Title: null } })).toMatchObject(refusal);
    expect(await actions.startImportAction(null, { jobId })).toMatchObject(refusal);
    expect(await actions.cancelImportAction(null, { jobId })).toMatchObject(refusal);
    const response = await errorFile(new Request("http://roster.test/"), { params: Promise.resolve({ jobId }) });
    expect(response.status).toBe(status);
    expect(await response.text()).not.toContain(known.email);

    expect(state.runs).toHaveLength(0);
    expect(await footprint()).toEqual(before);
    expect(await jobRow(jobId)).toMatchObject({ status: "previewed", mapping: { Email: "email", Title: "title" } });
    expect(await accountByEmail(newEmail)).toBeUndefined();
  });
});

describe("bad input: a clear answer with field errors, nothing written", () => {
  const STALE = "This import cannot be read from this page. Reload it and try again.";

  it.each([
    ["start", () => actions.startImportAction(null, { jobId: "not-a-uuid" })],
    ["cancel", () => actions.cancelImportAction(null, { jobId: "42" })],
    ["status", () => actions.importStatusAction(null, { jobId: "" })],
    ["report", () => actions.importReportAction(null, { jobId: "not-a-uuid" })],
  ] as const)("%s with a job id that is not a uuid", async (_step, call) => {
    await signInAs("admin");
    const before = await footprint();
    const result = await call();
    expect(result).toMatchObject({ ok: false, message: STALE, fieldErrors: { jobId: [expect.any(String)] } });
    expect(await footprint()).toEqual(before);
  });

  it("a mapping to a field that does not exist keeps the job's mapping", async () => {
    const { jobId } = await previewedJob();
    const before = await footprint();
    const result = await actions.remapImportAction(null, { jobId, mapping: { Email: "email", Title: "salary" } as never });
    expect(result).toMatchObject({ ok: false, message: STALE, fieldErrors: { mapping: [expect.any(String)] } });
    expect(await jobRow(jobId)).toMatchObject({ status: "previewed", mapping: { Email: "email", Title: "title" } });
    expect(await footprint()).toEqual(before);
  });

  it("grid rows with a cell too long: the grid's own message", async () => {
    await signInAs("admin");
    const before = await footprint();
    const result = await actions.gridImportAction(null, { rows: [{ email: "a@example.test", title: "x".repeat(1001) }] });
    expect(result).toMatchObject({ ok: false, message: "Keep each cell to 1,000 characters.", fieldErrors: { rows: [expect.any(String)] } });
    expect(await footprint()).toEqual(before);
  });
});
