import { describe, expect, it } from "vitest";
import { buildZip } from "@/tests/support/zip";
import { csvRecord, UTF8_BOM } from "./cells";
import { readImportFile } from "./read-file";
import { readImportFileOffThread } from "./read-off-thread";
import { xlsxBuffer } from "./xlsx-write";
import { listZipEntries, readZipEntry } from "./zip-read";

/**
 * Issue 11, requirement 5: a cell's CR+LF, lone CR and LF come back from a file exactly as they
 * were written, through Roster's own CSV and XLSX writers and the upload's reader. Before, the
 * XLSX reader folded CR+LF into LF, so an unedited export previewed as updates.
 */

const VALUES = ["Once upon a time\r\nthere was a CRLF", "a\rb", "a\nb", "a\r\n\r\nb\r", "\r\nstarts and ends\n", "plain"];
const HEADER = ["Email", ...VALUES.map((_, k) => `Note ${k + 1}`)];
const ROW = ["ada@acme.test", ...VALUES];

async function xlsxOf(rows: string[][], header = HEADER): Promise<Buffer> {
  return xlsxBuffer([rows], { header, now: new Date("2026-11-22T00:00:00Z") });
}

function csvOf(rows: string[][], header = HEADER): Buffer {
  return Buffer.from(UTF8_BOM + csvRecord(header) + rows.map(csvRecord).join(""), "utf8");
}

describe("line breaks inside cells survive a round trip", () => {
  it("through the XLSX export: every cell byte-equal, CR written as _x000D_ in the sheet", async () => {
    const bytes = await xlsxOf([ROW]);
    const sheet = listZipEntries(bytes, "t").find((e) => e.name === "xl/worksheets/sheet1.xml")!;
    const xml = readZipEntry(bytes, sheet, 1024 * 1024, "t").toString("utf8");
    expect(xml).toContain("Once upon a time_x000D_\nthere was a CRLF");
    expect(xml).not.toContain("\r");
    expect(readImportFile("users.xlsx", bytes)).toEqual({ headers: HEADER, rows: [ROW] });
  });

  it("through the CSV export", () => {
    expect(readImportFile("users.csv", csvOf([ROW]))).toEqual({ headers: HEADER, rows: [ROW] });
  });

  it("on the worker thread the upload reads on", async () => {
    expect(await readImportFileOffThread("users.xlsx", await xlsxOf([ROW]))).toEqual({ headers: HEADER, rows: [ROW] });
  });

  it("in shared strings, as Excel saves a workbook", async () => {
    const sharedStrings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>Email</t></si><si><t>Note</t></si><si><t xml:space="preserve">Line one_x000D_\nline two_x000d_</t></si></sst>`;
    const bytes = await withParts(await xlsxOf([["x@acme.test", "y"]], ["Email", "Note"]), (name, xml) => {
      if (name !== "xl/worksheets/sheet1.xml") return xml;
      return xml.replace(/<sheetData>.*<\/sheetData>/s, `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>ada@acme.test</t></is></c><c r="B2" t="s"><v>2</v></c></row></sheetData>`);
    }, { "xl/sharedStrings.xml": sharedStrings });
    expect(readImportFile("users.xlsx", bytes)).toEqual({ headers: ["Email", "Note"], rows: [["ada@acme.test", "Line one\r\nline two\r"]] });
  });

  it("text that looks like an escape, and private-use characters, are read as typed", async () => {
    const row = ["ada@acme.test", "_x000D_ typed as text\r\n", "\uE000 and \uE001 in use", "_xE002_ typed too"];
    const header = ["Email", "A", "B", "C"];
    expect(readImportFile("users.xlsx", await xlsxOf([row], header))).toEqual({ headers: header, rows: [row] });
  });
});

/** The workbook's parts rewritten (and added) by `edit`, zipped again. */
async function withParts(bytes: Buffer, edit: (name: string, xml: string) => string, added: Record<string, string> = {}): Promise<Buffer> {
  const parts = listZipEntries(bytes, "t").map((entry) => ({ name: entry.name, data: edit(entry.name, readZipEntry(bytes, entry, 1024 * 1024, "t").toString("utf8")) }));
  for (const part of parts) {
    if (part.name === "[Content_Types].xml" && added["xl/sharedStrings.xml"]) {
      part.data = part.data.replace("</Types>", `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`);
    }
    if (part.name === "xl/_rels/workbook.xml.rels" && added["xl/sharedStrings.xml"]) {
      part.data = part.data.replace("</Relationships>", `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`);
    }
  }
  return buildZip([...parts, ...Object.entries(added).map(([name, data]) => ({ name, data }))]);
}
