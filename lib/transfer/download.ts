/**
 * A file download over HTTP: the Content-Disposition header (RFC 6266) and a byte stream fed by
 * a generator of text chunks.
 */

/**
 * `attachment` with an ASCII `filename` for old clients and the exact name as `filename*`
 * (RFC 8187 UTF-8 percent-encoding), which every current browser prefers.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The chunks (text, or bytes already UTF-8) as UTF-8 bytes, read from the generator only when the stream asks for more (pull):
 * a slow client holds the database reads back instead of filling memory. A client that goes away
 * ends the generator, which stops reading.
 */
export function byteStream(chunks: AsyncGenerator<string | Uint8Array, void, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
        } catch (err) {
          // Headers are gone already: the client sees a cut download, the log says why.
          console.error("Download stopped before the end", err);
          controller.error(err);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    // One chunk (a batch of rows, about half a megabyte) queued ahead while the previous one is sent.
    { highWaterMark: 1 },
  );
}
