import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { EXPORT_HEADERS } from "./fields";
import { columnName } from "./column-name";
import { XLSX_MAX_CELL_CHARS, xlsxBuffer, xlsxStream } from "./xlsx-write";
import { listZipEntries, readZipEntry } from "./zip-read";

const row = (over: Record<number, string> = {}) => EXPORT_HEADERS.map((_, i) => over[i] ?? `c${i}`);
const LAST = columnName(EXPORT_HEADERS.length - 1);

function sheetRows(bytes: Buffer): string[][] {
  const book = XLSX.read(bytes);
  return XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: "" });
}

/** One part of the package as text, unzipped with the import's own reader. */
function part(bytes: Buffer, name: string): string {
  const entry = listZipEntries(bytes, "t.xlsx").find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is missing`);
  return readZipEntry(bytes, entry, 500 * 1024 * 1024, "t.xlsx").toString("utf8");
}

describe("xlsxStream: cells", () => {
  it("reads back through SheetJS exactly as written, whatever the characters", async () => {
    const values = [
      "Zoé Ñúñez-Øvergaard",
      "漢字かなカナ 한국어",
      "emoji 😀👩🏽‍💻 and 🇫🇷",
      `say "hi" it's`,
      "<b>Tom & Jerry</b> &amp; a < b > c",
      "  leading and trailing  ",
      " ",
      "tab\tinside and\nline feed",
      "control \u0001\u0008\u000B\u000C\u001F end",
      "lone CR\rhere",
      "looks like an escape _x0041_ and _X00e9_",
      "non-characters \uFFFE\uFFFF and a lone surrogate \uD800 there",
      "",
    ];
    const rows = sheetRows(await xlsxBuffer([[row(Object.fromEntries(values.map((v, i) => [i + 1, v])))]]));
    expect(rows[1].slice(1, values.length + 1)).toEqual(values);
  });

  it("neutralises formula-like cells exactly as the CSV does, and writes every cell as inline text", async () => {
    const bytes = await xlsxBuffer([[row({ 0: "=1+2", 1: "+33 6", 2: "-ops", 3: "@SUM(A1)", 4: "\tx", 5: "\rx", 6: "'=quoted", 7: "0612345678", 8: "2026-01-31", 9: " padded " })]]);
    expect(sheetRows(bytes)[1].slice(0, 9)).toEqual(["'=1+2", "'+33 6", "'-ops", "'@SUM(A1)", "'\tx", "'\rx", "''=quoted", "0612345678", "2026-01-31"]);
    const xml = part(bytes, "xl/worksheets/sheet1.xml");
    const cells = xml.match(/<c /g)!.length;
    expect(cells).toBe(2 * EXPORT_HEADERS.length);
    expect(xml.match(/<c [^>]*t="inlineStr"/g)).toHaveLength(cells);
    expect(xml).not.toMatch(/<f>|<v>/);
    // Spaces at either end are kept only when the XML says so.
    expect(xml).toContain(`<c r="J2" t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c>`);
    expect(xml).toContain(`<c r="E2" t="inlineStr"><is><t>'\tx</t></is></c>`);
  });

  it("takes a cell up to Excel's 32,767 characters and refuses a longer one, naming where", async () => {
    const longest = "é".repeat(XLSX_MAX_CELL_CHARS);
    expect(sheetRows(await xlsxBuffer([[row({ 5: longest })]]))[1][5]).toBe(longest);
    // The apostrophe that neutralises a formula counts too.
    const run = xlsxBuffer([[row(), row({ 5: "=" + "x".repeat(XLSX_MAX_CELL_CHARS - 1) })]]);
    await expect(run).rejects.toThrow(`Row 3, column Title: 32,768 characters, more than an Excel cell holds (32,767).`);
  });
});

