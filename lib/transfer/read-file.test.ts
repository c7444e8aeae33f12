import * as XLSX from "xlsx";
import { describe, expect, it } from "vitest";
import { buildZip, deflatedZeros } from "@/tests/support/zip";
import { csvRecord } from "./cells";
import { ImportFileError, readImportFile, type ImportLimits } from "./read-file";
import { listZipEntries, readZipEntry } from "./zip-read";

const utf8 = (text: string) => Buffer.from(text, "utf8");
const EMPTY = "users.csv is empty: it holds no header and no rows. Choose the file that lists your users, or download the template and fill it in.";
const HEADER_ONLY = "users.csv has a header row but no users under it. Add one row per user under the headers, then upload it again.";

/** The error readImportFile throws, asserting it is the admin-facing kind. */
function refusal(name: string, bytes: Buffer, limits?: ImportLimits): ImportFileError {
  try {
    readImportFile(name, bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).kind).toBe("invalid");
    return error as ImportFileError;
  }
  throw new Error(`${name} was read although it should have been refused`);
}

describe("CSV and TXT", () => {
  it.each([
    ["comma", ","],
    ["semicolon", ";"],
    ["tab", "\t"],
  ])("detects the %s delimiter from the header line", (_label, d) => {
    const text = `Email${d}Last name${d}First name\r\nada@acme.test${d}Lovelace${d}Ada\r\n`;
    expect(readImportFile("users.csv", utf8(text))).toEqual({
      headers: ["Email", "Last name", "First name"],
      rows: [["ada@acme.test", "Lovelace", "Ada"]],
    });
  });

  it("counts delimiters outside quotes only, and ignores those in data rows", () => {
    const text = '"Name; with; semicolons",Email\r\n"a;b;c;d;e",x@acme.test\r\n';
    expect(readImportFile("users.csv", utf8(text))).toEqual({
      headers: ["Name; with; semicolons", "Email"],
      rows: [["a;b;c;d;e", "x@acme.test"]],
    });
  });

  it("reads a .txt as tab-separated, and detects another delimiter when the header has no tab", () => {
    expect(readImportFile("users.txt", utf8("Email\tTitle, long\nada@acme.test\tCTO, interim\n")).rows).toEqual([
      ["ada@acme.test", "CTO, interim"],
    ]);
    expect(readImportFile("users.txt", utf8("Email;Title\nada@acme.test;CTO\n")).rows).toEqual([["ada@acme.test", "CTO"]]);
  });

  it("reads UTF-8 with and without a byte order mark, and never keeps the BOM in the first header", () => {
    const text = "Email;Prénom\nzoe@acme.test;Zoé\n";
    for (const bytes of [utf8(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)])]) {
      expect(readImportFile("users.csv", bytes)).toEqual({ headers: ["Email", "Prénom"], rows: [["zoe@acme.test", "Zoé"]] });
    }
  });

  it("reads Windows-1252 when the bytes are not valid UTF-8", () => {
    const bytes = Buffer.concat([Buffer.from("Prénom;Nom;Service\r\nHélène;Dupré;R&D ", "latin1"), Buffer.from([0x80, 0x20, 0x9c, 0x92])]);
    expect(readImportFile("users.csv", bytes)).toEqual({ headers: ["Prénom", "Nom", "Service"], rows: [["Hélène", "Dupré", "R&D € œ’"]] });
  });

  it("reads UTF-16 LE and BE with their byte order marks", () => {
    const text = "Email\tPrénom\r\nzoe@acme.test\tZoé\r\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const bytes of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
      expect(readImportFile("users.txt", bytes)).toEqual({ headers: ["Email", "Prénom"], rows: [["zoe@acme.test", "Zoé"]] });
    }
  });

  it("follows RFC 4180: doubled quotes, delimiters and line breaks inside quotes", () => {
    const text = 'Email,Title\r\nada@acme.test,"Says ""hi"", then\r\nleaves"\r\nbob@acme.test,"two\nlines"\r\n';
    expect(readImportFile("users.csv", utf8(text)).rows).toEqual([
      ["ada@acme.test", 'Says "hi", then\r\nleaves'],
      ["bob@acme.test", "two\nlines"],
    ]);
  });

  it.each([
    ["LF", "\n"],
    ["CR", "\r"],
    ["CRLF", "\r\n"],
  ])("reads %s line ends, with or without a final line end", (_label, eol) => {
    const body = `Email,Title${eol}a@acme.test,x${eol}b@acme.test,y`;
    for (const text of [body, body + eol]) {
      expect(readImportFile("users.csv", utf8(text)).rows).toEqual([
        ["a@acme.test", "x"],
        ["b@acme.test", "y"],
      ]);
    }
  });

  it("reports an unterminated quote with the line it opens on", () => {
    const text = 'Email,Title\n"a@acme.test",ok\n"multi\nline",ok\nb@acme.test,"broken\nc@acme.test,x\n';
    expect(refusal("users.csv", utf8(text)).message).toMatch(/opened on line 5 is never closed/);
  });

  it("trims headers, drops blank rows, pads short rows and tolerates empty trailing cells", () => {
    const text = " Email , Title ,Service\n\nada@acme.test\n,,\nbob@acme.test,CTO,R&D,,\n   \n";
    expect(readImportFile("users.csv", utf8(text))).toEqual({
      headers: ["Email", "Title", "Service"],
      rows: [
        ["ada@acme.test", "", ""],
        ["bob@acme.test", "CTO", "R&D"],
      ],
    });
  });

  it("drops a column with no header when it is empty throughout (a trailing delimiter)", () => {
    expect(readImportFile("users.csv", utf8("Email,Title,\na@acme.test,x,\n"))).toEqual({ headers: ["Email", "Title"], rows: [["a@acme.test", "x"]] });
  });

  it("restores the cells an export neutralised, so that a round trip changes nothing", () => {
    const values = ["=SUM(A1)", "+33 6 12 34 56 78", "-ops", "@handle", "'tis", "plain"];
    const text = csvRecord(["Title", "Phone", "Service", "Username", "Last name", "First name"]) + csvRecord(values);
    expect(text).toContain("'=SUM(A1)");
    expect(readImportFile("users.csv", utf8(text)).rows).toEqual([values]);
  });

  it("refuses a row longer than the header, naming the row", () => {
    const text = "Email,Title\na@acme.test,x\n\nb@acme.test,y,surprise\n";
    expect(refusal("users.csv", utf8(text)).message).toMatch(/^Row 4 has a value in column C, but the header row \(row 1\) has only 2 columns\. Add a header for it or remove the value\.$/);
  });

  it("refuses a column with values but no header, naming the column and the row", () => {
    const text = "Email,,Title\na@acme.test,,x\nb@acme.test,oops,y\n";
    expect(refusal("users.csv", utf8(text)).message).toMatch(/^Column B has no header but holds values \(first in row 3\)/);
  });

  it.each([
    ["Email,E-mail", /"Email" and "E-mail" are the same name \(columns A and B\)/],
    ["Email,Title,email", /"Email" and "email" are the same name \(columns A and C\)/],
    ["Prénom,Email,PRENOM", /"Prénom" and "PRENOM"/],
    ["Title,Title", /"Title" appears twice/],
  ])("refuses duplicate headers %j, naming them", (header, message) => {
    const values = header.split(",").map((_, k) => `v${k}`);
    expect(refusal("users.csv", utf8(`${header}\n${values.join(",")}\n`)).message).toMatch(message);
  });

  it.each([
    ["an empty file", Buffer.alloc(0), EMPTY],
    ["blank lines only", utf8("\r\n \r\n,,\r\n"), EMPTY],
    ["a byte order mark alone", utf8("\uFEFF"), EMPTY],
    ["a byte order mark and line ends", utf8("\uFEFF\r\n\r\n  \t\r\n"), EMPTY],
    ["UTF-16 spaces", Buffer.from("\uFEFF \r\n", "utf16le"), EMPTY],
    ["a header row alone", utf8("Email,Title\r\n\r\n"), HEADER_ONLY],
    ["a preamble and a header row alone", utf8("version:v1.0\r\nName [displayName] Required,User name [userPrincipalName] Required\r\n"), HEADER_ONLY],
  ])("explains %s", (_label, bytes, message) => {
    expect(refusal("users.csv", bytes).message).toBe(message);
  });

  it("refuses binary content in a text file", () => {
    expect(refusal("users.csv", Buffer.from([0x45, 0x00, 0x6d, 0x00])).message).toMatch(/does not look like a text file/);
  });
});

