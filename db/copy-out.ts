import "server-only";
import { type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

/** COPY ... TO STDOUT from PostgreSQL, streamed, on a connection of its own: docs/decisions/003-binary-copy.md says why. */

/**
 * COPY takes no bind parameters: the values are written into the statement. Strings as E''
 * literals with backslashes and quotes doubled, safe whatever standard_conforming_strings says;
 * anything but text, numbers, booleans and null is refused (nothing else is ever bound here).
 */
class InliningDialect extends PgDialect {
  override escapeString(str: string): string {
    return `E'${str.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  }
}
const dialect = new InliningDialect();

export function inlinedStatement(query: SQL): string {
  for (const value of dialect.sqlToQuery(query).params) {
    if (value !== null && !["string", "number", "boolean"].includes(typeof value)) {
      throw new TypeError(`A COPY statement takes text, numbers and booleans only; got ${Object.prototype.toString.call(value)}.`);
    }
  }
  return dialect.sqlToQuery(query.inlineParams()).sql;
}

/** The 11-byte signature, the flags and the header extension's length open a binary COPY. */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_SIZE = SIGNATURE.length + 8;

/**
 * The values of a one-column binary COPY, as their raw bytes (text arrives as UTF-8, unescaped),
 * joined into chunks of about `chunkSize` bytes. The stream's chunks may cut a row anywhere.
 */
export async function* binaryCopyValues(stream: AsyncIterable<Uint8Array>, chunkSize = 64 * 1024): AsyncGenerator<Buffer, void, undefined> {
  let pending: Buffer = Buffer.alloc(0);
  let headerRead = false;
  let ended = false;
  let out: Buffer[] = [];
  let outSize = 0;
  for await (const piece of stream) {
    if (ended) continue;
    const buf: Buffer = pending.length > 0 ? Buffer.concat([pending, piece]) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let at = 0;
    if (!headerRead) {
      if (buf.length < HEADER_SIZE) {
        pending = buf;
        continue;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("Not a binary COPY stream.");
      const rowsStart = HEADER_SIZE + buf.readUInt32BE(SIGNATURE.length + 4);
      if (buf.length < rowsStart) {
        pending = buf;
        continue;
      }
      at = rowsStart;
      headerRead = true;
    }
    while (at + 2 <= buf.length) {
      const fields = buf.readInt16BE(at);
      if (fields === -1) {
        ended = true;
        at = buf.length;
        break;
      }
      if (fields !== 1) throw new Error(`A one-column COPY was expected; a row has ${fields} columns.`);
      if (at + 6 > buf.length) break;
      const length = buf.readInt32BE(at + 2);
      if (length === -1) {
        at += 6;
        continue;
      }
      if (at + 6 + length > buf.length) break;
      out.push(buf.subarray(at + 6, at + 6 + length));
      outSize += length;
      at += 6 + length;
    }
    // The unfinished row waits for the next piece; a copy, so that the piece can be let go.
    pending = at < buf.length ? Buffer.from(buf.subarray(at)) : Buffer.alloc(0);
    if (outSize >= chunkSize) {
      yield Buffer.concat(out, outSize);
      out = [];
      outSize = 0;
    }
  }
  if (!ended) throw new Error("The COPY stream ended before its end marker.");
  if (outSize > 0) yield Buffer.concat(out, outSize);
}

/**
 * At most `max` holders at once; the others wait in line. `acquire` resolves to the release.
 * The slot passes straight to the next in line, so that no newcomer overtakes the queue.
 */
export function concurrencyLimit(max: number): () => Promise<() => void> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async () => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
}

/**
 * COPYs running at once in this process: each holds a connection beside the pool, so that a burst
 * of downloads queues here instead of exhausting the server's max_connections.
 */
export const MAX_CONCURRENT_COPIES = 4;
const copySlot = concurrencyLimit(MAX_CONCURRENT_COPIES);

/**
 * The text values of `select` (one column), in its order, as UTF-8 chunks: COPY (select) TO
 * STDOUT in binary format on a connection of its own.
 */
export async function* copyOutText(databaseUrl: string, select: SQL): AsyncGenerator<Buffer, void, undefined> {
  const statement = `copy (${inlinedStatement(select)}) to stdout (format binary)`;
  const release = await copySlot();
  const { default: postgres } = await import("postgres");
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: "roster-copy" } });
  try {
    yield* binaryCopyValues(await client.unsafe(statement).readable());
  } finally {
    // Also when the reader stopped early: closing the connection ends the COPY on the server.
    await client.end({ timeout: 0 });
    release();
  }
}
