import { crc32, inflateRawSync } from "node:zlib";
import { ImportFileError, formatBytes } from "./import-file-error";

/**
 * A minimal reader for the zip format (PKWARE APPNOTE): the central directory lists the entries,
 * each entry's data follows its local header. Only what an import needs: stored or deflated
 * entries, no ZIP64, no multi-disk archives, no encryption. Entries are never written to disk,
 * only inflated in memory under a size cap.
 */
export type ZipEntry = {
  name: string;
  encrypted: boolean;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
  directory: boolean;
  symlink: boolean;
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const AES = 99;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export function listZipEntries(bytes: Buffer, label: string): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd === -1) throw damaged(label, "its table of contents is missing");
  const disk = bytes.readUInt16LE(eocd + 4);
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    throw new ImportFileError(`${label} is a ZIP64 archive, which the import does not read. Zip the file again with a standard tool.`);
  }
  if (disk !== 0) throw new ImportFileError(`${label} is split over several files; put everything in one zip.`);
  if (offset + size > eocd) throw damaged(label, "its table of contents points outside the file");

  const entries: ZipEntry[] = [];
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) throw damaged(label, "its table of contents is cut short");
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const unixMode = bytes.readUInt32LE(p + 38) >>> 16;
    const name = new TextDecoder("utf-8").decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({
      name,
      // Bit 0: traditional or strong encryption; method 99: WinZip AES.
      encrypted: (flags & 1) === 1 || method === AES,
      method,
      crc: bytes.readUInt32LE(p + 16),
      compressedSize: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
      directory: name.endsWith("/"),
      symlink: (unixMode & S_IFMT) === S_IFLNK,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates one entry, refusing it as soon as it grows past maxBytes or past the size its header
 * declares: a zip bomb declares a small size and inflates to gigabytes, so the output is capped
 * rather than trusted.
 */
export function readZipEntry(bytes: Buffer, entry: ZipEntry, maxBytes: number, label: string): Buffer {
  const where = `${label} › ${entry.name}`;
  if (entry.encrypted) throw new ImportFileError(`${where} is password-protected; zip it again without a password.`);
  if (entry.size > maxBytes) throw tooLarge(where, entry.size, maxBytes);
  const p = entry.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== LOCAL) throw damaged(label, `the data of ${entry.name} is missing`);
  const nameLength = bytes.readUInt16LE(p + 26);
  const localName = new TextDecoder("utf-8").decode(bytes.subarray(p + 30, p + 30 + nameLength));
  if (localName !== entry.name) throw damaged(label, `${entry.name} is listed under two different names`);
  const start = p + 30 + nameLength + bytes.readUInt16LE(p + 28);
  if (start + entry.compressedSize > bytes.length) throw damaged(label, `the data of ${entry.name} is cut short`);
  const data = bytes.subarray(start, start + entry.compressedSize);

  let out: Buffer;
  if (entry.method === STORED) out = data;
  else if (entry.method === DEFLATED) out = inflateCapped(data, Math.min(maxBytes, entry.size) + 1, where, maxBytes);
  else throw new ImportFileError(`${where} is compressed with a method the import does not read (${entry.method}); zip it again with a standard tool.`);

  if (out.length > maxBytes) throw tooLarge(where, out.length, maxBytes);
  if (out.length !== entry.size) {
    throw new ImportFileError(`${where} unpacks to more data than its zip header declares, the mark of a zip bomb: the file is refused.`);
  }
  if (crc32(out) !== entry.crc) throw damaged(label, `${entry.name} fails its checksum`);
  return out;
}

function inflateCapped(data: Buffer, cap: number, where: string, maxBytes: number): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: cap });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw cap > maxBytes
        ? tooLarge(where, cap, maxBytes)
        : new ImportFileError(`${where} unpacks to more data than its zip header declares, the mark of a zip bomb: the file is refused.`);
    }
    throw damaged(where, `its data cannot be unpacked (${(error as Error).message})`);
  }
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the file.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let p = bytes.length - 22; p >= lowest; p--) if (bytes.readUInt32LE(p) === EOCD) return p;
  return -1;
}

function damaged(label: string, why: string): ImportFileError {
  return new ImportFileError(`${label} is not a valid zip file: ${why}. It may be damaged or cut short; save or create it again.`);
}

export function tooLarge(where: string, size: number, maxBytes: number): ImportFileError {
  return new ImportFileError(
    `${where} unpacks to ${size > maxBytes ? "more than " + formatBytes(maxBytes) : formatBytes(size)}; the limit is ${formatBytes(maxBytes)}. Import a smaller file.`,
  );
}