describe("xlsxStream: the sheet", () => {
  it("freezes the bold header row and puts a filter on it, over every row", async () => {
    const bytes = await xlsxBuffer([[row(), row()]]);
    const xml = part(bytes, "xl/worksheets/sheet1.xml");
    expect(xml).toContain(`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`);
    expect(xml).toContain(`<autoFilter ref="A1:${LAST}3"/>`);
    expect(xml).toMatch(new RegExp(`<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>ID</t></is></c>`));
    expect(part(bytes, "xl/styles.xml")).toMatch(/<cellXfs count="2">.*<xf [^>]*fontId="1"[^>]*applyFont="1"\/><\/cellXfs>/);
    expect(part(bytes, "xl/styles.xml")).toMatch(/<fonts count="2"><font>.*<\/font><font><b\/>/);

    const book = XLSX.read(bytes);
    expect(book.SheetNames).toEqual(["Users"]);
    expect(book.Sheets.Users["!autofilter"]).toEqual({ ref: `A1:${LAST}3` });
    expect(book.Workbook?.Names).toEqual([expect.objectContaining({ Name: "_xlnm._FilterDatabase", Sheet: 0, Hidden: true, Ref: `Users!$A$1:$${LAST}$3` })]);
  });

  it("sizes columns from the header and the first 1,000 rows, within 8 and 60 characters", async () => {
    const first = Array.from({ length: 1_000 }, (_, i) => row({ 2: i === 500 ? "x".repeat(30) : "short", 3: "y".repeat(200), 4: "漢字漢字漢字漢字漢字" }));
    // Row 1,001 is past the sample: its long Email does not widen the column.
    const bytes = await xlsxBuffer([first.slice(0, 300), first.slice(300), [row({ 1: "z".repeat(50) })]]);
    const widths = XLSX.read(bytes, { cellStyles: true }).Sheets.Users["!cols"]!.map((c) => c.wch);
    expect(widths).toHaveLength(EXPORT_HEADERS.length);
    expect(widths[0]).toBe(8); // "ID", "c0": the minimum.
    expect(widths[1]).toBe("Username".length + 2);
    expect(widths[2]).toBe(32);
    expect(widths[3]).toBe(60);
    // Ten wide characters take the room of twenty.
    expect(widths[4]).toBe(22);
  });

  it("writes the header row alone for an empty list", async () => {
    const bytes = await xlsxBuffer([[], []]);
    expect(sheetRows(bytes)).toEqual([[...EXPORT_HEADERS]]);
    expect(part(bytes, "xl/worksheets/sheet1.xml")).toContain(`<autoFilter ref="A1:${LAST}1"/>`);
  });

  it("keeps every row in order across batches, before and past the rows held back for the widths", async () => {
    const ids = Array.from({ length: 2_500 }, (_, i) => `user-${i}`);
    const batches = [ids.slice(0, 999), ids.slice(999, 1_000), [], ids.slice(1_000, 1_001), ids.slice(1_001)].map((b) => b.map((id) => row({ 0: id })));
    const rows = sheetRows(await xlsxBuffer(batches));
    expect(rows.slice(1).map((r) => r[0])).toEqual(ids);
    expect(rows[2500]).toEqual(row({ 0: "user-2499" }));
  });

  it("refuses more rows than the sheet may hold", async () => {
    expect(sheetRows(await xlsxBuffer([[row(), row()], [row()]], { maxRows: 3 }))).toHaveLength(4);
    await expect(xlsxBuffer([[row(), row()], [row(), row()]], { maxRows: 3 })).rejects.toThrow("An Excel sheet holds at most 3 rows under its header; this list reached 4.");
  });

  it("is a package Excel opens: content types, relationships and properties for every part", async () => {
    const bytes = await xlsxBuffer([[row()]], { now: new Date("2026-06-15T12:00:00.123Z") });
    const names = listZipEntries(bytes, "t.xlsx").map((e) => e.name);
    expect(names.sort()).toEqual(["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"].sort());
    const types = part(bytes, "[Content_Types].xml");
    for (const p of ["/xl/workbook.xml", "/xl/worksheets/sheet1.xml", "/xl/styles.xml", "/docProps/core.xml", "/docProps/app.xml"]) expect(types).toContain(`PartName="${p}"`);
    expect(part(bytes, "docProps/core.xml")).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">2026-06-15T12:00:00Z</dcterms:created>`);
    expect(XLSX.read(bytes, { bookProps: true }).Props).toMatchObject({ Title: "Users", Application: "Roster" });
  });
});

describe("xlsxStream: memory", () => {
  it("reads the rows only as fast as the file is read, whatever their number, and stops when the reader stops", async () => {
    let produced = 0;
    let finished = false;
    async function* batches() {
      try {
        // Ten million users if read to the end: only a bounded few batches may ever be in memory.
        for (let i = 0; i < 100_000; i++) {
          produced += 1;
          yield Array.from({ length: 100 }, (_, k) => row({ 0: `u${i}-${k}` }));
        }
      } finally {
        finished = true;
      }
    }
    const file = xlsxStream(batches());
    // Past the 1,000 rows held back for the widths (ten batches), into the streamed rows.
    while (produced < 15) await file.next();
    const after = produced;
    await new Promise((r) => setTimeout(r, 50));
    expect(produced).toBe(after);
    expect(produced).toBeLessThanOrEqual(17);
    await file.return(undefined);
    expect(finished).toBe(true);
  });
});
