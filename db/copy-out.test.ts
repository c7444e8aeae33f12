import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { binaryCopyValues, concurrencyLimit, inlinedStatement } from "./copy-out";

/** A one-column binary COPY as PostgreSQL sends it: signature, flags, extension, rows, end marker. */
function binaryCopy(values: (string | null)[], extension = Buffer.alloc(0)): Buffer {
  const parts = [Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(4), Buffer.alloc(4)];
  parts[2].writeUInt32BE(extension.length);
  parts.push(extension);
  for (const value of values) {
    const head = Buffer.alloc(6);
    head.writeInt16BE(1);
    if (value === null) {
      head.writeInt32BE(-1, 2);
      parts.push(head);
      continue;
    }
    const bytes = Buffer.from(value, "utf8");
    head.writeInt32BE(bytes.length, 2);
    parts.push(head, bytes);
  }
  const end = Buffer.alloc(2);
  end.writeInt16BE(-1);
  parts.push(end);
  return Buffer.concat(parts);
}

async function* pieces(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(stream: AsyncIterable<Uint8Array>, chunkSize?: number) {
  const out: Buffer[] = [];
  for await (const chunk of binaryCopyValues(stream, chunkSize)) out.push(chunk);
  return out;
}

describe("binaryCopyValues", () => {
  const rows = ["ID,Name\r\n", "1,Zoé Ångström\r\n", null, '2,"line one\r\nline two"\r\n', "", "3,日本語\r\n"];
  const expected = rows.filter((r) => r !== null).join("");

  it.each([1, 2, 5, 7, 64, 10_000])("reads the values whole however the stream cuts them (pieces of %i bytes)", async (size) => {
    const chunks = await read(pieces(binaryCopy(rows, Buffer.from("ext")), size), 8);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(expected);
    // Joined into chunks at value boundaries: each chunk is valid UTF-8 on its own.
    for (const chunk of chunks) expect(Buffer.from(chunk.toString("utf8"), "utf8").equals(chunk)).toBe(true);
  });

  it("yields nothing for an empty result", async () => {
    expect(await read(pieces(binaryCopy([]), 3))).toEqual([]);
  });

  it("refuses a stream cut before its end marker, and one that is not a binary COPY", async () => {
    const whole = binaryCopy(rows);
    await expect(read(pieces(whole.subarray(0, whole.length - 2), 16))).rejects.toThrow("ended before its end marker");
    await expect(read(pieces(Buffer.from("1,Zoé\n".repeat(10)), 16))).rejects.toThrow("Not a binary COPY");
  });
});

describe("inlinedStatement", () => {
  it("writes text values as E'' literals that survive quotes and backslashes", () => {
    const text = inlinedStatement(sql`select ${"O'Brien \\' or 1=1 --"} as a, ${42} as b, ${true} as c, ${null} as d`);
    expect(text).toBe(`select E'O''Brien \\\\'' or 1=1 --' as a, 42 as b, true as c, null as d`);
  });

  it("refuses a value it would have to guess how to write", () => {
    expect(() => inlinedStatement(sql`select ${new Date(0)}::timestamptz`)).toThrow("text, numbers and booleans only");
  });
});

describe("concurrencyLimit", () => {
  it("lets `max` in at once, queues the others in order, and counts a double release once", async () => {
    const acquire = concurrencyLimit(2);
    const order: string[] = [];
    const first = await acquire();
    const second = await acquire();
    const third = acquire().then((release) => (order.push("third"), release));
    const fourth = acquire().then((release) => (order.push("fourth"), release));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order).toEqual([]);
    first();
    first();
    const thirdRelease = await third;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order).toEqual(["third"]);
    second();
    const fourthRelease = await fourth;
    expect(order).toEqual(["third", "fourth"]);
    thirdRelease();
    fourthRelease();
    // All released: two can enter again at once.
    const again = await Promise.all([acquire(), acquire()]);
    expect(again).toHaveLength(2);
  });
});
