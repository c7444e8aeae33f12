/**
 * What removing an abandoned preview of 100,000 rows costs (lib/import/abandoned.ts): the sweep in
 * chunks of 5,000 rows with a yield between, against one statement that lets the cascade take them
 * all, on an in-memory PGlite (one connection: what a request waits for) and on PostgreSQL. A
 * probe query every 5 ms stands for the requests served meanwhile; its worst wait is printed.
 * Run: `npx tsx --conditions=react-server bench/abandoned-sweep.ts` (BENCH_DATABASE_URL overrides
 * the PostgreSQL database).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf } from "../db/json-records";
import { migrateDatabase, openPglite, type DatabaseHandle } from "../db/open";
import { sweepAbandonedImportJobs } from "../lib/import/abandoned";
import { openBenchDatabase } from "./support";

const ROWS = 100_000;

/** A job uploaded two days ago with ROWS rows of 15 cells, about an exported user's size. */
async function abandonedJob(handle: DatabaseHandle, clientspaceId: string): Promise<string> {
  const [{ id: jobId }] = rowsOf<{ id: string }>(
    await handle.db.execute(sql`
      insert into import_jobs (clientspace_id, status, file_name, format, rows_total, created_at)
      values (${clientspaceId}, 'previewed', 'bench.csv', 'csv', ${ROWS}, now() - interval '2 days') returning id`),
  );
  await handle.db.execute(sql`
    insert into import_job_rows (job_id, row_number, raw, planned)
    select ${jobId}::uuid, g, jsonb_build_array(g::text, 'user' || g, 'user' || g || '@example.test', 'Lastname', 'Firstname', 'Job title',
      'Service', '+33 1 23 45 67 89', 'Sales: Editor', 'false', 'false', 'active', '', 'internal', 'false'), 'create'
    from generate_series(2, ${ROWS + 1}) g`);
  return jobId;
}

/**
 * Runs `work` while a timer ticks every 5 ms and a probe query follows each tick: PGlite runs on
 * the main thread, so the longest gap between ticks is how long any request would have waited.
 */
async function withProbe(handle: DatabaseHandle, work: () => Promise<unknown>): Promise<{ total: number; worst: number }> {
  let worst = 0;
  let last = performance.now();
  let probing = Promise.resolve();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    probing = probing.then(async () => {
      const sent = performance.now();
      await handle.db.execute(sql`select 1`);
      worst = Math.max(worst, performance.now() - sent);
    });
  }, 5);
  const started = performance.now();
  await work();
  const total = performance.now() - started;
  // A statement that held the thread to the end is seen here, before the timer is stopped.
  worst = Math.max(worst, performance.now() - last);
  clearInterval(timer);
  await probing;
  return { total, worst };
}

async function measure(label: string, handle: DatabaseHandle) {
  const slug = `bench-sweep-${Date.now().toString(36)}`;
  const [{ id: clientspaceId }] = rowsOf<{ id: string }>(
    await handle.db.execute(sql`insert into clientspaces (name, slug) values ('Bench sweep', ${slug}) returning id`),
  );

  await abandonedJob(handle, clientspaceId);
  const chunked = await withProbe(handle, () => sweepAbandonedImportJobs(handle.db, { clientspaceId }));
  const jobId = await abandonedJob(handle, clientspaceId);
  const single = await withProbe(handle, () => handle.db.execute(sql`delete from import_jobs where id = ${jobId}`));
  await handle.db.execute(sql`delete from clientspaces where slug = ${slug}`);

  console.log(label);
  console.log(`  sweep in chunks of 5,000: ${chunked.total.toFixed(0)} ms for ${ROWS.toLocaleString("en")} rows; a query meanwhile waited at most ${chunked.worst.toFixed(0)} ms`);
  console.log(`  one cascading delete:     ${single.total.toFixed(0)} ms; a query meanwhile waited at most ${single.worst.toFixed(0)} ms`);
}

const folder = mkdtempSync(join(tmpdir(), "roster-bench-sweep-"));
const lite = await openPglite(join(folder, "pglite"));
await migrateDatabase(lite);
await measure("PGlite (a data folder, as npm run dev; one connection on the main thread)", lite);
await lite.close();
rmSync(folder, { recursive: true, force: true });

const pg = await openBenchDatabase();
await measure("PostgreSQL (postgres.js)", pg);
await pg.close();
