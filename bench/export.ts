/**
 * npm run bench:export [-- --users 1000000] [-- --xlsx-users 100000] [-- --seed]
 *
 * The user-list export at a million users, on the PostgreSQL at BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/roster_bench), read only:
 * 1. CSV of every Acme user through the route's own path on PostgreSQL (count, then one COPY of
 *    the records the database writes, byteStream), consumed and counted: time, bytes, peak RSS;
 * 2. the database's floor for the same rows and cells: COPY (the same select) TO STDOUT as CSV,
 *    consumed and counted through postgres.js;
 * 3. XLSX of the first N users (default 100,000) through the route's path (count, keyset
 *    batches, the streamed workbook, byteStream), consumed and counted: time, bytes, peak RSS.
 *    Memory stays flat whatever N (the sheet is zipped as it is written), so N may be 1,000,000.
 * Each measure runs in a child process of its own, so that a peak RSS is that export's alone.
 * --xlsx-level N: the XLSX deflated at zlib level N instead of the writer's default (a comparison).
 * --batch N: the CSV through keyset batches of N users (PGlite's way) instead of COPY. With --runs N, CSV and floor alternate N times and the best of each is kept (a busy machine).
 * Nothing is written (no audit event: a download's event is one short insert, not the cost).
 * With --seed, Acme is topped up to --users first (the database is then written, of course).
 * Targets (issue 5): CSV within 1.5x the floor and under 200 MB; XLSX of 100k under 15 s and 500 MB.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { count, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { inlinedStatement } from "../db/copy-out";
import { countExportRows, exportSelect } from "../db/queries/user-export";
import { directoryWhere, type DirectoryQuery } from "../db/queries/users";
import { clientspaceMemberships as m, clientspaces } from "../db/schema";
import { seedDemo } from "../db/seed/demo";
import { generateUsers } from "../db/seed/generate";
import { byteStream } from "../lib/transfer/download";
import { xlsxStream } from "../lib/transfer/xlsx-write";
import { loadDirectoryParams, pickFilters } from "../lib/users/directory-params";
import { matchingExportCsv, matchingExportRows } from "../lib/users/export";
import { openPostgres } from "../db/open";
import { BENCH_URL, openBenchDatabase, time } from "./support";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    users: { type: "string", default: "1000000" },
    "xlsx-users": { type: "string", default: "100000" },
    "xlsx-level": { type: "string" },
    seed: { type: "boolean", default: false },
    runs: { type: "string", default: "1" },
    batch: { type: "string" },
    phase: { type: "string" },
  },
});
const wanted = Number(values.users);
const xlsxUsers = Number(values["xlsx-users"]);

/** Peak resident memory while `fn` runs, sampled every 100 ms (and once at each end). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMb: number; value: T }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const [ms, value] = await time(fn);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms, peakMb: peak / 1024 / 1024, value };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

type Figures = { label: string; rows: number; bytes: number; ms: number; peakMb: number };

function print(f: Figures, note = "") {
  console.log(`${f.label.padEnd(18)} ${f.rows.toLocaleString("en").padStart(9)} users  ${secs(f.ms).padStart(8)}  ${mb(f.bytes).padStart(9)}  peak RSS ${f.peakMb.toFixed(0)} MB${note}`);
}

if (!values.phase) {
  // The parent: prepare the data, then one child per measure.
  const handle = await openBenchDatabase();
  const db = handle.db;
  console.log(`Database: ${handle.location}`);
  let [cs] = await db.select().from(clientspaces).where(eq(clientspaces.slug, "acme"));
  if (!cs && values.seed) {
    await seedDemo(db);
    [cs] = await db.select().from(clientspaces).where(eq(clientspaces.slug, "acme"));
  }
  if (!cs) throw new Error("No Acme clientspace in the benchmark database: run with --seed, or npm run bench:list first.");
  let [{ n: total }] = await db.select({ n: count() }).from(m).where(eq(m.clientspaceId, cs.id));
  if (total < wanted && values.seed) {
    console.log(`Acme has ${total.toLocaleString("en")} users; generating ${(wanted - total).toLocaleString("en")} more…`);
    await generateUsers(db, { clientspaceSlug: "acme", count: wanted - total });
    await db.execute(sql`analyze`);
    [{ n: total }] = await db.select({ n: count() }).from(m).where(eq(m.clientspaceId, cs.id));
  }
  await handle.close();
  console.log(`Acme: ${total.toLocaleString("en")} users.${total < wanted ? ` (fewer than the ${wanted.toLocaleString("en")} asked for: add --seed to generate them)` : ""}`);

  const run = (phase: string): Figures => {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], `--phase=${phase}`, `--xlsx-users=${xlsxUsers}`, ...(values["xlsx-level"] ? [`--xlsx-level=${values["xlsx-level"]}`] : []), ...(values.batch ? [`--batch=${values.batch}`] : [])], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`The ${phase} measure failed (exit ${child.status}).`);
    return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Figures;
  };
  const best = (a: Figures | null, b: Figures) => (a && a.ms <= b.ms ? { ...a, peakMb: Math.max(a.peakMb, b.peakMb) } : { ...b, peakMb: Math.max(a?.peakMb ?? 0, b.peakMb) });
  let csv: Figures | null = null;
  let floor: Figures | null = null;
  for (let i = 0; i < Number(values.runs); i++) {
    csv = best(csv, run("csv"));
    floor = best(floor, run("floor"));
  }
  if (!csv || !floor) throw new Error("--runs must be at least 1.");
  print(csv, "  (target < 200 MB; peak over all runs)");
  print(floor);
  console.log(`CSV / floor        ${(csv.ms / floor.ms).toFixed(2)}x  (target ≤ 1.5x)`);
  print(run("xlsx"), "  (targets < 15 s, < 500 MB)");
  process.exit(0);
}

// ------------------------------------------------------------------ a child: one measure
const handle = await openPostgres(BENCH_URL, { max: 4 });
const db = handle.db;
const [cs] = await db.select().from(clientspaces).where(eq(clientspaces.slug, "acme"));
// An admin's view of every user: the "Download all users" request.
const query: DirectoryQuery = {
  clientspaceId: cs.id,
  scope: { kind: "clientspace" },
  filters: pickFilters(loadDirectoryParams({})),
  now: new Date(),
  inactivityDays: cs.inactivityDays,
};

async function csvThroughRoutePath(): Promise<{ rows: number; bytes: number }> {
  // The route counts first (for the audit event), then streams.
  const [{ n }] = await db.select({ n: count() }).from(m).where(directoryWhere(query, null));
  const reader = byteStream(matchingExportCsv(db, query, null, values.batch ? { batchSize: Number(values.batch) } : { databaseUrl: BENCH_URL })).getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  return { rows: n, bytes };
}

/** The database's floor: the same select, its values inlined (COPY takes no bind parameters). */
async function copyFloor(): Promise<{ rows: number; bytes: number }> {
  const copySelect = inlinedStatement(sql`${exportSelect(query)} where ${directoryWhere(query, null)} order by ${m.accountId}`);
  const client = postgres(BENCH_URL, { max: 1, onnotice: () => {} });
  try {
    const stream = await client.unsafe(`copy (${copySelect}) to stdout (format csv)`).readable();
    let bytes = 0;
    let rows = 0;
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      bytes += buf.byteLength;
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) rows++;
    }
    return { rows, bytes };
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function xlsxOfFirstUsers(): Promise<{ rows: number; bytes: number }> {
  // The route counts first (the Excel limit, the audit event), then streams.
  const rows = Math.min(await countExportRows(db, query, null, xlsxUsers + 1), xlsxUsers);
  async function* firstUsers() {
    let left = rows;
    for await (const batch of matchingExportRows(db, query, null)) {
      yield batch.slice(0, left);
      left -= batch.length;
      if (left <= 0) return;
    }
  }
  const level = values["xlsx-level"] ? Number(values["xlsx-level"]) : undefined;
  const reader = byteStream(xlsxStream(firstUsers(), { maxRows: rows, level })).getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  return { rows, bytes };
}

const phases = { csv: ["CSV (route path)", csvThroughRoutePath], floor: ["COPY floor", copyFloor], xlsx: ["XLSX", xlsxOfFirstUsers] } as const;
const [label, measure] = phases[values.phase as keyof typeof phases];
const result = await withPeakRss(measure);
await handle.close();
console.log(JSON.stringify({ label, ...result.value, ms: result.ms, peakMb: result.peakMb } satisfies Figures));
