import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import * as XLSX from "xlsx";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaces, licenseTypes, workspaceMemberships, workspaces } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { csvChunks } from "@/lib/transfer/export";
import { EXPORT_HEADERS } from "@/lib/transfer/fields";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { makeRightsWorld, ROLE_CASES, type RoleCase } from "@/tests/support/rights-world";
import { loadDirectoryParams, pickFilters, type DirectoryFilters } from "./directory-params";
import { matchingExportCsv, matchingExportRows, prepareUserExport, XlsxTooLarge, type ExportFile, type ExportOptions } from "./export";
import { exportHref, MAX_EXPORT_IDS, parseExportForm, parseExportQuery, type ExportRequest } from "./export-schema";

let h: DatabaseHandle;
let w: Awaited<ReturnType<typeof makeRightsWorld>>;
let other: Awaited<ReturnType<typeof makeRightsWorld>>;
/** A user with every attribute set, in Sales (Viewer) and Support (Super-user). */
let full: { id: string; email: string };

const NOW = new Date("2026-06-15T12:00:00Z");
const noFilters = pickFilters(loadDirectoryParams({}));
const filters = (f: Partial<DirectoryFilters>): DirectoryFilters => ({ ...noFilters, ...f });
const col = (header: string) => EXPORT_HEADERS.indexOf(header);

function exportAs(actor: Actor, request: ExportRequest, options: ExportOptions = {}) {
  return prepareUserExport(
    { db: h.db, databaseUrl: h.url, auditActor: { accountId: actor.accountId, label: "Tester", clientspaceId: actor.clientspaceId }, source: "ui" },
    actor,
    request,
    { now: NOW, ...options },
  );
}

/** RFC 4180 read back: quoted fields with doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(field);
      field = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

/** The file's rows (header first), whatever its format. */
async function rowsOf(file: ExportFile): Promise<string[][]> {
  if (file.filename.endsWith(".xlsx")) {
    const parts: Buffer[] = [];
    for await (const chunk of file.body.chunks) parts.push(Buffer.from(chunk));
    const book = XLSX.read(Buffer.concat(parts));
    return XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: "" });
  }
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let text = "";
  for await (const chunk of file.body.chunks) text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  expect(text.startsWith("\uFEFF")).toBe(true);
  return parseCsv(text.slice(1));
}

const idsIn = (rows: string[][]) => rows.slice(1).map((r) => r[col("ID")]);
const exportsOf = (accountId: string) =>
  h.db.select().from(auditEvents).where(and(eq(auditEvents.actorAccountId, accountId), eq(auditEvents.action, "users.exported")));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

beforeAll(async () => {
  h = await createTestDatabase();
  w = await makeRightsWorld(h.db);
  other = await makeRightsWorld(h.db);
  const [explorer] = await h.db.insert(licenseTypes).values({ clientspaceId: w.csId, name: "Explorer", seatLimit: 10 }).returning();
  const account = await makeUser(h.db, w.csId, {
    account: {
      email: "zoe.full@example.test",
      firstName: "Zoé",
      lastName: "Fullrow",
      sso: true,
      firstConnectionAt: new Date("2026-01-02T03:04:05Z"),
      lastConnectionAt: new Date("2026-06-14T08:00:00Z"),
    },
    membership: {
      title: "=HYPERLINK(\"http://evil\")",
      service: "Sales, North",
      phone: "+33 1 23 45 67 89",
      kind: "external",
      origin: "imported",
      isAuditor: true,
      licenseTypeId: explorer.id,
      licenseStart: "2026-01-01",
      licenseEnd: "2026-12-31",
    },
    superUserOf: { workspaceId: w.support.id, roleId: w.superUserRole.id },
  });
  await h.db.insert(workspaceMemberships).values({ workspaceId: w.sales.id, accountId: account.id, clientspaceId: w.csId, roleId: w.viewerRole.id });
  full = { id: account.id, email: account.email };
});
afterAll(async () => h?.close());

/** Who each role sees in the rights world (SPEC section 2: super-users, their workspaces' users only). */
function expectedIds(role: RoleCase): string[] {
  const a = w.actors;
  const everyone = [a.admin, a.auditor, a.superUser, a.otherSuperUser, a.member].map((x) => x.accountId).concat(w.target.id, full.id);
  if (role === "admin" || role === "auditor") return everyone.sort();
  if (role === "superUser") return [a.superUser.accountId, a.member.accountId, w.target.id, full.id].sort();
  if (role === "otherSuperUser") return [a.otherSuperUser.accountId];
  return [];
}