describe("limits, extensions and content", () => {
  it("refuses a file over the size limit and says the limit", () => {
    expect(refusal("users.csv", Buffer.alloc(2048, 65), { maxBytes: 1024 }).message).toBe(
      "users.csv is 2 KB; the limit is 1 KB. Split it into smaller files.",
    );
    expect(refusal("big.csv", Buffer.alloc(50 * 1024 * 1024 + 1, 65)).message).toMatch(/the limit is 50 MB/);
  });

  it("refuses more data rows than the row limit, and accepts exactly the limit", () => {
    const text = "Email\na@acme.test\nb@acme.test\nc@acme.test\n";
    expect(refusal("users.csv", utf8(text), { maxRows: 2 }).message).toMatch(/more than 2 rows/);
    expect(readImportFile("users.csv", utf8(text), { maxRows: 3 }).rows).toHaveLength(3);
  });

  it.each(["users.pdf", "users", "users.json", "users.csv.exe"])("refuses the unsupported file %s and lists what is supported", (name) => {
    expect(refusal(name, utf8("Email\na@acme.test\n")).message).toMatch(/Upload a \.csv, \.txt, \.xlsx, \.xls, or a \.zip holding one \.csv or \.txt file\.$/);
  });

  it("accepts extensions in any case and uses only the file's base name in messages", () => {
    expect(readImportFile("C:\\Users\\ada\\USERS.CSV", utf8("Email\na@acme.test\n")).rows).toEqual([["a@acme.test"]]);
    expect(refusal("/tmp/uploads/empty.csv", Buffer.alloc(0)).message).toMatch(/^empty\.csv is empty/);
  });

  it.each([
    ["users.csv", () => buildZip([{ name: "users.csv", data: "Email\na@acme.test\n" }]), /users\.csv is named as a text file but holds a zip archive/],
    ["users.txt", () => xlsBytes(), /users\.txt is named as a text file but holds an Excel 97-2003 workbook/],
    ["users.xlsx", () => utf8("Email\na@acme.test\n"), /users\.xlsx is named as an Excel workbook \(\.xlsx\) but holds plain text/],
    ["users.xlsx", () => xlsBytes(), /users\.xlsx is named as an Excel workbook \(\.xlsx\) but holds an Excel 97-2003 workbook/],
    ["users.xls", () => xlsxBytes([["Email"], ["a@acme.test"]]), /users\.xls is named as an Excel workbook \(\.xls\) but holds a zip archive/],
    ["users.xlsx", () => buildZip([{ name: "users.csv", data: "Email\na@acme.test\n" }]), /^users\.xlsx is a zip archive, not an Excel workbook \(it holds users\.csv\)\. Name it \.zip/],
    ["users.zip", () => utf8("%PDF-1.7 ..."), /users\.zip is named as a zip archive but holds a PDF document/],
  ])("refuses %s whose content does not match its extension", (name, bytes, message) => {
    expect(refusal(name, bytes()).message).toMatch(message);
  });
});

