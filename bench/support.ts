import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { migrateDatabase, openPostgres, type DatabaseHandle } from "../db/open";

export const BENCH_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/roster_bench";

/** The benchmark database (created when missing), migrated. */
export async function openBenchDatabase(): Promise<DatabaseHandle> {
  const admin = new URL(BENCH_URL);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const a = await openPostgres(admin.toString(), { max: 1 });
  const exists = (await a.db.execute(sql`select 1 from pg_database where datname = ${name}`)) as unknown as unknown[];
  if (exists.length === 0) await a.db.execute(sql.raw(`create database ${name}`));
  await a.close();
  const handle = await openPostgres(BENCH_URL, { max: 12 });
  await migrateDatabase(handle);
  return handle;
}

export function percentiles(samples: number[]) {
  const s = [...samples].sort((x, y) => x - y);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { n: s.length, p50: at(50), p95: at(95), max: s[s.length - 1] };
}

export function fmt(p: ReturnType<typeof percentiles>) {
  return `n=${p.n}  p50 ${p.p50.toFixed(1)} ms  p95 ${p.p95.toFixed(1)} ms  max ${p.max.toFixed(1)} ms`;
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

/** Runs a command to its end (a build, a seed), its output shown; rejects on a non-zero exit. */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: "inherit" });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`))));
  });
}

/** Waits until the URL answers 2xx (a server starting), polling every half second. */
export async function waitForUrl(url: string, tries = 120) {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer`);
}
