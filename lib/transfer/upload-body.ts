/**
 * An upload's body read under a byte limit as it arrives (issue 10, requirement 6): the count
 * stops the read at the first chunk past the limit, so an oversized or endless body costs the
 * server at most the limit in memory and never the whole transfer.
 */

export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; reason: "too_large" };

export async function readBodyWithin(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<BodyRead> {
  if (!body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Nothing more is wanted: the source may stop sending.
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}