function xlsxBytes(aoa: unknown[][], sheet?: XLSX.WorkSheet): Buffer {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet ?? XLSX.utils.aoa_to_sheet(aoa), "Users");
  return XLSX.write(workbook, { bookType: "xlsx", type: "buffer" }) as Buffer;
}

function xlsBytes(sheet?: XLSX.WorkSheet): Buffer {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet ?? XLSX.utils.aoa_to_sheet([["Email"], ["a@acme.test"]]), "Users");
  return XLSX.write(workbook, { bookType: "biff8", type: "buffer" }) as Buffer;
}

/** A sheet whose cells carry what Excel stores: numbers with their formats, dates as serials, booleans. */
function typedSheet(): XLSX.WorkSheet {
  const sheet = XLSX.utils.aoa_to_sheet([
    ["Email", "Phone", "Mobile", "Code", "Start", "Seen", "Admin", "Title", "Count"],
    ["ada@acme.test", 4915112345678, 612345678, "0612345678", 45366, 45366.5, true, "'=SUM(A1)", 1234.5],
  ]);
  sheet["C2"].z = "0000000000";
  sheet["E2"].z = "dd/mm/yyyy";
  sheet["F2"].z = "m/d/yy h:mm";
  return sheet;
}

describe.each([
  ["xlsx", (sheet?: XLSX.WorkSheet) => xlsxBytes([], sheet)],
  ["xls", (sheet?: XLSX.WorkSheet) => xlsBytes(sheet)],
])("%s workbooks", (extension, write) => {
  it("reads every cell as displayed text, without losing digits, leading zeros or dates", () => {
    expect(readImportFile(`users.${extension}`, write(typedSheet()))).toEqual({
      headers: ["Email", "Phone", "Mobile", "Code", "Start", "Seen", "Admin", "Title", "Count"],
      rows: [["ada@acme.test", "4915112345678", "0612345678", "0612345678", "2024-03-15", "2024-03-15T12:00:00", "true", "=SUM(A1)", "1234.5"]],
    });
  });

  it("reads the first sheet only", () => {
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["Email"], ["first@acme.test"]]), "Users");
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["Other"], ["second"]]), "Notes");
    const bytes = XLSX.write(workbook, { bookType: extension === "xls" ? "biff8" : "xlsx", type: "buffer" }) as Buffer;
    expect(readImportFile(`users.${extension}`, bytes)).toEqual({ headers: ["Email"], rows: [["first@acme.test"]] });
  });

  it("numbers rows as the spreadsheet does when the table starts lower down", () => {
    const sheet = XLSX.utils.sheet_add_aoa(XLSX.utils.aoa_to_sheet([]), [["Email", "Title"], [], ["a@acme.test", "x", "extra"]], { origin: "A3" });
    expect(refusal(`users.${extension}`, write(sheet)).message).toMatch(/^Column C has no header but holds values \(first in row 5\)/);
  });

  it("explains a sheet with headers only, and an empty sheet", () => {
    expect(refusal(`users.${extension}`, write(XLSX.utils.aoa_to_sheet([["Email", "Title"]]))).message).toBe(
      `users.${extension} has a header row but no users under it. Add one row per user under the headers, then upload it again.`,
    );
    expect(refusal(`users.${extension}`, write(XLSX.utils.aoa_to_sheet([]))).message).toMatch(new RegExp(`^users\\.${extension} is empty: it holds no header and no rows\\.`));
  });
});

