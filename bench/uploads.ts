/**
 * npm run bench:uploads [-- --skip-build] [-- --port 3210]
 *
 * Issue 10, requirement 6: uploads never stall the server. Builds the app (into BENCH_DIST_DIR,
 * default .next-bench-uploads) and starts it with `next start` on a scratch PostgreSQL database
 * (UPLOADS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/roster_uploads_scratch, created,
 * seeded and dropped by the run), signs in as the demo admin, then uploads each file below while
 * another client requests /sign-in in a loop. Prints per file the answer (status and message),
 * its time, and the worst and p95 /sign-in latency seen meanwhile (target: worst under 1 s).
 *
 * The files: the three that froze the server before (a CSV with one 45 MB cell, an .xlsx of
 * 1,048,576 rows, a 1.4 MB CSV of 200,000 columns), a 60 MB file posted directly, and a valid
 * CSV of 100,000 new users, whose preview runs against the database.
 */
import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { migrateDatabase, openPostgres, type DatabaseHandle } from "../db/open";
import { seedDemo } from "../db/seed/demo";
import { DEMO_PASSWORD } from "../db/seed/demo-accounts";
import { uploadHref } from "../lib/import/upload-schema";
import { xlsxBuffer } from "../lib/transfer/xlsx-write";
import { percentiles, runCommand, waitForUrl } from "./support";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { "skip-build": { type: "boolean", default: false }, port: { type: "string", default: process.env.BENCH_PORT ?? "3210" } },
});
const port = Number(values.port);
const origin = `http://127.0.0.1:${port}`;
const distDir = process.env.BENCH_DIST_DIR ?? ".next-bench-uploads";
const scratchUrl = process.env.UPLOADS_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/roster_uploads_scratch";
const scratchName = new URL(scratchUrl).pathname.slice(1);
if (!/^roster_uploads_/.test(scratchName)) throw new Error(`Refusing to use ${scratchName}: the scratch database's name must start with roster_uploads_`);

// ------------------------------------------------------------------ the files
type BenchFile = { label: string; name: string; bytes: Buffer };

function files(): BenchFile[] {
  const out: BenchFile[] = [];
  out.push({ label: "CSV, one 45 MB cell", name: "cell.csv", bytes: Buffer.from(`Email,Title\r\nada@bench.test,${"x".repeat(45_000_000)}\r\n`) });
  const columns = 200_000;
  const header = Array.from({ length: columns }, (_, k) => `c${k}`).join(",");
  out.push({ label: "CSV, 200,000 columns", name: "wide.csv", bytes: Buffer.from(`${header}\r\nada@bench.test${",".repeat(columns - 1)}\r\n`) });
  const rows = Array.from({ length: 100_000 }, (_, i) => `p${i}@uploads.bench.test,Ann${letters(i)},Lee${letters(i * 7 + 3)},Analyst`);
  out.push({ label: "CSV, 100,000 new users", name: "people.csv", bytes: Buffer.from(["Email,First name,Last name,Title", ...rows].join("\r\n")) });
  return out;
}

/** Excel's whole sheet: a header and 1,048,575 rows (the streaming writer the export uses). */
async function fullSheet(): Promise<BenchFile> {
  const total = 1_048_575;
  function* batches() {
    for (let at = 0; at < total; at += 10_000) {
      const batch: string[][] = [];
      for (let i = at; i < Math.min(total, at + 10_000); i++) batch.push([`p${i}@sheet.bench.test`, `Lee${letters(i)}`]);
      yield batch;
    }
  }
  return { label: "XLSX, 1,048,576 rows", name: "rows.xlsx", bytes: await xlsxBuffer(batches(), { header: ["Email", "Last name"], maxRows: total }) };
}

