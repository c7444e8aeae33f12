import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { UTF8_BOM } from "./cells";
import { attachmentDisposition, byteStream } from "./download";
import { csvChunks, XLSX_MAX_DATA_ROWS } from "./export";
import { EXPORT_HEADERS } from "./fields";
import { xlsxBuffer } from "./xlsx-write";

const row = (over: Record<number, string> = {}) => EXPORT_HEADERS.map((_, i) => over[i] ?? `c${i}`);

async function csvText(batches: string[][][]) {
  let text = "";
  for await (const chunk of csvChunks(batches)) text += chunk;
  return text;
}

function sheetOf(bytes: Buffer): string[][] {
  const book = XLSX.read(bytes);
  return XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: "" });
}

describe("csvChunks", () => {
  it("starts with the BOM and the header row of EXPORT_HEADERS, every record ending with CRLF", async () => {
    const text = await csvText([[row(), row()], [row()]]);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    const records = text.slice(1).split("\r\n");
    expect(records[0]).toBe(EXPORT_HEADERS.map((h) => (h.includes(",") ? `"${h}"` : h)).join(","));
    expect(records).toHaveLength(5);
    expect(records.at(-1)).toBe("");
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("quotes fields as RFC 4180 says: commas, quotes and line breaks inside quotes, inner quotes doubled", async () => {
    const text = await csvText([[row({ 1: "a,b", 2: 'say "hi"', 3: "two\nlines", 4: "plain" })]]);
    const record = text.split("\r\n")[1];
    expect(record).toContain(`,"a,b","say ""hi""","two\nlines",plain,`);
  });

  it("neutralises every cell a spreadsheet would run as a formula", async () => {
    const text = await csvText([[row({ 2: "=HYPERLINK(\"http://x\")", 5: "+33 1 23", 6: "-ops", 7: "@SUM(A1)", 8: "\tx", 9: "\rx" })]]);
    const record = text.split("\r\n").slice(1).join("\r\n");
    expect(record).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(record).toContain(",'+33 1 23,'-ops,'@SUM(A1),'\tx,\"'\rx\",");
  });

  it("writes the header row alone for the template", async () => {
    expect(await csvText([])).toBe(`${UTF8_BOM}${EXPORT_HEADERS.join(",")}\r\n`);
  });
});

describe("xlsxStream", () => {
  it("holds the header row and the rows as text cells, formula-like text neutralised", async () => {
    const bytes = await xlsxBuffer([[row({ 0: "=1+2", 7: "0612345678", 13: "2026-01-31" }), row({ 5: "@cmd" })]]);
    const book = XLSX.read(bytes, { cellFormula: true, cellStyles: true });
    const sheet = book.Sheets.Users;
    expect(book.SheetNames).toEqual(["Users"]);
    expect(Object.keys(sheet).filter((k) => !k.startsWith("!")).every((k) => sheet[k].t === "s" && !sheet[k].f)).toBe(true);
    const rows = sheetOf(bytes);
    expect(rows[0]).toEqual([...EXPORT_HEADERS]);
    expect(rows[1][0]).toBe("'=1+2");
    expect(rows[1][7]).toBe("0612345678");
    expect(rows[1][13]).toBe("2026-01-31");
    expect(rows[2][5]).toBe("'@cmd");
    expect(sheet["!cols"]?.length).toBe(EXPORT_HEADERS.length);
  });

  it("writes the header row alone for the template", async () => {
    expect(sheetOf(await xlsxBuffer([]))).toEqual([[...EXPORT_HEADERS]]);
  });

  it("never writes more rows than an Excel sheet holds", async () => {
    expect(XLSX_MAX_DATA_ROWS).toBe(1_048_575);
    const tooMany = { length: XLSX_MAX_DATA_ROWS + 1 } as unknown as string[][];
    await expect(xlsxBuffer([tooMany])).rejects.toThrow(RangeError);
  });
});

describe("download helpers", () => {
  it("names the file in Content-Disposition, plain and as filename*", () => {
    expect(attachmentDisposition("acme-users-2026-11-22.csv")).toBe(`attachment; filename="acme-users-2026-11-22.csv"; filename*=UTF-8''acme-users-2026-11-22.csv`);
    expect(attachmentDisposition("société-users.csv")).toBe(`attachment; filename="soci_t_-users.csv"; filename*=UTF-8''soci%C3%A9t%C3%A9-users.csv`);
  });

  it("reads the generator only as fast as the stream is read, and stops it when the reader cancels", async () => {
    let produced = 0;
    let finished = false;
    async function* chunks() {
      try {
        for (let i = 0; i < 100; i++) {
          produced += 1;
          yield `chunk ${i}\n`;
        }
      } finally {
        finished = true;
      }
    }
    const reader = byteStream(chunks()).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("chunk 0\n");
    await new Promise((r) => setTimeout(r, 20));
    // One chunk sent and at most one queued ahead: nothing more was read from the database side.
    expect(produced).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(finished).toBe(true);
    expect(produced).toBeLessThanOrEqual(2);
  });
});
