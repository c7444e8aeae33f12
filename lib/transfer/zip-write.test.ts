import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { listZipEntries, readZipEntry } from "./zip-read";
import { zipStream, type ZipEntrySource, type ZipOptions } from "./zip-write";

/** SheetJS's own zip reader (CFB), which shares no code with ours: the second opinion. */
type CfbEntry = { name: string; type: number; content?: Uint8Array };
const CFB = (XLSX as unknown as { CFB: { read(data: Buffer, o: { type: "buffer" }): { FullPaths: string[]; FileIndex: CfbEntry[] } } }).CFB;

async function zipOf(entries: ZipEntrySource[], options: ZipOptions = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of zipStream(entries, options)) parts.push(part);
  return Buffer.concat(parts);
}

const MB = 1024 * 1024;
const noise = randomBytes(300 * 1024);
const ENTRIES = () => [
  { name: "hello.txt", data: ["Hello, ", "zip", Buffer.from("!\n")] },
  { name: "empty.txt", data: [] },
  { name: "nothing-either.txt", data: ["", Buffer.alloc(0)] },
  { name: "dossier/Crème brûlée — naïve 漢字.txt", data: ["é".repeat(10_000)] },
  // Incompressible, in pieces: deflate's output spans several chunks and outgrows the input.
  { name: "noise.bin", data: [noise.subarray(0, 100_000), noise.subarray(100_000)] },
];
const EXPECTED: Record<string, Buffer> = {
  "hello.txt": Buffer.from("Hello, zip!\n"),
  "empty.txt": Buffer.alloc(0),
  "nothing-either.txt": Buffer.alloc(0),
  "dossier/Crème brûlée — naïve 漢字.txt": Buffer.from("é".repeat(10_000)),
  "noise.bin": noise,
};

describe("zipStream", () => {
  it("reads back entry for entry with our import's reader: names in UTF-8, empty entries, checksums", async () => {
    const zip = await zipOf(ENTRIES());
    const entries = listZipEntries(zip, "test.zip");
    expect(entries.map((e) => e.name)).toEqual(Object.keys(EXPECTED));
    for (const entry of entries) {
      expect(entry).toMatchObject({ method: 8, encrypted: false, directory: false, symlink: false, size: EXPECTED[entry.name].length });
      // readZipEntry checks the CRC and the declared size against the inflated data.
      expect(readZipEntry(zip, entry, 10 * MB, "test.zip").equals(EXPECTED[entry.name])).toBe(true);
    }
    expect(entries.find((e) => e.name === "dossier/Crème brûlée — naïve 漢字.txt")!.compressedSize).toBeLessThan(1_000);
  });

  it("reads back with SheetJS's zip reader too", async () => {
    const book = CFB.read(await zipOf(ENTRIES()), { type: "buffer" });
    // CFB ignores the UTF-8 flag and gives a name's bytes one character each; unzip and Python's zipfile read it as UTF-8.
    const paths = book.FullPaths.map((p) => Buffer.from(p, "latin1").toString("utf8"));
    for (const [name, bytes] of Object.entries(EXPECTED)) {
      const at = paths.findIndex((p) => p.endsWith(`/${name}`));
      expect(at, name).toBeGreaterThan(-1);
      expect(Buffer.from(book.FileIndex[at].content ?? []).equals(bytes), name).toBe(true);
    }
  });

  it("marks each entry as streamed (sizes in a data descriptor) with a UTF-8 name, the real sizes in the directory", async () => {
    const zip = await zipOf([{ name: "é.txt", data: ["abc"] }], { modified: new Date(2026, 0, 31, 13, 45, 10) });
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(6)).toBe(0x0808);
    // Local CRC and sizes are zero; the descriptor after the data holds them.
    expect([zip.readUInt32LE(14), zip.readUInt32LE(18), zip.readUInt32LE(22)]).toEqual([0, 0, 0]);
    expect(zip.subarray(30, 30 + zip.readUInt16LE(26)).toString("utf8")).toBe("é.txt");
    const [entry] = listZipEntries(zip, "t.zip");
    const descriptor = 30 + Buffer.byteLength("é.txt") + entry.compressedSize;
    expect(zip.readUInt32LE(descriptor)).toBe(0x08074b50);
    expect([zip.readUInt32LE(descriptor + 4), zip.readUInt32LE(descriptor + 8), zip.readUInt32LE(descriptor + 12)]).toEqual([entry.crc, entry.compressedSize, 3]);
    // The directory's record: made on Unix (Info-ZIP's unzip then trusts the UTF-8 flag), a regular rw-r--r-- file.
    const central = zip.readUInt32LE(zip.length - 22 + 16);
    expect(zip.readUInt32LE(central)).toBe(0x02014b50);
    expect(zip.readUInt16LE(central + 4)).toBe(0x0314);
    expect(zip.readUInt16LE(central + 8)).toBe(0x0808);
    expect((zip.readUInt32LE(central + 38) >>> 16).toString(8)).toBe("100644");
    // DOS date and time: 2026-01-31 13:45:10.
    expect(zip.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (1 << 5) | 31);
    expect(zip.readUInt16LE(10)).toBe((13 << 11) | (45 << 5) | 5);
  });

  it("writes an archive with no entries that readers accept", async () => {
    const zip = await zipOf([]);
    expect(zip).toHaveLength(22);
    expect(listZipEntries(zip, "empty.zip")).toEqual([]);
  });

  it("refuses an entry past the 32-bit limit instead of writing a broken archive", async () => {
    const run = zipOf([{ name: "big.bin", data: [Buffer.alloc(600), Buffer.alloc(600)] }], { limitBytes: 1_000 });
    await expect(run).rejects.toThrow(/big\.bin holds more than 1,000 bytes, beyond what a zip without ZIP64 holds/);
    // The archive as a whole too: each entry under the limit, together over it.
    const many = zipOf([{ name: "a", data: [randomBytes(600)] }, { name: "b", data: [randomBytes(600)] }], { limitBytes: 1_000 });
    await expect(many).rejects.toThrow(/the archive passes 1,000 bytes/);
  });

  it("passes on a failure of the entry's data", async () => {
    async function* failing() {
      yield "a".repeat(1_000);
      throw new Error("the database went away");
    }
    await expect(zipOf([{ name: "a.txt", data: failing() }])).rejects.toThrow("the database went away");
  });

  it("reads an entry's data only as fast as the archive is read, and stops reading it when the reader stops", async () => {
    let produced = 0;
    let finished = false;
    async function* data() {
      try {
        for (let i = 0; i < 1_000; i++) {
          produced += 1;
          yield randomBytes(64 * 1024);
        }
      } finally {
        finished = true;
      }
    }
    const zip = zipStream([{ name: "stream.bin", data: data() }]);
    for (let read = 0; read < 10; read++) await zip.next();
    const after = produced;
    await new Promise((r) => setTimeout(r, 50));
    // One chunk is compressed while the next is read: nothing more is asked for meanwhile.
    expect(produced).toBe(after);
    expect(produced).toBeLessThan(20);
    await zip.return(undefined);
    expect(finished).toBe(true);
  });
});
