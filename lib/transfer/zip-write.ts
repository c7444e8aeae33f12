import { crc32, createDeflateRaw } from "node:zlib";

/**
 * A zip writer (PKWARE APPNOTE) that streams: each entry's data is deflated as it arrives and
 * the archive comes out as Buffers, so a large file (a workbook of a million users) is never
 * whole in memory. Sizes and checksums are known only after an entry's data, so each entry's
 * local header says so (flag bit 3) and a data descriptor follows the data; the central
 * directory at the end holds the real values, which is what readers (lib/transfer/zip-read.ts,
 * Excel, unzip) go by. No ZIP64: an archive that would need it is refused.
 */

export type ZipEntrySource = {
  /** Path inside the archive, "/"-separated; written as UTF-8 (flag bit 11). */
  name: string;
  data: AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
};

export type ZipOptions = {
  /**
   * Deflate level, 6 (zlib's default) unless told. At 100,000 users (bench/export.ts
   * --xlsx-level) level 1 was no faster, since zlib runs on the thread pool while the next rows
   * are read and written, and its file was 23% larger (14.6 MB against 11.9 MB).
   */
  level?: number;
  /** The entries' modification time (the DOS fields of their headers). */
  modified?: Date;
  /** Beyond this an entry's data or the archive is refused: what 32-bit zip fields hold. Lowered only by tests. */
  limitBytes?: number;
};

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;
const DEFLATED = 8;
/** Bit 3: sizes and CRC in a data descriptor after the data; bit 11: the name is UTF-8. */
const FLAGS = 0x0008 | 0x0800;
/** 2.0: deflate and data descriptors, nothing newer. */
const VERSION = 20;
/**
 * Made on Unix (host 3): Info-ZIP's unzip reads the names of entries made on MS-DOS (host 0) as
 * code page 437 despite the UTF-8 flag. From a Unix entry it takes the file's permissions from
 * the external attributes, hence a regular file's mode there.
 */
const MADE_BY = (3 << 8) | VERSION;
/** A regular file, rw-r--r--, in the high half (Unix mode). */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
const LIMIT_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;

type Written = { name: Buffer; crc: number; compressedSize: number; size: number; offset: number };

/** The archive's bytes, entry after entry, pulled as the consumer reads them. */
export async function* zipStream(entries: AsyncIterable<ZipEntrySource> | Iterable<ZipEntrySource>, options: ZipOptions = {}): AsyncGenerator<Buffer, void, undefined> {
  const level = options.level ?? 6;
  const [time, date] = dosDateTime(options.modified ?? new Date());
  const limit = Math.min(options.limitBytes ?? LIMIT_32, LIMIT_32);
  const written: Written[] = [];
  let offset = 0;

  for await (const entry of entries) {
    if (written.length === MAX_ENTRIES) throw new RangeError(`A zip without ZIP64 holds at most ${MAX_ENTRIES} entries.`);
    const name = Buffer.from(entry.name, "utf8");
    const header = localHeader(name, time, date);
    const start = offset;
    yield header;
    offset += header.length;

    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    for await (const out of deflated(entry.data, level, (input) => {
      crc = crc32(input, crc);
      size += input.length;
      if (size > limit) throw tooLarge(`${entry.name} holds more than ${formatLimit(limit)}`);
    })) {
      compressedSize += out.length;
      yield out;
    }
    offset += compressedSize;

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    yield descriptor;
    offset += descriptor.length;
    // The next header (or the central directory) must start within 4 GB for its 32-bit offset.
    if (offset > limit) throw tooLarge(`the archive passes ${formatLimit(limit)}`);
    written.push({ name, crc, compressedSize, size, offset: start });
  }

  const directoryStart = offset;
  let directorySize = 0;
  for (const entry of written) {
    const record = centralRecord(entry, time, date);
    directorySize += record.length;
    yield record;
  }
  if (directoryStart + directorySize > limit) throw tooLarge(`the archive passes ${formatLimit(limit)}`);
  yield endOfCentralDirectory(written.length, directorySize, directoryStart);
}

