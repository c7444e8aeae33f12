import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { buildZip } from "@/tests/support/zip";
import { ImportFileError, readImportFile, type ImportLimits } from "./read-file";
import { listZipEntries, readZipEntry } from "./zip-read";

/**
 * The bounds that keep one upload from occupying the server (issue 10, requirement 6): columns,
 * cell length and rows, each refused with a message that names where, as soon as the reader meets
 * it rather than after reading the whole file.
 */

const utf8 = (text: string) => Buffer.from(text, "utf8");

function refusal(name: string, bytes: Buffer, limits?: ImportLimits): string {
  try {
    readImportFile(name, bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return (error as ImportFileError).message;
  }
  throw new Error(`${name} was read although it should have been refused`);
}

const LONG_CELL = "Row 3, column B has 10,001 characters; a cell may hold at most 10,000. Shorten it, or check that no quote (\") is missing before it.";
const WIDE_ROW = "Row 1 has more than 200 columns; an import reads at most 200. Delete the columns you do not import, and check that the file's delimiter is a comma, a semicolon or a tab.";

describe("cell length", () => {
  it("reads a cell of exactly 10,000 characters", () => {
    const cell = "x".repeat(10_000);
    expect(readImportFile("users.csv", utf8(`Email,Title\r\na@acme.test,t\r\nb@acme.test,${cell}\r\n`)).rows[1]).toEqual(["b@acme.test", cell]);
  });

  it.each([
    ["plain", "x".repeat(10_001)],
    ["quoted, with line breaks and doubled quotes", `"${'""'.repeat(1_000)}${"x\r\n".repeat(2_000)}${"y".repeat(3_000)}x"`],
  ])("refuses a longer %s cell, naming its row and column", (_label, cell) => {
    expect(refusal("users.csv", utf8(`Email,Title\r\na@acme.test,t\r\nb@acme.test,${cell}\r\n`))).toBe(LONG_CELL);
  });

  it("says how long the cell is, in full", () => {
    expect(refusal("users.csv", utf8(`Email\r\n${"x".repeat(45_000)}\r\n`))).toMatch(/^Row 2, column A has 45,000 characters; a cell may hold at most 10,000\./);
  });

  it("stops at that cell: what follows it in the file is never read", () => {
    // An unclosed quote and too many rows after the long cell: each would be refused in its own words.
    const rest = Array.from({ length: 50 }, (_, i) => `r${i}@acme.test,x`).join("\r\n");
    const text = `Email,Title\r\na@acme.test,t\r\nb@acme.test,${"x".repeat(10_001)}\r\n${rest}\r\nc@acme.test,"never closed\r\n`;
    expect(refusal("users.csv", utf8(text), { maxRows: 10 })).toBe(LONG_CELL);
  });

  // An .xls cell holds 255 characters as SheetJS writes it, so only .xlsx can carry such a cell here.
  it("applies to workbooks too, with the sheet's own row and column", () => {
    const sheet = XLSX.utils.sheet_add_aoa(XLSX.utils.aoa_to_sheet([]), [["Email", "Title"], ["a@acme.test", "t"], ["b@acme.test", "x".repeat(10_001)]], { origin: "C2" });
    expect(refusal("users.xlsx", xlsx(sheet).data)).toBe(
      "Row 4, column D has 10,001 characters; a cell may hold at most 10,000. Shorten it, or check that no quote (\") is missing before it.",
    );
  });
});

describe("columns", () => {
  const header = (n: number) => Array.from({ length: n }, (_, k) => `Column ${k + 1}`).join(",");
  const values = (n: number) => Array.from({ length: n }, (_, k) => `v${k}`).join(",");

  it("reads 200 columns", () => {
    expect(readImportFile("wide.csv", utf8(`${header(200)}\r\n${values(200)}\r\n`)).headers).toHaveLength(200);
  });

  it("refuses a row of more than 200 columns, naming the row", () => {
    expect(refusal("wide.csv", utf8(`${header(201)}\r\n${values(201)}\r\n`))).toBe(WIDE_ROW);
    expect(refusal("wide.csv", utf8(`${header(200)}\r\n${values(200)}\r\n${values(200)},,\r\n`))).toMatch(/^Row 3 has more than 200 columns/);
  });

  it("stops at that row: a file of 200,000 columns is refused at its 201st", () => {
    // A quote left open after the 201st column would be refused in its own words if the reader went on.
    expect(refusal("wide.csv", utf8(`${header(200_000)},"open\r\n`))).toBe(WIDE_ROW);
  });

  it("applies to spreadsheets too", () => {
    const sheet = XLSX.utils.aoa_to_sheet([Array.from({ length: 201 }, (_, k) => `Column ${k + 1}`), ["a@acme.test"]]);
    for (const bytes of [xlsx(sheet), xls(sheet)]) expect(refusal(`wide.${bytes.type}`, bytes.data)).toBe(WIDE_ROW);
  });
});

describe("rows in a workbook", () => {
  it("counts an .xlsx's rows before the spreadsheet reader parses it", () => {
    // The content types part is broken: parsing the workbook fails with "cannot be read as an Excel workbook".
    const workbook = xlsx(XLSX.utils.aoa_to_sheet([["Email"], ["a@acme.test"], ["b@acme.test"], ["c@acme.test"]])).data;
    const parts = listZipEntries(workbook, "fixture").map((entry) => {
      const data = readZipEntry(workbook, entry, 1024 * 1024, "fixture");
      return { name: entry.name, data: entry.name === "[Content_Types].xml" ? "<Types" : data };
    });
    const broken = buildZip(parts);
    expect(refusal("users.xlsx", broken, { maxRows: 2 })).toBe("The file has more than 2 rows, the most one import takes. Split it into several files.");
    expect(refusal("users.xlsx", broken, { maxRows: 3 })).toMatch(/^users\.xlsx cannot be read as an Excel workbook/);
  });

  it("counts the rows of the first sheet only, wherever the workbook keeps it", () => {
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["Notes"], ["1"], ["2"], ["3"], ["4"]]), "Notes");
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["Email"], ["a@acme.test"]]), "Users");
    const bytes = XLSX.write(workbook, { bookType: "xlsx", type: "buffer" }) as Buffer;
    // The workbook's first sheet made to live in sheet2.xml: the rows of sheet1.xml are not the ones read.
    const parts = listZipEntries(bytes, "fixture").map((entry) => {
      const data = readZipEntry(bytes, entry, 1024 * 1024, "fixture");
      if (entry.name !== "xl/_rels/workbook.xml.rels") return { name: entry.name, data };
      const rels = data.toString("utf8");
      expect(rels).toContain('Target="worksheets/sheet1.xml"');
      return { name: entry.name, data: rels.replace(/sheet1\.xml/, "sheetX.xml").replace(/sheet2\.xml/, "sheet1.xml").replace(/sheetX\.xml/, "sheet2.xml") };
    });
    expect(readImportFile("users.xlsx", buildZip(parts), { maxRows: 2 })).toEqual({ headers: ["Email"], rows: [["a@acme.test"]] });
  });

  it.each(["xlsx", "xls"] as const)("refuses more data rows than the limit in an .%s, and reads exactly the limit", (type) => {
    const sheet = XLSX.utils.aoa_to_sheet([["Email"], ["a@acme.test"], ["b@acme.test"], ["c@acme.test"]]);
    const bytes = type === "xlsx" ? xlsx(sheet) : xls(sheet);
    expect(refusal(`users.${type}`, bytes.data, { maxRows: 2 })).toMatch(/more than 2 rows/);
    expect(readImportFile(`users.${type}`, bytes.data, { maxRows: 3 }).rows).toHaveLength(3);
  });

  it("reads a table that starts lower down up to the limit", () => {
    const sheet = XLSX.utils.sheet_add_aoa(XLSX.utils.aoa_to_sheet([]), [["Email"], ["a@acme.test"], ["b@acme.test"], ["c@acme.test"]], { origin: "A6" });
    for (const bytes of [xlsx(sheet), xls(sheet)]) {
      expect(readImportFile(`users.${bytes.type}`, bytes.data, { maxRows: 3 }).rows).toHaveLength(3);
      expect(refusal(`users.${bytes.type}`, bytes.data, { maxRows: 2 })).toMatch(/more than 2 rows/);
    }
  });
});

function xlsx(sheet: XLSX.WorkSheet) {
  return { type: "xlsx", data: write(sheet, "xlsx") };
}

function xls(sheet: XLSX.WorkSheet) {
  return { type: "xls", data: write(sheet, "biff8") };
}

function write(sheet: XLSX.WorkSheet, bookType: "xlsx" | "biff8"): Buffer {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, "Users");
  return XLSX.write(workbook, { bookType, type: "buffer" }) as Buffer;
}
