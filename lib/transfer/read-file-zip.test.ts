import { describe, expect, it } from "vitest";
import { buildZip, deflatedZeros } from "@/tests/support/zip";
import { ImportFileError, readImportFile, type ImportLimits } from "./read-file";

const CSV = "Email;Prénom\r\nzoe@acme.test;Zoé\r\n";
const TABLE = { headers: ["Email", "Prénom"], rows: [["zoe@acme.test", "Zoé"]] };
const MB = 1024 * 1024;

function refusal(bytes: Buffer, limits?: ImportLimits): string {
  try {
    readImportFile("users.zip", bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return (error as ImportFileError).message;
  }
  throw new Error("the zip was read although it should have been refused");
}

describe("a zip holding one text file", () => {
  it("reads a .csv at the root, deflated or stored", () => {
    expect(readImportFile("users.zip", buildZip([{ name: "users.csv", data: CSV }]))).toEqual(TABLE);
    expect(readImportFile("users.zip", buildZip([{ name: "users.csv", data: CSV, store: true }]))).toEqual(TABLE);
  });

  it("reads a .txt in a folder, next to folder entries and the files macOS adds", () => {
    const zip = buildZip([
      { name: "export/" },
      { name: "export/users.TXT", data: "Email\tPrénom\nzoe@acme.test\tZoé\n" },
      { name: "__MACOSX/" },
      { name: "__MACOSX/export/._users.TXT", data: "resource fork" },
      { name: ".DS_Store", data: "junk" },
      { name: "export/.DS_Store", data: "junk" },
    ]);
    expect(readImportFile("users.zip", zip)).toEqual(TABLE);
  });

  it("detects the encoding of the file inside, Windows-1252 included", () => {
    expect(readImportFile("users.zip", buildZip([{ name: "users.csv", data: Buffer.from(CSV, "latin1") }]))).toEqual(TABLE);
  });

  it("names the file inside in the messages about its content", () => {
    expect(refusal(buildZip([{ name: "data/users.csv", data: "Email,Title\n" }]))).toBe(
      "users.zip › data/users.csv has a header row but no users under it. Add one row per user under the headers, then upload it again.",
    );
    expect(refusal(buildZip([{ name: "data/users.csv", data: buildZip([{ name: "x.csv", data: CSV }]) }]))).toMatch(
      /^users\.zip › data\/users\.csv is named as a text file but holds a zip archive/,
    );
  });
});

describe("what a zip may not hold", () => {
  it.each([
    ["no text file", [{ name: "docs/" }, { name: ".DS_Store", data: "x" }], /^users\.zip holds no \.csv or \.txt file/],
    ["nothing at all", [], /^users\.zip holds no \.csv or \.txt file/],
    ["two text files", [{ name: "a.csv", data: CSV }, { name: "b/b.txt", data: CSV }], /several files to import \(a\.csv, b\/b\.txt\)/],
    ["another file", [{ name: "users.csv", data: CSV }, { name: "readme.pdf", data: "%PDF" }], /holds readme\.pdf, which is not a \.csv or \.txt file/],
    ["a nested zip", [{ name: "inner.zip", data: buildZip([{ name: "users.csv", data: CSV }]) }], /holds another zip \(inner\.zip\)/],
  ])("refuses a zip with %s, saying why", (_label, entries, message) => {
    expect(refusal(buildZip(entries))).toMatch(message);
  });

  it("refuses an encrypted entry", () => {
    expect(refusal(buildZip([{ name: "users.csv", data: CSV, flags: 1 }]))).toBe(
      "users.zip › users.csv is password-protected; zip it again without a password.",
    );
  });

  it.each([
    ["../users.csv", /a path that climbs out of the zip/],
    ["data/../../users.csv", /a path that climbs out of the zip/],
    ["/etc/users.csv", /an absolute path/],
    ["C:/users.csv", /an absolute path/],
    ["data\\users.csv", /a backslash in its path/],
  ])("refuses the path trick %j", (name, message) => {
    expect(refusal(buildZip([{ name, data: CSV }]))).toMatch(message);
  });

  it("refuses a symbolic link, even one named .csv", () => {
    expect(refusal(buildZip([{ name: "users.csv", data: "/etc/passwd", unixMode: 0o120777 }]))).toMatch(/a symbolic link \(users\.csv\)/);
  });

  it("refuses a file that is not a complete zip", () => {
    const zip = buildZip([{ name: "users.csv", data: CSV }]);
    expect(refusal(zip.subarray(0, zip.length - 30))).toMatch(/^users\.zip is not a valid zip file/);
    const stored = buildZip([{ name: "users.csv", data: CSV, store: true }]);
    stored[30 + "users.csv".length + 2] ^= 0x20;
    expect(refusal(stored)).toBe("users.zip is not a valid zip file: users.csv fails its checksum. It may be damaged or cut short; save or create it again.");
  });
});

describe("zip bombs", () => {
  it("refuses an entry that declares more than the limit, before unpacking it", async () => {
    const zeros = await deflatedZeros(200 * MB);
    expect(zeros.data.length).toBeLessThan(MB);
    expect(refusal(buildZip([{ name: "users.csv", deflated: zeros }]))).toBe(
      "users.zip › users.csv unpacks to more than 50 MB; the limit is 50 MB. Import a smaller file.",
    );
  });

  it("stops unpacking an entry that declares a small size and inflates far beyond it", async () => {
    const zeros = await deflatedZeros(200 * MB);
    expect(refusal(buildZip([{ name: "users.csv", deflated: { ...zeros, size: 1000 } }]))).toMatch(
      /^users\.zip › users\.csv unpacks to more data than its zip header declares, the mark of a zip bomb/,
    );
  });

  it("refuses an entry compressed more than 1,000 to 1 once it is large, even under the size limit", async () => {
    const zeros = await deflatedZeros(30 * MB);
    expect(refusal(buildZip([{ name: "users.csv", deflated: zeros }]))).toMatch(/is compressed more than 1,000 to 1 \(\d+(\.\d)? KB unpacking to 30 MB\), the mark of a zip bomb/);
  });

  it("judges a small entry by its size, not its ratio: 10 MB of one byte is not a bomb, only a file without a header", async () => {
    const zeros = await deflatedZeros(10 * MB);
    expect(zeros.size / zeros.data.length).toBeGreaterThan(1000);
    expect(refusal(buildZip([{ name: "users.csv", deflated: zeros }]))).toMatch(/^users\.zip › users\.csv does not look like a text file/);
  });

  it("applies a lower unzipped limit when one is given", () => {
    const text = "Email\n" + "someone@acme.test\n".repeat(1000);
    expect(refusal(buildZip([{ name: "users.csv", data: text }]), { maxUnzippedBytes: 4096 })).toMatch(/unpacks to more than 4 KB; the limit is 4 KB/);
    expect(readImportFile("users.zip", buildZip([{ name: "users.csv", data: text }])).rows).toHaveLength(1000);
  });
});
