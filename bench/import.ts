/**
 * npm run bench:import [-- --rows 100000] [--updates 3000] [--only creates|responsive] [--skip-build] [--port 3311]
 *
 * Issue 11, requirement 4 (bench/import-responsive.ts): N updates run by `next start` on the
 * embedded database, then on PostgreSQL, while the sign-in page is requested every 100 ms: the
 * time until the progress shows and the sign-in page's latency meanwhile. Builds the app into
 * BENCH_DIST_DIR (default .next-bench-import) unless --skip-build finds one there.
 *
 * Issue 5, requirement 10: an import of N new users (preview, then the run), time and peak
 * memory, next to the database's own floor for the same rows in the same run: COPY into a staging
 * table, then INSERT ... ON CONFLICT into accounts and clientspace memberships. Works on a scratch
 * PostgreSQL database (IMPORT_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/roster_import_scratch),
 * created, seeded and dropped by the run.
 */
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { migrateDatabase, openPostgres, type DatabaseHandle } from "../db/open";
import { accounts, clientspaces } from "../db/schema";
import { seedDemo } from "../db/seed/demo";
import { checkSession } from "../lib/auth/session-check";
import { createImportJob, startImportJob } from "../lib/import/job";
import { USER_FIELDS, type ParsedTable } from "../lib/transfer/fields";
import { benchResponsiveImport, ensureBuild } from "./import-responsive";
import { time } from "./support";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    rows: { type: "string", default: "100000" },
    updates: { type: "string", default: "3000" },
    only: { type: "string" },
    "skip-build": { type: "boolean", default: false },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3311" },
  },
});
if (values.only && values.only !== "creates" && values.only !== "responsive") throw new Error(`--only takes creates or responsive, not ${values.only}`);
const rows = Number(values.rows);
const scratchUrl = process.env.IMPORT_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/roster_import_scratch";
const scratchName = new URL(scratchUrl).pathname.slice(1);
if (scratchName !== "roster_import_scratch") throw new Error(`Refusing to use ${scratchName}: the scratch database must be roster_import_scratch`);

async function admin(fn: (h: DatabaseHandle) => Promise<void>) {
  const url = new URL(scratchUrl);
  url.pathname = "/postgres";
  const h = await openPostgres(url.toString(), { max: 1 });
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}
const dropScratch = () => admin((h) => h.db.execute(sql.raw(`drop database if exists ${scratchName} with (force)`)).then(() => undefined));

/** Letters only: names with digits are refused by the name rules. */
function letters(n: number): string {
  let s = "";
  do {
    s += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function people(prefix: string) {
  return Array.from({ length: rows }, (_, i) => ({
    email: `${prefix}.${i}@import.bench.test`,
    firstName: `Ann${letters(i)}`,
    lastName: `Lee${letters(i * 7 + 3)}`,
    title: "Analyst",
    service: "Finance",
  }));
}

const mb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);

async function benchCreates() {
  await dropScratch();
  await admin((h) => h.db.execute(sql.raw(`create database ${scratchName}`)).then(() => undefined));
  const handle = await openPostgres(scratchUrl, { max: 4 });
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    await seedDemo(db);
    const [space] = await db.select().from(clientspaces).where(eq(clientspaces.slug, "acme"));
    const [adminAccount] = await db.select().from(accounts).where(eq(accounts.email, "admin@acme.test"));
    const check = await checkSession(db, {
      accountId: adminAccount.id,
      sessionVersion: adminAccount.sessionVersion,
    });
    if (!check.ok) throw new Error(`admin@acme.test cannot act: ${check.reason}`);
    const actor = check.user;
    console.log(`Database: ${handle.location}; ${rows.toLocaleString("en")} new users`);

    // The floor: the same shape of rows, straight into the tables.
    let floorRows: ReturnType<typeof people> | null = people("floor");
    const raw = postgres(scratchUrl, { max: 1, onnotice: () => {} });
    const [floorMs] = await time(async () => {
      await raw`create unlogged table import_staging (email text, first_name text, last_name text, title text, service text)`;
      const copy = await raw`copy import_staging from stdin`.writable();
      const esc = (v: string) => v.replace(/[\\\t\n\r]/g, (c) => `\\${c === "\t" ? "t" : c === "\n" ? "n" : c === "\r" ? "r" : "\\"}`);
      const text = floorRows!.map((r) => [r.email, r.firstName, r.lastName, r.title, r.service].map(esc).join("\t")).join("\n") + "\n";
      await new Promise<void>((resolve, reject) => {
        copy.on("error", reject);
        copy.end(text, () => resolve());
      });
      await raw`insert into accounts (email, username, first_name, last_name)
      select email, split_part(email, '@', 1), first_name, last_name from import_staging
      on conflict do nothing`;
      await raw`insert into clientspace_memberships (clientspace_id, account_id, origin, title, service)
      select ${space.id}, a.id, 'imported', s.title, s.service from import_staging s join accounts a on lower(a.email) = s.email
      on conflict do nothing`;
    });
    await raw.end();
    floorRows = null;
    console.log(`Floor (COPY + INSERT ... ON CONFLICT): ${(floorMs / 1000).toFixed(1)} s`);

    // The file and the preview are let go once stored, as in the app: the run reads its rows back.
    const [previewMs, created] = await time(async () => {
      const table: ParsedTable = {
        headers: ["Email", "First name", "Last name", "Title", "Service"],
        rows: people("import").map((r) => [r.email, r.firstName, r.lastName, r.title, r.service]),
      };
      const mapping = Object.fromEntries(table.headers.map((h) => [h, USER_FIELDS.find((f) => f.header === h)!.id]));
      const { job, preview } = await createImportJob(db, actor, {
        fileName: "bench.csv",
        format: "csv",
        table,
        mapping,
      });
      return { job, counts: preview.counts };
    });
    console.log(`Preview (+ rows stored): ${(previewMs / 1000).toFixed(1)} s; ${JSON.stringify(created.counts)}; peak RSS ${mb()} MB`);
    const [runMs] = await time(async () => (await startImportJob(db, actor, created.job.id)).finished);
    const [job] = (await db.execute(sql`select status, rows_done, created_count, error_count, message from import_jobs where id = ${created.job.id}`)) as unknown as Record<
      string,
      unknown
    >[];
    console.log(`Run: ${(runMs / 1000).toFixed(1)} s (${((runMs / rows) * 1000).toFixed(0)} µs per row); ${JSON.stringify(job)}`);
    const total = previewMs + runMs;
    console.log(`Import total: ${(total / 1000).toFixed(1)} s = ${(total / floorMs).toFixed(1)}x the floor (target 3x); peak RSS ${mb()} MB (target 500 MB)`);
  } finally {
    await handle.close();
    await dropScratch();
  }
}

async function benchResponsive() {
  const distDir = process.env.BENCH_DIST_DIR ?? ".next-bench-import";
  await ensureBuild(distDir, values["skip-build"]);
  const common = {
    rows: Number(values.updates),
    port: Number(values.port),
    distDir,
  };
  console.log(await benchResponsiveImport({ kind: "pglite", ...common }));
  await dropScratch();
  await admin((h) => h.db.execute(sql.raw(`create database ${scratchName}`)).then(() => undefined));
  try {
    console.log(
      await benchResponsiveImport({
        kind: "postgres",
        databaseUrl: scratchUrl,
        ...common,
      }),
    );
  } finally {
    await dropScratch();
  }
}

if (values.only !== "responsive") await benchCreates();
if (values.only !== "creates") await benchResponsive();
