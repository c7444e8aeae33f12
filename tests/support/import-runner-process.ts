/**
 * A separate OS process for lib/import/job-crash.test.ts, which kills it with SIGKILL: the crash
 * is a real one (the connection dropped, the open transaction lost, PGlite's folder left as it was).
 * The database comes from the environment as for the server: DATABASE_URL, else ROSTER_DATA_DIR.
 *
 *   run <jobId> <actor as JSON> <batch size> <hold at batch>
 *     Starts the job as the server action does and prints "batch <n>" after each committed batch.
 *     Batch <hold at> stops just before its commit, every write of the batch done, and prints
 *     "holding": the test kills the process there, so the kill lands in an open transaction.
 *   restart <jobId>
 *     The server's start (db/startup.ts), then waits until the job has ended (at most WAIT_MS:
 *     a job the server never takes up ends the process with an error, not a hang).
 *
 * Run with: node --import tsx --conditions=react-server tests/support/import-runner-process.ts ...
 */
import { eq } from "drizzle-orm";
import { getDatabase } from "../../db/client";
import { openFromEnv } from "../../db/open";
import { importJobs } from "../../db/schema";
import { prepareDatabase } from "../../db/startup";
import type { Db } from "../../db/types";
import { FINISHED, startImportJob } from "../../lib/import/job";
import type { Actor } from "../../lib/permissions";

/** Runs `fn` as every transaction does, but the hold-th batch that applied rows never commits. */
function holdBatch(db: Db, holdAt: number) {
  const transaction = db.transaction.bind(db);
  let batches = 0;
  db.transaction = ((fn, config) =>
    transaction(async (tx) => {
      const value = await fn(tx);
      // runBatch answers the number of rows it applied once they are written (lib/import/job.ts).
      if (typeof value === "number" && ++batches === holdAt) {
        console.log("holding");
        // A pending promise alone lets node exit (PGlite holds no socket): a timer keeps it alive.
        setInterval(() => {}, 60_000);
        await new Promise<never>(() => {});
      }
      return value;
    }, config)) as Db["transaction"];
}

async function run([jobId, actorJson, batchSize, holdAt]: string[]) {
  const handle = await openFromEnv();
  holdBatch(handle.db, Number(holdAt));
  let batches = 0;
  const actor = JSON.parse(actorJson) as Actor;
  const { finished } = await startImportJob(handle.db, actor, jobId, {
    batchSize: Number(batchSize),
    // Batches of exactly that size, not bounded by time: the test knows which rows each one holds.
    batchMs: Infinity,
    afterBatch: async () => {
      console.log(`batch ${++batches}`);
    },
  });
  await finished;
  await handle.close();
  console.log("finished");
}

const WAIT_MS = 120_000;

async function restart([jobId]: string[]) {
  const { importsResumed } = await prepareDatabase();
  await importsResumed;
  // The job may be taken up later than the start (a heartbeat still fresh): the database says when it ended.
  const handle = await getDatabase();
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const [job] = await handle.db.select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, jobId));
    if (FINISHED.includes(job.status)) break;
    if (Date.now() > until) throw new Error(`Import ${jobId} is still ${job.status} ${WAIT_MS / 1000} s after the start.`);
    await new Promise((settle) => setTimeout(settle, 250));
  }
  await handle.close();
  console.log("restarted");
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "run") await run(args);
else if (mode === "restart") await restart(args);
else throw new Error(`Unknown mode ${mode}: run or restart.`);
