import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import * as XLSX from "xlsx";
import type { DatabaseHandle } from "@/db/open";
import { importJobs } from "@/db/schema";
import { ImportFileError } from "@/lib/transfer/import-file-error";
import { xlsxBuffer } from "@/lib/transfer/xlsx-write";
import { prepareUserExport } from "@/lib/users/export";
import type { ExportFormat } from "@/lib/users/export-schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { entraTemplate, frenchExport, LONG_STRING_HEADERS, longStringRows } from "@/tests/support/import-files";
import { makeImportWorld, type ImportWorld } from "@/tests/support/import-world";
import { uploadImportFile } from "./upload";

/**
 * Issue 11 through the real upload path: uploadImportFile reads the bytes on its worker thread,
 * maps them, previews every row and stores the job, on a test database. Each file is made here,
 * as the product that writes it would. Refused files leave no job behind.
 */

let h: DatabaseHandle;
let w: ImportWorld;
beforeAll(async () => {
  h = await createTestDatabase();
  w = await makeImportWorld(h.db);
});
afterAll(async () => h?.close());

const tag = () => randomBytes(3).toString("hex");
const jobs = async () => (await h.db.select({ n: count() }).from(importJobs).where(eq(importJobs.clientspaceId, w.csId)))[0].n;
const upload = (fileName: string, bytes: Buffer | Uint8Array) => uploadImportFile(h.db, w.actors.admin, { fileName, bytes: new Uint8Array(bytes) });

