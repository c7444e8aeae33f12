/**
 * What one throttle hit costs (docs/decisions/001-throttling-counter.md): sequential hits on
 * PostgreSQL (the bench database) and on an in-memory PGlite, for both kinds of rule, plus
 * contended hits on one key. Run: `npm run bench:throttle` (BENCH_DATABASE_URL overrides the PostgreSQL database).
 */
import { migrateDatabase, openPglite, type DatabaseHandle } from "../db/open";
import { attemptDelayed, hitWindow } from "../lib/throttle/counter";
import { fmt, openBenchDatabase, percentiles, time } from "./support";

const N = 2000;
const window = { bucket: "bench:window", limit: 1_000_000, windowSeconds: 3600 };
const delay = { bucket: "bench:delay", freeAttempts: 1_000_000, firstDelaySeconds: 1, maxDelaySeconds: 60, forgetAfterSeconds: 900 };

async function measure(label: string, handle: DatabaseHandle) {
  const { db } = handle;
  const run = Date.now().toString(36);
  for (let i = 0; i < 200; i++) await hitWindow(db, window, `warm-${run}-${i}`);
  const fresh: number[] = [];
  const same: number[] = [];
  const delayed: number[] = [];
  for (let i = 0; i < N; i++) fresh.push((await time(() => hitWindow(db, window, `fresh-${run}-${i}`)))[0]);
  for (let i = 0; i < N; i++) same.push((await time(() => hitWindow(db, window, `same-${run}`)))[0]);
  for (let i = 0; i < N; i++) delayed.push((await time(() => attemptDelayed(db, delay, `delay-${run}`)))[0]);
  const started = performance.now();
  await Promise.all(Array.from({ length: 10 }, () => (async () => { for (let i = 0; i < N / 10; i++) await hitWindow(db, window, `hot-${run}`); })()));
  const contended = performance.now() - started;
  console.log(`${label}`);
  console.log(`  window rule, a new key each hit:  ${fmt(percentiles(fresh))}`);
  console.log(`  window rule, one key:             ${fmt(percentiles(same))}`);
  console.log(`  delay rule, one key:              ${fmt(percentiles(delayed))}`);
  console.log(`  ${N} hits on one key from 10 concurrent callers: ${contended.toFixed(0)} ms, ${((N / contended) * 1000).toFixed(0)} hits/s`);
}

const pg = await openBenchDatabase();
await measure("PostgreSQL (postgres.js)", pg);
await pg.close();

const lite = await openPglite("memory://");
await migrateDatabase(lite);
await measure("PGlite (in memory, one connection)", lite);
await lite.close();
