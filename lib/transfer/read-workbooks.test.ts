import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { LONG_STRING_HEADERS, longStringRows } from "@/tests/support/import-files";
import { ImportFileError, readImportFile } from "./read-file";
import { xlsxBuffer } from "./xlsx-write";
import { listZipEntries } from "./zip-read";

/**
 * Issue 11, requirement 6: old Excel files (Excel 2.x to 95, BIFF2-BIFF5) are read like Excel
 * 97-2003 ones, and a genuine workbook of long repeated strings is not taken for a zip bomb.
 */

/** SheetJS writes BIFF3 and BIFF4 too, though its types list only biff2, biff5 and biff8. */
type OldBookType = XLSX.BookType | "biff3" | "biff4";

function workbook(aoa: unknown[][], bookType: OldBookType): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(aoa), "Users");
  return XLSX.write(book, { bookType: bookType as XLSX.BookType, type: "buffer" }) as Buffer;
}

/** SheetJS writes "_" for letters outside ASCII in BIFF2-5; the bytes Excel writes (Windows-1252) are put back. */
function withAccents(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  for (const [plain, accented] of [["Pr_nom", 2], ["Zo_", 2]] as const) {
    const at = out.indexOf(plain);
    if (at !== -1) out[at + accented] = 0xe9;
  }
  return out;
}

describe("old .xls workbooks", () => {
  it.each<[string, OldBookType, string]>([
    ["Excel 2.x (BIFF2)", "biff2", "0900"],
    ["Excel 3.0 (BIFF3)", "biff3", "0902"],
    ["Excel 4.0 (BIFF4)", "biff4", "0904"],
    ["Excel 5.0/95 (BIFF5)", "biff5", "d0cf"],
    ["Excel 97-2003 (BIFF8)", "biff8", "d0cf"],
  ])("%s is read, accents in the Windows code page included", (_label, bookType, magic) => {
    const bytes = withAccents(workbook([["Email", "Prénom", "Phone"], ["zoe@acme.test", "Zoé", 33612345678]], bookType));
    expect(bytes.subarray(0, 2).toString("hex")).toBe(magic);
    expect(readImportFile("old.xls", bytes)).toEqual({ headers: ["Email", "Prénom", "Phone"], rows: [["zoe@acme.test", "Zoé", "33612345678"]] });
  });

  it("a BIFF2 workbook named .xlsx is refused naming what it is", () => {
    let error: unknown;
    try {
      readImportFile("old.xlsx", workbook([["Email"], ["a@acme.test"]], "biff2"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toBe("old.xlsx is named as an Excel workbook (.xlsx) but holds an Excel 2.x workbook (.xls). Save the file again in the format its name says.");
  });
});

describe("zip bombs are judged by what they unpack to", () => {
  it("a workbook of long repeated strings, its sheet over 100 to 1 (refused before), is read", async () => {
    const rows = longStringRows(800);
    const bytes = await xlsxBuffer([rows], { header: LONG_STRING_HEADERS });
    const sheet = listZipEntries(bytes, "t").find((e) => e.name === "xl/worksheets/sheet1.xml")!;
    expect(sheet.size / sheet.compressedSize).toBeGreaterThan(100);
    expect(sheet.size).toBeGreaterThan(5 * 1024 * 1024);
    const table = readImportFile("descriptions.xlsx", bytes);
    expect(table.headers).toEqual(LONG_STRING_HEADERS);
    expect(table.rows).toHaveLength(800);
    expect(table.rows[799]).toEqual(rows[799]);
  });
});