async function refusalOf(fileName: string, bytes: Buffer): Promise<string> {
  const before = await jobs();
  const error = await upload(fileName, bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  expect(await jobs()).toBe(before);
  return (error as Error).message;
}

describe("Entra ID's bulk-create template", () => {
  it("version:v1.0 skipped and stored on the job, the sign-in address mapped to Email, every person a creation", async () => {
    const domain = `contoso-${tag()}.test`;
    const text = entraTemplate().replaceAll("contoso.test", domain);
    const result = await upload("UserCreateTemplate.csv", Buffer.from(text, "utf8"));
    expect(result.message).toBe("2 rows read; 1 line before the header row skipped.");
    expect(result.data.mapping).toMatchObject({
      "User name [userPrincipalName] Required": "email",
      "First name [givenName]": "firstName",
      "Last name [surname]": "lastName",
      "Job title [jobTitle]": "title",
      "Department [department]": "service",
      "Office phone [telephoneNumber]": "phone",
      "Name [displayName] Required": null,
    });
    expect(result.data.mappingProblems).toEqual([]);
    expect(result.data.counts).toEqual({ create: 2, update: 0, unchanged: 0, error: 0 });
    expect(result.data.rows.map((r) => [r.rowNumber, r.outcome, r.error])).toEqual([
      [3, "create", null],
      [4, "create", null],
    ]);
    const [job] = await h.db.select().from(importJobs).where(eq(importJobs.id, result.data.job.id));
    expect(job).toMatchObject({ preamble: ["version:v1.0"], headerRow: 2, rowsTotal: 2, status: "previewed" });
  });

  it("rows keep the spreadsheet's numbers under a title and blank lines, at preview and in the run's error file", async () => {
    const text = ["Staff list", "", "", "Email,First name,Last name", `ok.${tag()}@example.test,Nora,Newman`, "not-an-email,Ada,Lovelace"].join("\r\n");
    const result = await upload("staff.csv", Buffer.from(text, "utf8"));
    expect(result.data.job.preamble).toEqual(["Staff list"]);
    expect(result.data.rows.map((r) => [r.rowNumber, r.outcome])).toEqual([
      [5, "create"],
      [6, "error"],
    ]);
    const [job] = await h.db.select({ headerRow: importJobs.headerRow }).from(importJobs).where(eq(importJobs.id, result.data.job.id));
    expect(job.headerRow).toBe(4);
  });
});

describe("the previous product's French export (Windows-1252, semicolons)", () => {
  it("decoded and mapped, the admin question included; nobody refused", async () => {
    const bytes = frenchExport([
      { lastName: "Lefèvre", firstName: "Zoé", email: `zoe.${tag()}@example.test`, title: "Chargée d’études", role: "Viewer", admin: true },
      { lastName: "Dupré", firstName: "Hélène", email: `helene.${tag()}@example.test`, role: "Editor" },
    ]);
    expect(bytes.includes(Buffer.from("é", "utf8"))).toBe(false);
    const result = await upload("export_utilisateurs.csv", bytes);
    expect(result.data.headers).toEqual([
      "Nom",
      "Prénom",
      "E-mail",
      "Titre",
      "Service",
      "Rôle",
      "Est un administrateur de l’espace client ?",
      "Licence",
      "Date de première connexion",
      "Date de dernière connexion",
      "Date de début de licence",
      "Date de fin de licence",
    ]);
    expect(Object.values(result.data.mapping)).toEqual(["lastName", "firstName", "email", "title", "service", "roles", "admin", "license", "firstConnection", "lastConnection", "licenseStart", "licenseEnd"]);
    expect(result.data.counts).toMatchObject({ create: 2, error: 0 });
    expect(result.data.rows[0].cells.slice(0, 4)).toEqual(["Lefèvre", "Zoé", expect.stringMatching(/^zoe\./), "Chargée d’études"]);
  });
});

describe("files refused at upload with their own message, no job stored", () => {
  it.each([
    ["0 bytes", "people.csv", Buffer.alloc(0)],
    ["a byte order mark and blank lines", "people.csv", Buffer.from("\uFEFF\r\n  \r\n", "utf8")],
    ["an empty sheet", "people.xlsx", emptyWorkbook()],
  ])("an empty file (%s)", async (_label, name, bytes) => {
    expect(await refusalOf(name, bytes)).toBe(`${name} is empty: it holds no header and no rows. Choose the file that lists your users, or download the template and fill it in.`);
  });

  it.each([
    ["a header row", "Email,First name,Last name\r\n"],
    ["Entra's template emptied of its people", "version:v1.0\r\nName [displayName] Required,User name [userPrincipalName] Required\r\n"],
  ])("a header-only file (%s)", async (_label, text) => {
    expect(await refusalOf("people.csv", Buffer.from(text, "utf8"))).toBe("people.csv has a header row but no users under it. Add one row per user under the headers, then upload it again.");
  });

  it("a file without email addresses or IDs", async () => {
    expect(await refusalOf("people.csv", Buffer.from("First name;Last name;Title\r\nNora;Newman;Analyst\r\n", "utf8"))).toBe(
      "No column of this file holds email addresses or Roster IDs: each row needs one (a new user needs an email). Add an Email column, or export the users from Roster to get their IDs.",
    );
  });

  it("an ID-only update file is not refused", async () => {
    const user = await makeUser(h.db, w.csId);
    const result = await upload("titles.csv", Buffer.from(`ID,Title\r\n${user.id},Buyer ${tag()}\r\n`, "utf8"));
    expect(result.message).toBe("1 row read.");
    expect(result.data.counts).toEqual({ create: 0, update: 1, unchanged: 0, error: 0 });
  });
});

describe("an unedited export with line breaks in its cells previews as unchanged", () => {
  it.each<ExportFormat>(["csv", "xlsx"])("%s", async (format) => {
    await makeUser(h.db, w.csId, { membership: { title: "Once upon a time\r\nthere was a CRLF", service: "North\rSouth" } });
    await makeUser(h.db, w.csId, { membership: { title: "Line one\nline two", service: "led by\r\na break" } });
    const file = await prepareUserExport({ db: h.db, databaseUrl: h.url, auditActor: { accountId: w.actors.admin.accountId, label: "Tester", clientspaceId: w.csId }, source: "ui" }, w.actors.admin, {
      format,
      scope: "all",
    });
    const chunks: Buffer[] = [];
    for await (const chunk of file.body.chunks) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
    const result = await upload(file.filename, Buffer.concat(chunks));
    expect(result.data.rows.filter((r) => r.outcome !== "unchanged").map((r) => [r.rowNumber, r.changes, r.error])).toEqual([]);
    expect(result.data.counts.update).toBe(0);
    expect(result.data.counts.error).toBe(0);
    expect(result.data.counts.unchanged).toBe(result.data.job.rowsTotal);
    const titles = result.data.rows.map((r) => r.cells[result.data.headers.indexOf("Title")]);
    expect(titles).toEqual(expect.arrayContaining(["Once upon a time\r\nthere was a CRLF", "Line one\nline two"]));
  });
});

describe("workbooks", () => {
  it("a workbook of long repeated strings unpacking to 55 MB (over 100 to 1) is read and previewed", async () => {
    const domain = `long-${tag()}.test`;
    const bytes = await xlsxBuffer([longStringRows(6000, domain)], { header: LONG_STRING_HEADERS });
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const result = await upload("descriptions.xlsx", bytes);
    expect(result.message).toBe("6,000 rows read.");
    expect(result.data.counts).toEqual({ create: 6000, update: 0, unchanged: 0, error: 0 });
  });

  it("an Excel 5.0/95 (BIFF5) .xls file is read and previewed", async () => {
    const email = `biff5.${tag()}@example.test`;
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["Email", "First name", "Last name"], [email, "Old", "Excel"]]), "Users");
    const bytes = XLSX.write(book, { bookType: "biff5", type: "buffer" }) as Buffer;
    const result = await upload("old.xls", bytes);
    expect(result.data.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 0 });
    expect(result.data.rows[0].cells).toEqual([email, "Old", "Excel"]);
  });
});

function emptyWorkbook(): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([]), "Users");
  return XLSX.write(book, { bookType: "xlsx", type: "buffer" }) as Buffer;
}
