import { Worker, type WorkerOptions } from "node:worker_threads";
import type { ParsedTable } from "./fields";
import { ImportFileError } from "./import-file-error";
import { baseName, type ImportLimits } from "./read-file";
import type { ReadMessage, ReadRequest } from "./read-worker";

/**
 * readImportFile on a worker thread (issue 10, requirement 6): a file that takes seconds to parse
 * (a full sheet, a hostile CSV) occupies a worker while the event loop goes on serving every
 * other request. A read that outlasts its time budget is stopped and the admin told so.
 */

export const READ_TIME_BUDGET_MS = 30_000;
/** Reads at once per process; more wait their turn. Each may take a core and a few hundred MB. */
const MAX_READERS = 2;
/** A worker's heap: a 50 MB workbook parses in well under this, a runaway one stops here. */
const WORKER_HEAP_MB = 4096;

export type OffThreadOptions = { limits?: ImportLimits; timeoutMs?: number };

export function tooSlow(seconds: number): ImportFileError {
  return new ImportFileError(
    `The file took too long to read (more than ${seconds} seconds) and was set aside. Split it into smaller files, or save it as CSV UTF-8, which reads fastest.`,
  );
}

let running = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= MAX_READERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** The bytes are moved to the worker, not copied: the caller's buffer is empty afterwards. */
export async function readImportFileOffThread(name: string, bytes: Uint8Array, options: OffThreadOptions = {}): Promise<ParsedTable> {
  const done = await turn();
  try {
    return await readInWorker(name, bytes, options);
  } finally {
    done();
  }
}

function readInWorker(name: string, bytes: Uint8Array, { limits, timeoutMs = READ_TIME_BUDGET_MS }: OffThreadOptions): Promise<ParsedTable> {
  // The bytes move to the worker without a copy, unless they share memory with other buffers
  // (Node's small-buffer pool): moving that would take it from under them.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
  const request: ReadRequest = { name, bytes: own, limits };
  return new Promise<ParsedTable>((resolve, reject) => {
    const options = { workerData: request, transferList: [own.buffer as ArrayBuffer], resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
    // Inside Next (dev and start), its bundler (Turbopack) finds the worker's entry in this exact
    // form and builds it as a chunk of its own. Outside Next (vitest, tsx scripts) the source runs
    // as TypeScript, and so must the worker. import.meta.url cannot tell: Turbopack sets it to the
    // source file's address.
    const worker = process.env.NEXT_RUNTIME ? new Worker(new URL("./read-worker.ts", import.meta.url), options) : typeScriptWorker(options);
    const rows: string[][] = [];
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(tooSlow(Math.round(timeoutMs / 1000)))), timeoutMs);
    worker.on("message", (message: ReadMessage) => {
      if (message.kind === "rows") for (const row of message.rows) rows.push(row);
      else if (message.kind === "done") settle(() =>
          resolve({
            headers: message.headers,
            rows,
            ...(message.preamble?.length ? { preamble: message.preamble } : {}),
            ...(message.headerRow ? { headerRow: message.headerRow } : {}),
          }),
        );
      else if (message.kind === "refused") settle(() => reject(new ImportFileError(message.message)));
      else settle(() => reject(new Error(`Reading ${baseName(name)} failed in its worker: ${message.message}`)));
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        settle(() => reject(new ImportFileError(`${baseName(name)} needs more memory to read than one file may take. Split it into smaller files, or save it as CSV UTF-8.`)));
      } else {
        settle(() => reject(error));
      }
    });
    worker.on("exit", (code) => settle(() => reject(new Error(`The worker reading ${baseName(name)} stopped (exit code ${code}) before it answered.`))));
  });
}

/** The worker's TypeScript source loaded through tsx (a development dependency: tests and scripts only). */
function typeScriptWorker(options: WorkerOptions): Worker {
  const entry = import.meta.url.replace(/read-off-thread\.ts$/, "read-worker.ts");
  const boot = `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(boot, { ...options, eval: true });
}