describe("prepareUserExport: who may download which users", () => {
  it.each(ROLE_CASES.map((r) => [r, r !== "member"] as const))("as %s, all users as CSV: allowed = %s", async (role, allowed) => {
    const actor = w.actors[role];
    const run = exportAs(actor, { format: "csv", scope: "all" });
    if (!allowed) {
      expect(await refusal(run)).toMatchObject({ kind: "forbidden" });
      expect(await exportsOf(actor.accountId)).toHaveLength(0);
      return;
    }
    const file = await run;
    const rows = await rowsOf(file);
    expect(rows[0]).toEqual([...EXPORT_HEADERS]);
    expect(idsIn(rows)).toEqual(expectedIds(role));
    expect(file.rowCount).toBe(expectedIds(role).length);
    expect(file.filename).toMatch(/^cs-[0-9a-f]{8}-users-2026-06-15\.csv$/);
    const events = await exportsOf(actor.accountId);
    expect(events.at(-1)).toMatchObject({
      clientspaceId: w.csId,
      targetType: "users",
      source: "ui",
      after: { format: "csv", scope: "all", rowCount: expectedIds(role).length },
    });
  });

  it("names the file after the clientspace and the day", async () => {
    const file = await exportAs(w.actors.admin, { format: "xlsx", scope: "all" });
    expect(file.filename).toMatch(/^cs-[0-9a-f]{8}-users-2026-06-15\.xlsx$/);
    expect(file.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });

  it("keeps the filter, and the super-user's scope under any filter", async () => {
    const byName = await rowsOf(await exportAs(w.actors.admin, { format: "csv", scope: "filtered", filters: filters({ q: "fullrow" }) }));
    expect(idsIn(byName)).toEqual([full.id]);
    const legalForSu = await rowsOf(await exportAs(w.actors.superUser, { format: "xlsx", scope: "filtered", filters: filters({ workspace: [w.legal.id] }) }));
    expect(idsIn(legalForSu)).toEqual([]);
    const supportForSu = await rowsOf(await exportAs(w.actors.superUser, { format: "xlsx", scope: "selection", filters: filters({ workspace: [w.support.id] }) }));
    expect(idsIn(supportForSu).sort()).toEqual([w.actors.superUser.accountId, full.id].sort());
    const [event] = (await exportsOf(w.actors.superUser.accountId)).filter((e) => (e.after as { scope: string }).scope === "selection");
    expect(event.after).toEqual({ format: "xlsx", scope: "selection", filters: { workspace: [w.support.id] }, rowCount: 2 });
  });

  it("exports picked ids within the scope only: another clientspace's users and those out of scope are absent", async () => {
    const ids = [full.id, other.target.id, other.actors.admin.accountId, w.actors.admin.accountId];
    const asAdmin = await exportAs(w.actors.admin, { format: "csv", scope: "selection", ids });
    expect(idsIn(await rowsOf(asAdmin)).sort()).toEqual([full.id, w.actors.admin.accountId].sort());
    const asSu = await exportAs(w.actors.superUser, { format: "xlsx", scope: "selection", ids });
    expect(idsIn(await rowsOf(asSu))).toEqual([full.id]);
    const [event] = (await exportsOf(w.actors.superUser.accountId)).filter((e) => (e.after as { ids?: number }).ids !== undefined);
    expect(event.after).toEqual({ format: "xlsx", scope: "selection", ids: 4, rowCount: 1 });
  });

  it("lets go of its read when the download stops early: no COPY connection stays, and the next download is whole", async () => {
    const file = await exportAs(w.actors.admin, { format: "csv", scope: "all" }, { batchSize: 2 });
    if (file.body.kind !== "stream") throw new Error("A CSV is a stream.");
    await file.body.chunks.next();
    await file.body.chunks.next();
    await file.body.chunks.return(undefined);
    if (h.url) {
      const copies = async () => {
        const result = await h.db.execute(sql`select count(*)::int as n from pg_stat_activity where application_name = 'roster-copy'`);
        return Number((result as unknown as { n: number }[])[0].n);
      };
      // The server ends the backend once it sees the connection closed: wait for that, boundedly.
      for (let i = 0; i < 50 && (await copies()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await copies()).toBe(0);
    }
    expect(idsIn(await rowsOf(await exportAs(w.actors.admin, { format: "csv", scope: "all" })))).toEqual(expectedIds("admin"));
  });

  it("reads in keyset batches: every user once, in account-id order", async () => {
    const rows = await rowsOf(await exportAs(w.actors.admin, { format: "csv", scope: "all" }, { batchSize: 2 }));
    expect(idsIn(rows)).toEqual(expectedIds("admin"));
  });
});

describe("prepareUserExport: cells", () => {
  it.each(["csv", "xlsx"] as const)("writes every column in the shared cell formats (%s), formula-like text neutralised", async (format) => {
    const rows = await rowsOf(await exportAs(w.actors.admin, { format, scope: "filtered", filters: filters({ q: "fullrow" }) }));
    const cell = Object.fromEntries(EXPORT_HEADERS.map((header, i) => [header, rows[1][i]]));
    expect(cell).toEqual({
      ID: full.id,
      Username: expect.stringMatching(/^user\./),
      Email: full.email,
      "Last name": "Fullrow",
      "First name": "Zoé",
      Title: `'=HYPERLINK("http://evil")`,
      Service: "Sales, North",
      Phone: "'+33 1 23 45 67 89",
      "Role(s)": "Sales: Viewer; Support: Super-user",
      Admin: "false",
      Auditor: "true",
      Status: "active",
      License: "Explorer",
      "License start": "2026-01-01",
      "License end": "2026-12-31",
      "First connection": "2026-01-02T03:04:05Z",
      "Last connection": "2026-06-14T08:00:00Z",
      Workspaces: "Sales; Support",
      Origin: "imported",
      "Internal/External": "external",
      SSO: "true",
    });
  });
});

describe("prepareUserExport: the Excel row limit", () => {
  it("refuses an XLSX beyond the sheet's rows before any work, offering CSV; nothing is audited", async () => {
    const before = (await exportsOf(w.actors.auditor.accountId)).length;
    const err = await refusal(exportAs(w.actors.auditor, { format: "xlsx", scope: "all" }, { xlsxMaxRows: 6 }));
    expect(err).toBeInstanceOf(XlsxTooLarge);
    expect(err).toMatchObject({ kind: "invalid", message: expect.stringMatching(/7 users, more than an Excel sheet holds \(6 rows.*Download it as CSV instead/) });
    expect(await exportsOf(w.actors.auditor.accountId)).toHaveLength(before);
    // At the limit it fits; a CSV has no limit.
    expect((await exportAs(w.actors.auditor, { format: "xlsx", scope: "all" }, { xlsxMaxRows: 7 })).rowCount).toBe(7);
    expect((await exportAs(w.actors.auditor, { format: "csv", scope: "all" }, { xlsxMaxRows: 6 })).rowCount).toBe(7);
  });

  it("streams the XLSX: audited with its count before the first byte, and stopped rather than cut if users were added past the limit since", async () => {
    const admin = other.actors.admin;
    const before = (await exportsOf(admin.accountId)).length;
    const file = await exportAs(admin, { format: "xlsx", scope: "all" }, { xlsxMaxRows: 6 });
    expect(file.rowCount).toBe(6);
    expect((await exportsOf(admin.accountId)).slice(before).map((e) => e.after)).toEqual([{ format: "xlsx", scope: "all", rowCount: 6 }]);
    // A seventh user arrives between the count and the rows: the file would pass the sheet's limit.
    await makeUser(h.db, other.csId);
    const reading = (async () => {
      for await (const chunk of file.body.chunks) void chunk;
    })();
    await expect(reading).rejects.toThrow("An Excel sheet holds at most 6 rows under its header; this list reached 7.");
  });
});

describe("prepareUserExport: the template", () => {
  it.each(ROLE_CASES.map((r) => [r, r !== "member"] as const))("as %s: allowed = %s, header row alone, not audited", async (role, allowed) => {
    const actor = w.actors[role];
    const before = (await exportsOf(actor.accountId)).length;
    for (const format of ["csv", "xlsx"] as const) {
      const run = exportAs(actor, { format, scope: "template" });
      if (!allowed) {
        expect(await refusal(run)).toBeInstanceOf(DomainError);
        continue;
      }
      const file = await run;
      expect(file.filename).toMatch(new RegExp(`-users-template\\.${format}$`));
      expect(await rowsOf(file)).toEqual([[...EXPORT_HEADERS]]);
    }
    expect(await exportsOf(actor.accountId)).toHaveLength(before);
  });
});

describe("export requests as the route reads them", () => {
  it("reads back the filters of a link built with the page's own serializer", () => {
    const wanted = filters({ q: "ada", status: ["active", "locked"], workspace: [w.sales.id], never: true });
    const href = exportHref("xlsx", "filtered", wanted);
    expect(parseExportQuery(new URL(href, "http://x").searchParams)).toEqual({ format: "xlsx", scope: "filtered", filters: wanted });
    expect(parseExportQuery(new URLSearchParams("format=csv&scope=all&q=ignored"))).toEqual({ format: "csv", scope: "all" });
    expect(parseExportQuery(new URLSearchParams("format=pdf&scope=all"))).toEqual({ error: "Choose CSV or Excel." });
  });

  it("accepts picked ids by form, bounded, and nothing that is not an id", () => {
    const form = (ids: string[]) => {
      const f = new FormData();
      f.set("format", "csv");
      f.set("scope", "selection");
      for (const id of ids) f.append("ids", id);
      return f;
    };
    expect(parseExportForm(form([full.id, full.id]))).toEqual({ format: "csv", scope: "selection", ids: [full.id] });
    expect(parseExportForm(form([]))).toEqual({ error: "Select at least one user." });
    expect(parseExportForm(form(["1 or 1=1"]))).toMatchObject({ error: expect.stringMatching(/Reload the page/) });
    const many = Array.from({ length: MAX_EXPORT_IDS + 1 }, () => full.id);
    expect(parseExportForm(form(many))).toMatchObject({ error: expect.stringMatching(/^Select at most 10,000 users/) });
  });
});

describe("the CSV written by the database", () => {
  it("is byte for byte the file the shared cell rule writes from the same rows", async () => {
    // Every case of lib/transfer/cells.ts in a typed cell: formula starts (= + - @ tab CR, after apostrophes too), commas, quotes, line breaks, both at once.
    const [formulaSpace] = await h.db.insert(workspaces).values({ clientspaceId: w.csId, name: "=cmd|' /C calc'!A0" }).returning();
    const nasty = await makeUser(h.db, w.csId, {
      account: { email: "nasty,quote@example.test", firstName: '@SUM(1+1)', lastName: 'O"Brien, Jr.', username: "-nasty" },
      membership: { title: "line one\r\nline two", service: "\tTabbed", phone: '+1 "555", ext. 2' },
    });
    await makeUser(h.db, w.csId, { account: { firstName: "\rCarriage", lastName: "Plain" }, membership: { title: "'=already quoted" } });
    await h.db.insert(workspaceMemberships).values({ workspaceId: formulaSpace.id, accountId: nasty.id, clientspaceId: w.csId, roleId: w.viewerRole.id });

    const [space] = await h.db.select().from(clientspaces).where(eq(clientspaces.id, w.csId));
    const query = { clientspaceId: w.csId, scope: { kind: "clientspace" as const }, filters: noFilters, now: NOW, inactivityDays: space.inactivityDays };
    let expected = "";
    for await (const chunk of csvChunks(matchingExportRows(h.db, query, null, 3))) expected += chunk;
    const csvOf = async (chunks: AsyncIterable<string | Uint8Array>) => {
      const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
      let text = "";
      for await (const chunk of chunks) text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      return text;
    };
    // Keyset batches (PGlite's way) of 3 users, across several batches; on PostgreSQL, the one COPY too.
    const written = await csvOf(matchingExportCsv(h.db, query, null, { batchSize: 3 }));
    expect(written).toBe(expected);
    if (h.url) expect(await csvOf(matchingExportCsv(h.db, query, null, { databaseUrl: h.url }))).toBe(expected);

    expect(written).toContain(`,'=cmd|' /C calc'!A0: Viewer,`);
    expect(written).toContain(`,''=already quoted,`);
    expect(written).toContain(`"'+1 ""555"", ext. 2"`);
    expect(written).toContain(`"line one\r\nline two"`);
    const parsed = parseCsv(written.slice(1));
    const nastyRow = parsed.find((r) => r[col("ID")] === nasty.id)!;
    expect([nastyRow[col("Username")], nastyRow[col("First name")], nastyRow[col("Service")]]).toEqual(["'-nasty", "'@SUM(1+1)", "'\tTabbed"]);
  });
});
