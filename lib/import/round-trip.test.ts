import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import * as XLSX from "xlsx";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents } from "@/db/schema";
import type { Actor } from "@/lib/permissions";
import { csvField } from "@/lib/transfer/cells";
import { EXPORT_HEADERS } from "@/lib/transfer/fields";
import { guessMapping } from "@/lib/transfer/mapping";
import { readImportFile } from "@/lib/transfer/read-file";
import { prepareUserExport } from "@/lib/users/export";
import type { ExportFormat } from "@/lib/users/export-schema";
import { createTestDatabase } from "@/tests/support/db";
import { parseCsv } from "@/tests/support/import-world";
import { makeRoundTripWorld, storedRows, type RoundTripWorld, type StoredRows } from "@/tests/support/round-trip-world";
import { createImportJob, startImportJob } from "./job";
import { getImportReport } from "./report";
import { LICENSE_WARNING } from "./row-values";

/**
 * The round trip of issue 5 (requirement 9) from a real download: the bytes prepareUserExport
 * produces, read back by readImportFile exactly as an upload is, mapped automatically. As is,
 * every row is unchanged; with three cells edited (in the CSV text, or in the workbook through
 * SheetJS), exactly those three users change and nothing else in the database moves.
 */

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

type Edit = { user: string; header: string; value: string };

async function exportFile(w: RoundTripWorld, format: ExportFormat, actor: Actor = w.actors.admin): Promise<{ name: string; bytes: Buffer }> {
  const file = await prepareUserExport({ db: h.db, databaseUrl: h.url, auditActor: { accountId: actor.accountId, label: "Tester", clientspaceId: w.csId }, source: "ui" }, actor, {
    format,
    scope: "all",
  });
  const chunks: Buffer[] = [];
  for await (const chunk of file.body.chunks) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  return { name: file.filename, bytes: Buffer.concat(chunks) };
}

/** A person's edit in a text editor: the user's line re-written with the cells changed, the other lines untouched. */
function editCsv(bytes: Buffer, ids: Record<string, string>, edits: Edit[]): Buffer {
  const lines = bytes.toString("utf8").split("\r\n");
  for (const { user, header, value } of edits) {
    const at = lines.findIndex((line) => line.startsWith(`${ids[user]},`));
    expect(at).toBeGreaterThan(0);
    const [cells] = parseCsv(lines[at]);
    cells[EXPORT_HEADERS.indexOf(header)] = value;
    lines[at] = cells.map(csvField).join(",");
  }
  return Buffer.from(lines.join("\r\n"), "utf8");
}

/** The workbook opened with SheetJS, the cells changed, and saved again. */
function editXlsx(bytes: Buffer, ids: Record<string, string>, edits: Edit[]): Buffer {
  const book = XLSX.read(bytes, { type: "buffer" });
  const sheet = book.Sheets[book.SheetNames[0]];
  const last = XLSX.utils.decode_range(sheet["!ref"]!).e.r;
  for (const { user, header, value } of edits) {
    let r = 1;
    while (r <= last && sheet[XLSX.utils.encode_cell({ r, c: 0 })]?.v !== ids[user]) r++;
    expect(r).toBeLessThanOrEqual(last);
    sheet[XLSX.utils.encode_cell({ r, c: EXPORT_HEADERS.indexOf(header) })] = { t: "s", v: value };
  }
  return XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Buffer;
}

/** Uploads the file as the import page does (read, automatic mapping, preview stored), then runs it. */
async function importFile(w: RoundTripWorld, file: { name: string; bytes: Buffer }, actor: Actor = w.actors.admin) {
  const table = readImportFile(file.name, file.bytes);
  const mapping = guessMapping(table.headers);
  const { job, preview } = await createImportJob(h.db, actor, { fileName: file.name, fileSize: file.bytes.length, format: file.name.split(".").pop()!, table, mapping });
  return { table, mapping, job, preview, run: async () => (await startImportJob(h.db, actor, job.id)).finished.then(() => getImportReport(h.db, actor, job.id)) };
}

const userEventsFromImport = (csId: string) =>
  h.db
    .select({ targetId: auditEvents.targetId, action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.clientspaceId, csId), eq(auditEvents.source, "import"), eq(auditEvents.targetType, "user")));

/** The columns in which a stored row differs, by name. */
function changedColumns(before: string | undefined, after: string | undefined): Record<string, [unknown, unknown]> {
  const b = JSON.parse(before ?? "{}") as Record<string, unknown>;
  const a = JSON.parse(after ?? "{}") as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return Object.fromEntries([...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => [k, [b[k], a[k]]]));
}

/** Every row of every table equal, except those keyed by `except`. */
function expectUntouched(before: StoredRows, after: StoredRows, except: Set<string>) {
  for (const table of ["accounts", "memberships", "grants"] as const) {
    expect([...after[table].keys()].sort(), table).toEqual([...before[table].keys()].sort());
    for (const [key, row] of before[table]) if (!except.has(key)) expect(after[table].get(key), `${table} ${key}`).toBe(row);
  }
}

