import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { ImportFileError, readImportFile } from "./read-file";
import { readImportFileOffThread } from "./read-off-thread";

/** The same reader, on a worker thread: same tables, same refusals, and the event loop free meanwhile. */

const csv = (rows: number) => Buffer.from(["Email,Title", ...Array.from({ length: rows }, (_, i) => `p${i}@acme.test,Title ${i}`)].join("\r\n"), "utf8");

async function refusalOf(promise: Promise<unknown>): Promise<ImportFileError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

describe("reading off the request thread", () => {
  it("gives the table the reader gives, every row in order, for a CSV larger than one message", async () => {
    const bytes = csv(12_345);
    const expected = readImportFile("people.csv", bytes);
    const table = await readImportFileOffThread("people.csv", bytes);
    expect(table).toEqual(expected);
    expect(table.rows[12_344]).toEqual(["p12344@acme.test", "Title 12344"]);
  });

  it("reads a workbook", async () => {
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["Email", "Phone"], ["a@acme.test", 33612345678]]), "Users");
    const bytes = XLSX.write(workbook, { bookType: "xlsx", type: "buffer" }) as Buffer;
    expect(await readImportFileOffThread("people.xlsx", bytes)).toEqual({ headers: ["Email", "Phone"], rows: [["a@acme.test", "33612345678"]] });
  });

  it("refuses what the reader refuses, in the same words, with the limits it is given", async () => {
    const long = Buffer.from(`Email,Title\r\na@acme.test,${"x".repeat(10_001)}\r\n`);
    expect((await refusalOf(readImportFileOffThread("long.csv", long))).message).toMatch(/^Row 2, column B has 10,001 characters; a cell may hold at most 10,000\./);
    expect((await refusalOf(readImportFileOffThread("people.csv", csv(3), { limits: { maxRows: 2 } }))).message).toBe(
      "The file has more than 2 rows, the most one import takes. Split it into several files.",
    );
  });

  it("stops a read that outlasts its time budget and says so", async () => {
    const error = await refusalOf(readImportFileOffThread("people.csv", csv(200_000), { timeoutMs: 1 }));
    expect(error.message).toMatch(/^The file took too long to read \(more than 0 seconds\) and was set aside\. Split it into smaller files/);
  });

  it("leaves the event loop free while the file is read", async () => {
    let turns = 0;
    let reading = true;
    const tick = () => {
      turns++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const read = readImportFileOffThread("people.csv", csv(100_000));
    // A read on this thread would finish before the loop turned even once.
    const table = await read;
    reading = false;
    expect(table.rows).toHaveLength(100_000);
    expect(turns).toBeGreaterThan(1);
  });

  it("leaves the caller's buffer whole when it shares memory with others", async () => {
    const small = Buffer.from("Email\r\na@acme.test\r\n");
    expect(await readImportFileOffThread("small.csv", small)).toEqual({ headers: ["Email"], rows: [["a@acme.test"]] });
    expect(small.toString()).toBe("Email\r\na@acme.test\r\n");
  });
});
