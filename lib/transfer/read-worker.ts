import { parentPort, workerData } from "node:worker_threads";
import { ImportFileError, readImportFile, type ImportLimits } from "./read-file";

/**
 * The worker thread that reads an uploaded file (read-off-thread.ts starts it): readImportFile as
 * is, so that parsing a large or hostile file never holds the server's event loop. The rows go
 * back in chunks: one message of a million rows would be copied into the main thread in one go,
 * stalling it as long as the parse itself.
 */

export type ReadRequest = { name: string; bytes: Uint8Array; limits?: ImportLimits };
export type ReadMessage =
  | { kind: "rows"; rows: string[][] }
  | { kind: "done"; headers: string[]; preamble?: string[]; headerRow?: number }
  | { kind: "refused"; message: string }
  | { kind: "failed"; message: string };

export const ROWS_PER_MESSAGE = 5_000;

const port = parentPort;
const request = workerData as ReadRequest | undefined;
if (port && request) {
  const send = (message: ReadMessage) => port.postMessage(message);
  try {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    const table = readImportFile(request.name, bytes, request.limits);
    for (let at = 0; at < table.rows.length; at += ROWS_PER_MESSAGE) send({ kind: "rows", rows: table.rows.slice(at, at + ROWS_PER_MESSAGE) });
    send({ kind: "done", headers: table.headers, preamble: table.preamble, headerRow: table.headerRow });
  } catch (error) {
    send(error instanceof ImportFileError ? { kind: "refused", message: error.message } : { kind: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