describe("protected and hostile workbooks", () => {
  it("refuses a password-protected workbook with a way out", () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512), Buffer.from("EncryptionInfo", "utf16le")]);
    for (const name of ["secret.xlsx", "secret.xls"]) {
      expect(refusal(name, ole).message).toBe(`${name} is password-protected. Remove the password in Excel, save the file and upload it again.`);
    }
  });

  it("refuses an .xlsx whose parts are a zip bomb before the spreadsheet reader unpacks them", async () => {
    // 300 MB of one byte: past the 200 MB a workbook may unpack to, from under 300 KB.
    const zeros = await deflatedZeros(300 * 1024 * 1024);
    const bomb = buildZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "xl/worksheets/sheet1.xml", deflated: zeros },
    ]);
    expect(bomb.length).toBeLessThan(400 * 1024);
    expect(refusal("users.xlsx", bomb).message).toBe("users.xlsx › xl/worksheets/sheet1.xml unpacks to more than 200 MB; the limit is 200 MB. Import a smaller file.");
  });

  it("refuses a part compressed more than 1,000 to 1 once it is large, even under the caps", async () => {
    const bomb = buildZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "xl/worksheets/sheet1.xml", deflated: await deflatedZeros(40 * 1024 * 1024) },
    ]);
    expect(refusal("users.xlsx", bomb).message).toMatch(/^users\.xlsx › xl\/worksheets\/sheet1\.xml is compressed more than 1,000 to 1 \(\d+(\.\d)? KB unpacking to 40 MB\), the mark of a zip bomb/);
  });});

describe("sheets with a declared range far beyond their cells", () => {
  it("reads the cells only, not the whole declared range", () => {
    const workbook = xlsxBytes([["Email", "Title"], ["a@acme.test", "CTO"]]);
    // Rewrites the sheet's <dimension> as Excel leaves it after a whole sheet was formatted.
    const parts = listZipEntries(workbook, "fixture").map((entry) => {
      const data = readZipEntry(workbook, entry, 1024 * 1024, "fixture");
      if (entry.name !== "xl/worksheets/sheet1.xml") return { name: entry.name, data };
      const xml = data.toString("utf8");
      expect(xml).toContain('<dimension ref="A1:B2"/>');
      return { name: entry.name, data: xml.replace('<dimension ref="A1:B2"/>', '<dimension ref="A1:XFD1048576"/>') };
    });
    expect(readImportFile("users.xlsx", buildZip(parts))).toEqual({ headers: ["Email", "Title"], rows: [["a@acme.test", "CTO"]] });
  });

  it("refuses more data rows than the row limit", () => {
    const sheet = XLSX.utils.aoa_to_sheet([["Email"], ["a@acme.test"], ["b@acme.test"], ["c@acme.test"]]);
    expect(refusal("users.xlsx", xlsxBytes([], sheet), { maxRows: 2 }).message).toMatch(/more than 2 rows/);
    expect(readImportFile("users.xlsx", xlsxBytes([], sheet), { maxRows: 3 }).rows).toHaveLength(3);
  });
});
