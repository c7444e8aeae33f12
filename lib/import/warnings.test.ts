import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { accounts, importJobRows, importJobs, workspaceMemberships, workspaces } from "@/db/schema";
import type { UserFieldId } from "@/lib/transfer/fields";
import { createTestDatabase } from "@/tests/support/db";
import { exportMapping, makeImportWorld, tableOf, type ImportWorld } from "@/tests/support/import-world";
import { createImportJob, remapImportJob, startImportJob } from "./job";
import { getImportReport, listImportRows, warnedCount } from "./report";

/**
 * Issue 11, requirement 2, through the job: a value an optional column cannot apply is a warning
 * stored on the row at preview and at run, shown by the report; the rest of the row is applied.
 * Strict turns those rows into errors, and nothing of them is applied.
 */

let h: DatabaseHandle;
let w: ImportWorld;
beforeAll(async () => {
  h = await createTestDatabase();
  w = await makeImportWorld(h.db);
});
afterAll(async () => h?.close());

const letters = () => [...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join("");
const FIELDS: UserFieldId[] = ["email", "firstName", "lastName", "title", "roles", "admin"];

const accountOf = async (email: string) => (await h.db.select().from(accounts).where(eq(sql`lower(${accounts.email})`, email)))[0];
const grantsOf = async (accountId: string) =>
  h.db.select({ workspaceId: workspaceMemberships.workspaceId, roleId: workspaceMemberships.roleId }).from(workspaceMemberships).where(eq(workspaceMemberships.accountId, accountId));

function file() {
  const first = letters();
  const emails = [0, 1].map((i) => `${first}.${i}@example.test`);
  const table = tableOf(FIELDS, [
    { email: emails[0], firstName: first, lastName: "Warned", title: "Analyst", roles: "Atlantis: Editor; Sales: Editor", admin: "maybe" },
    { email: emails[1], firstName: first, lastName: "Clean", roles: "Sales: Editor" },
  ]);
  return { emails, table };
}

describe("import warnings through the job", () => {
  it("stores the preview's warnings, applies the rest of the row, and reports the row with its warnings after the run", async () => {
    const { emails, table } = file();
    const actor = w.actors.admin;
    const { job } = await createImportJob(h.db, actor, { fileName: "people.csv", format: "csv", table, mapping: exportMapping(table.headers) });

    const stored = await h.db.select({ warnings: importJobRows.warnings, planned: importJobRows.planned }).from(importJobRows).where(eq(importJobRows.jobId, job.id)).orderBy(asc(importJobRows.rowNumber));
    expect(stored).toEqual([
      { planned: "create", warnings: ["Admin not applied: “maybe” is neither true nor false.", "Unknown workspace “Atlantis”: not applied."] },
      { planned: "create", warnings: null },
    ]);
    expect(await warnedCount(h.db, actor, job.id)).toBe(1);
    const warnedPage = await listImportRows(h.db, actor, job.id, { outcome: "warned" });
    expect(warnedPage.rows.map((r) => r.rowNumber)).toEqual([2]);

    const { finished } = await startImportJob(h.db, actor, job.id);
    await finished;

    const warned = await accountOf(emails[0]);
    expect(warned).toBeDefined();
    expect(await grantsOf(warned.id)).toEqual([{ workspaceId: w.sales.id, roleId: w.editorRole.id }]);
    const report = await getImportReport(h.db, actor, job.id);
    expect(report.applied).toEqual({ create: 2, update: 0, unchanged: 0, error: 0 });
    expect(report.warned).toBe(1);
    expect(report.warnedRows.rows.map((r) => [r.rowNumber, r.outcome, r.warnings])).toEqual([
      [2, "create", ["Admin not applied: “maybe” is neither true nor false.", "Unknown workspace “Atlantis”: not applied."]],
    ]);
  });

  it("strict (chosen after the upload) refuses the warned row at preview and run; the other option is kept", async () => {
    const { emails, table } = file();
    const actor = w.actors.admin;
    const { job } = await createImportJob(h.db, actor, { fileName: "people.csv", format: "csv", table, mapping: exportMapping(table.headers), options: { sendInvitations: true } });
    const { preview } = await remapImportJob(h.db, actor, job.id, { mapping: exportMapping(table.headers), options: { strict: true } });
    expect(preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 1 });
    expect(preview.rows[0].error).toBe("Strict import: Admin not applied: “maybe” is neither true nor false. Unknown workspace “Atlantis”: not applied.");
    const [options] = await h.db.select({ options: importJobs.options }).from(importJobs).where(eq(importJobs.id, job.id));
    expect(options.options).toEqual({ sendInvitations: true, strict: true });

    const { finished } = await startImportJob(h.db, actor, job.id);
    await finished;
    expect(await accountOf(emails[0])).toBeUndefined();
    expect(await accountOf(emails[1])).toBeDefined();
    const report = await getImportReport(h.db, actor, job.id);
    expect(report.applied).toEqual({ create: 1, update: 0, unchanged: 0, error: 1 });
    expect(report.warned).toBe(0);
    expect(report.failed.rows.map((r) => r.error)).toEqual([preview.rows[0].error]);
  });

  it("a workspace that disappears between preview and run is a warning of the run, not an error", async () => {
    const { emails, table } = file();
    const actor = w.actors.admin;
    const lenient = tableOf(FIELDS, [{ ...Object.fromEntries(FIELDS.map((f, i) => [f, table.rows[1][i]])), roles: "Gone soon: Editor" }]);
    const [gone] = await h.db.insert(workspaces).values({ clientspaceId: w.csId, name: "Gone soon" }).returning();
    const { job, preview } = await createImportJob(h.db, actor, { fileName: "people.csv", format: "csv", table: lenient, mapping: exportMapping(lenient.headers) });
    expect(preview.rows[0].warnings).toEqual([]);
    await h.db.delete(workspaces).where(eq(workspaces.id, gone.id));
    const { finished } = await startImportJob(h.db, actor, job.id);
    await finished;
    const created = await accountOf(emails[1]);
    expect(await grantsOf(created.id)).toEqual([]);
    const [row] = await h.db.select({ outcome: importJobRows.outcome, warnings: importJobRows.warnings }).from(importJobRows).where(eq(importJobRows.jobId, job.id));
    expect(row).toEqual({ outcome: "create", warnings: ["Unknown workspace “Gone soon”: not applied."] });
  });
});