describe.each<ExportFormat>(["csv", "xlsx"])("round trip through a downloaded %s", (format) => {
  let w: RoundTripWorld;
  let exported: { name: string; bytes: Buffer };
  beforeAll(async () => {
    w = await makeRoundTripWorld(h.db);
    exported = await exportFile(w, format);
  });

  it("reads back with every column mapped automatically; as is, every row is unchanged and the run changes nothing", async () => {
    const before = await storedRows(h.db, w.csId);
    const upload = await importFile(w, exported);

    expect(upload.table.headers).toEqual([...EXPORT_HEADERS]);
    expect(upload.table.rows).toHaveLength(w.memberCount);
    expect(Object.entries(upload.mapping).filter(([, field]) => field === null)).toEqual([]);
    // The file holds the neutralised cells; the import reads them back as they are stored.
    const zoe = upload.table.rows.find((r) => r[0] === w.ids.zoe)!;
    expect(zoe[EXPORT_HEADERS.indexOf("Title")]).toBe('=HYPERLINK("http://evil")');
    expect(zoe[EXPORT_HEADERS.indexOf("Phone")]).toBe("+33 1 23 45 67 89");
    expect(zoe[EXPORT_HEADERS.indexOf("Role(s)")]).toBe("Sales: Viewer; Support: Editor");
    if (format === "csv") expect(exported.bytes.toString("utf8")).toContain(`"'=HYPERLINK(""http://evil"")"`);

    expect(upload.preview.counts).toEqual({ create: 0, update: 0, unchanged: w.memberCount, error: 0 });
    expect(upload.preview.rows.filter((r) => r.outcome !== "unchanged")).toEqual([]);
    expect(upload.preview.warnings).toEqual([LICENSE_WARNING]);

    const report = await upload.run();
    expect(report.job).toMatchObject({ status: "completed", rowsDone: w.memberCount, counts: { create: 0, update: 0, unchanged: w.memberCount, error: 0 } });
    expectUntouched(before, await storedRows(h.db, w.csId), new Set());
    expect(await userEventsFromImport(w.csId)).toEqual([]);
  });

  it("with a title, a service and a workspace role edited, exactly those three users change", async () => {
    const edits: Edit[] = [
      { user: "generic0", header: "Title", value: "Staff engineer" },
      // A quoted cell on a row whose title and phone are neutralised: only the service changes.
      { user: "zoe", header: "Service", value: "Sales, South" },
      // "Legal: No access; Support: Editor": the Legal role changes, the Support one stays.
      { user: "generic2", header: "Role(s)", value: "Legal: Editor; Support: Editor" },
    ];
    const edited = { name: exported.name, bytes: (format === "csv" ? editCsv : editXlsx)(exported.bytes, w.ids, edits) };
    const before = await storedRows(h.db, w.csId);
    const upload = await importFile(w, edited);
    const { generic0, zoe, generic2 } = w.ids;

    expect(upload.preview.counts).toEqual({ create: 0, update: 3, unchanged: w.memberCount - 3, error: 0 });
    const updates = upload.preview.rows.filter((r) => r.outcome === "update");
    expect(Object.fromEntries(updates.map((r) => [r.accountId, r.changes]))).toEqual({
      [generic0]: [{ field: "title", before: "Engineer", after: "Staff engineer" }],
      [zoe]: [{ field: "service", before: "Sales, North", after: "Sales, South" }],
      [generic2]: [{ field: "workspace Legal", before: "No access", after: "Editor" }],
    });

    const report = await upload.run();
    expect(report.job).toMatchObject({ status: "completed", counts: { create: 0, update: 3, unchanged: w.memberCount - 3, error: 0 } });
    expect(report.failed.total).toBe(0);

    const after = await storedRows(h.db, w.csId);
    const legalGrant = `${generic2} ${w.legal.id}`;
    expectUntouched(before, after, new Set([generic0, zoe, legalGrant]));
    const bookkeeping = (version: number) => ({ updated_at: expect.any(Array), updated_by: [null, w.actors.admin.accountId], version: [version, version + 1] });
    const v = (id: string) => (JSON.parse(before.memberships.get(id)!) as { version: number }).version;
    expect(changedColumns(before.memberships.get(generic0), after.memberships.get(generic0))).toEqual({ title: ["Engineer", "Staff engineer"], ...bookkeeping(v(generic0)) });
    expect(changedColumns(before.memberships.get(zoe), after.memberships.get(zoe))).toEqual({ service: ["Sales, North", "Sales, South"], ...bookkeeping(v(zoe)) });
    expect(changedColumns(before.grants.get(legalGrant), after.grants.get(legalGrant))).toEqual({ role_id: [w.noAccessRole.id, w.editorRole.id] });

    const events = await userEventsFromImport(w.csId);
    expect(events.map((e) => [e.targetId, e.action]).sort()).toEqual(
      [
        [generic0, "user.profile_updated"],
        [zoe, "user.profile_updated"],
        [generic2, "user.workspace_role_changed"],
      ].sort(),
    );
    const jobEvents = await h.db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.targetId, upload.job.id), inArray(auditEvents.source, ["import"])));
    expect(jobEvents.map((e) => e.action).sort()).toEqual(["users.import_finished", "users.import_started"]);
  });

  it("a super-user's download of their workspaces' users imports back unchanged, by that super-user", async () => {
    const superUser = w.actors.superUser;
    const before = await storedRows(h.db, w.csId);
    const upload = await importFile(w, await exportFile(w, format, superUser), superUser);
    // Their rows also name workspaces the super-user does not manage (Legal): read, not a change.
    expect(upload.table.rows.some((r) => r[EXPORT_HEADERS.indexOf("Role(s)")].includes("Legal: "))).toBe(true);
    expect(upload.preview.counts).toEqual({ create: 0, update: 0, unchanged: upload.table.rows.length, error: 0 });
    const report = await upload.run();
    expect(report.job).toMatchObject({ status: "completed", counts: { create: 0, update: 0, unchanged: upload.table.rows.length, error: 0 } });
    expectUntouched(before, await storedRows(h.db, w.csId), new Set());
  });
});