/** Letters only: names with digits are refused by the name rules. */
function letters(n: number): string {
  let s = "";
  do {
    s += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

// ------------------------------------------------------------------ HTTP
type Answer = { status: number; message: string; ms: number };

/** A POST with node:http: a server that answers early and closes (413) still yields its status. */
function upload(file: BenchFile, cookie: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(`${origin}${uploadHref(file.name)}`, {
      method: "POST",
      headers: { cookie, origin, "content-type": "application/octet-stream", "content-length": file.bytes.length },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let message = text.slice(0, 200);
        try {
          message = (JSON.parse(text) as { message: string }).message;
        } catch {
          // not JSON: shown as is
        }
        resolve({ status: res.statusCode ?? 0, message, ms: performance.now() - started });
      });
    });
    // The server may close the connection while the body is still going out (a 413): the
    // response above is what counts.
    req.on("error", (error) => setTimeout(() => resolve({ status: 0, message: `connection error: ${error.message}`, ms: performance.now() - started }), 200));
    req.end(file.bytes);
  });
}

/** /sign-in requested one after another until stopped: each request's latency. */
function probe(): { stop: () => Promise<number[]> } {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      const res = await fetch(`${origin}/sign-in`);
      await res.arrayBuffer();
      samples.push(performance.now() - t);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

async function signIn(identifier: string, password: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin },
    body: new URLSearchParams({ csrfToken, identifier, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error("sign-in failed for the benchmark");
  return session;
}

// ------------------------------------------------------------------ the run
async function admin(fn: (h: DatabaseHandle) => Promise<unknown>) {
  const url = new URL(scratchUrl);
  url.pathname = "/postgres";
  const h = await openPostgres(url.toString(), { max: 1 });
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}
const dropScratch = () => admin((h) => h.db.execute(sql.raw(`drop database if exists ${scratchName} with (force)`)));



await dropScratch();
await admin((h) => h.db.execute(sql.raw(`create database ${scratchName}`)));
const handle = await openPostgres(scratchUrl, { max: 2 });
await migrateDatabase(handle);
await seedDemo(handle.db);
await handle.close();

const env = { ...process.env, DATABASE_URL: scratchUrl, NEXT_DIST_DIR: distDir, NEXTAUTH_URL: origin, NEXTAUTH_SECRET: "bench-only-secret-0123456789abcdef", NEXT_TELEMETRY_DISABLED: "1" };
if (!values["skip-build"]) {
  console.log(`Building the app into ${distDir}…`);
  await runCommand("npx", ["next", "build"], env);
}
const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
try {
  await waitForUrl(`${origin}/sign-in`, 240);
  const cookie = await signIn("admin@acme.test", DEMO_PASSWORD);
  const all = [...files(), await fullSheet(), { label: "60 MB posted directly", name: "big.csv", bytes: Buffer.alloc(60 * 1024 * 1024, 0x41) }];
  // Warm-up: the sign-in page and the upload route compiled and cached before anything is timed.
  for (let i = 0; i < 20; i++) await (await fetch(`${origin}/sign-in`)).arrayBuffer();
  await upload({ label: "warm-up", name: "warm.csv", bytes: Buffer.from("Email\r\nwarm@bench.test\r\n") }, cookie);
  const idle = probe();
  await new Promise((r) => setTimeout(r, 2000));
  const idleStats = percentiles(await idle.stop());
  console.log(`\n/sign-in alone: n=${idleStats.n} p95 ${idleStats.p95.toFixed(0)} ms, worst ${idleStats.max.toFixed(0)} ms\n`);

  const lines: string[] = [];
  for (const file of all) {
    const meanwhile = probe();
    const result = await upload(file, cookie);
    const stats = percentiles(await meanwhile.stop());
    const size = `${(file.bytes.length / (1024 * 1024)).toFixed(1)} MB`;
    lines.push(
      `${file.label} (${size})\n  answer: ${result.status} ${result.message}\n  time: ${(result.ms / 1000).toFixed(2)} s; /sign-in meanwhile: n=${stats.n}, p95 ${stats.p95.toFixed(0)} ms, worst ${stats.max.toFixed(0)} ms${stats.max < 1000 ? "" : "  << over 1 s"}`,
    );
    console.log(lines.at(-1));
  }
} finally {
  process.kill(-server.pid!, "SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  await dropScratch();
}
