import { once } from "node:events";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

/**
 * A tiny zip writer for import tests: enough of the format (PKWARE APPNOTE) to build the good
 * and the hostile archives a user could upload. `declaredSize` lies about an entry's size, as
 * a zip bomb does; `flags` and `unixMode` forge encrypted entries and symbolic links.
 */
export type ZipFixtureEntry = {
  name: string;
  data?: Buffer | string;
  /** Already-deflated data, for entries too big to build in memory first. */
  deflated?: { data: Buffer; size: number; crc: number };
  store?: boolean;
  declaredSize?: number;
  flags?: number;
  unixMode?: number;
};

export function buildZip(entries: ZipFixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const raw = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : (entry.data ?? Buffer.alloc(0));
    const method = entry.store || entry.name.endsWith("/") ? 0 : 8;
    const body = entry.deflated?.data ?? (method === 8 ? deflateRawSync(raw) : raw);
    const size = entry.declaredSize ?? entry.deflated?.size ?? raw.length;
    const crc = entry.deflated?.crc ?? crc32(raw);
    const flags = 0x0800 | (entry.flags ?? 0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Deflates `size` zero bytes as a stream, so a 200 MB bomb never sits in memory uncompressed. */
export async function deflatedZeros(size: number): Promise<{ data: Buffer; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (c: Buffer) => out.push(c));
  const chunk = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let done = 0; done < size; done += chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, size - done));
    crc = crc32(part, crc);
    if (!deflate.write(part)) await once(deflate, "drain");
  }
  deflate.end();
  await once(deflate, "end");
  return { data: Buffer.concat(out), size, crc };
}