/**
 * The data deflated, chunk after chunk. zlib works on the thread pool, so while it compresses
 * one chunk the next is read (a sheet's next rows are written): memory holds two input chunks
 * and their output at most. `seen` checks every input chunk before it is compressed.
 */
async function* deflated(data: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, level: number, seen: (input: Buffer) => void): AsyncGenerator<Buffer, void, undefined> {
  const deflate = createDeflateRaw({ level, chunkSize: 64 * 1024 });
  const ready: Buffer[] = [];
  let failure: Error | null = null;
  // Flowing mode: output is taken as zlib pushes it, so the stream never stalls on a full buffer.
  deflate.on("data", (out: Buffer) => ready.push(out));
  deflate.on("error", (err) => (failure ??= err));
  const write = (input: Buffer) => {
    const done = new Promise<void>((resolve, reject) => deflate.write(input, (err) => (err ? reject(err) : resolve())));
    // Awaited on the next chunk or at the end; until then a failure is kept, not left unhandled.
    done.catch(() => {});
    return done;
  };
  try {
    let writing: Promise<void> | null = null;
    for await (const chunk of data) {
      const input = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      if (input.length === 0) continue;
      seen(input);
      if (writing) await writing;
      if (failure) throw failure;
      writing = write(input);
      if (ready.length > 0) yield* ready.splice(0);
    }
    if (writing) await writing;
    await new Promise<void>((resolve, reject) => {
      deflate.once("end", resolve);
      deflate.once("error", reject);
      deflate.end();
    });
    if (failure) throw failure;
    yield* ready.splice(0);
  } finally {
    // A consumer that stopped early (a cancelled download) must not leave zlib's memory behind.
    deflate.destroy();
  }
}

function localHeader(name: Buffer, time: number, date: number): Buffer {
  const header = Buffer.alloc(30 + name.length);
  header.writeUInt32LE(LOCAL, 0);
  header.writeUInt16LE(VERSION, 4);
  header.writeUInt16LE(FLAGS, 6);
  header.writeUInt16LE(DEFLATED, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  // CRC and sizes (offsets 14-25) stay 0: bit 3 says they follow the data.
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  name.copy(header, 30);
  return header;
}

function centralRecord(entry: Written, time: number, date: number): Buffer {
  const record = Buffer.alloc(46 + entry.name.length);
  record.writeUInt32LE(CENTRAL, 0);
  record.writeUInt16LE(MADE_BY, 4);
  record.writeUInt16LE(VERSION, 6);
  record.writeUInt16LE(FLAGS, 8);
  record.writeUInt16LE(DEFLATED, 10);
  record.writeUInt16LE(time, 12);
  record.writeUInt16LE(date, 14);
  record.writeUInt32LE(entry.crc, 16);
  record.writeUInt32LE(entry.compressedSize, 20);
  record.writeUInt32LE(entry.size, 24);
  record.writeUInt16LE(entry.name.length, 28);
  // Extra field, comment, disk number, internal attributes: none (zeros).
  record.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  record.writeUInt32LE(entry.offset, 42);
  entry.name.copy(record, 46);
  return record;
}

function endOfCentralDirectory(count: number, size: number, start: number): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(EOCD, 0);
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(size, 12);
  record.writeUInt32LE(start, 16);
  return record;
}

/** MS-DOS time and date (2-second steps, years from 1980), in local time as zip tools show it. */
function dosDateTime(at: Date): [number, number] {
  const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
  const time = (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2);
  const date = ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate();
  return [time, date];
}

function formatLimit(bytes: number): string {
  return bytes === LIMIT_32 ? "4 GB" : `${bytes.toLocaleString("en")} bytes`;
}

function tooLarge(why: string): RangeError {
  return new RangeError(`This file cannot be written as a zip: ${why}, beyond what a zip without ZIP64 holds.`);
}
