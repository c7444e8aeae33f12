/**
 * npm run bench:list [-- --users 1000000] [-- --skip-http]
 *
 * The users page at a million users: seeds (or reuses) Acme with N users in the PostgreSQL at
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/roster_bench), times the users
 * query for 200 mixed views (every sort both ways, searches, every filter, deep keyset pages),
 * then the page over HTTP under `next start` with 10 concurrent requests. Prints p50/p95/max.
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { count, eq, sql } from "drizzle-orm";
import { clientspaceMemberships as m, clientspaces } from "../db/schema";
import { loadDirectoryFacets } from "../db/queries/directory-facets";
import { countDirectory, encodeCursor, listDirectoryPage, type DirectoryPageQuery } from "../db/queries/users";
import { seedDemo } from "../db/seed/demo";
import { DEMO_PASSWORD } from "../db/seed/demo-accounts";
import { generateUsers } from "../db/seed/generate";
import { loadDirectoryParams, pickFilters, SORT_KEYS, USER_STATUSES, LICENSE_STATES, ORIGINS, type DirectoryFilters } from "../lib/users/directory-params";
import { BENCH_URL, fmt, openBenchDatabase, percentiles, runCommand, time, waitForUrl } from "./support";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    users: { type: "string", default: "1000000" },
    "skip-http": { type: "boolean", default: false },
    "skip-query": { type: "boolean", default: false },
  },
});
const target = Number(values.users);

const handle = await openBenchDatabase();
const db = handle.db;
console.log(`Database: ${handle.location}`);

let [cs] = await db.select().from(clientspaces).where(eq(clientspaces.slug, "acme"));
if (!cs) {
  await seedDemo(db);
  [cs] = await db.select().from(clientspaces).where(eq(clientspaces.slug, "acme"));
}
const [{ n: existing }] = await db.select({ n: count() }).from(m).where(eq(m.clientspaceId, cs.id));
if (existing < target) {
  console.log(`Acme has ${existing.toLocaleString("en")} users; generating ${(target - existing).toLocaleString("en")} more…`);
  const [ms] = await time(() => generateUsers(db, { clientspaceSlug: "acme", count: target - existing }));
  console.log(`Generated in ${(ms / 1000).toFixed(0)} s.`);
  await db.execute(sql`analyze`);
}
const [{ n: total }] = await db.select({ n: count() }).from(m).where(eq(m.clientspaceId, cs.id));
console.log(`Acme: ${total.toLocaleString("en")} users.`);

// ------------------------------------------------------------------ the 200 views
const facets = await loadDirectoryFacets(db, cs.id);
const none = pickFilters(loadDirectoryParams({}));
const clock = { now: new Date(), inactivityDays: facets.inactivityDays };
const base: DirectoryPageQuery = { clientspaceId: cs.id, scope: { kind: "clientspace" }, filters: none, sort: "name", dir: "asc", size: 50, cursor: null, ...clock };
const view = (label: string, over: Partial<DirectoryPageQuery> & { f?: Partial<DirectoryFilters> }) => ({
  label,
  query: { ...base, ...over, filters: { ...none, ...over.f } } as DirectoryPageQuery,
});

const views: { label: string; query: DirectoryPageQuery }[] = [view("default", {})];
for (const sort of SORT_KEYS) for (const dir of ["asc", "desc"] as const) views.push(view(`sort ${sort} ${dir}`, { sort, dir }));
for (const term of ["mar", "dub", "sofia", "lee", "gen.acme", "rossi", "ana", "müller", "garc", "ovi"]) views.push(view(`search "${term}"`, { f: { q: term } }));
for (const s of USER_STATUSES) views.push(view(`status ${s}`, { f: { status: [s] } }));
for (const t of facets.licenseTypes) views.push(view(`license ${t.name}`, { f: { license: [t.id] } }));
views.push(view("no license", { f: { license: ["none"] } }));
for (const s of LICENSE_STATES) views.push(view(`license state ${s}`, { f: { licenseState: [s] } }));
views.push(view("admin", { f: { admin: "yes" } }), view("auditor", { f: { auditor: "yes" } }));
for (const w of facets.workspaces) views.push(view(`workspace ${w.name}`, { f: { workspace: [w.id] } }));
for (const r of facets.roles) views.push(view(`role ${r.name}`, { f: { role: [r.id] } }));
views.push(view("external", { f: { kind: "external" } }));
for (const o of ORIGINS) views.push(view(`origin ${o}`, { f: { origin: [o] } }));
const day = (d: number) => new Date(Date.now() - d * 86_400_000);
views.push(view("first connection last year", { f: { firstFrom: day(365), firstTo: day(180) } }));
views.push(view("last connection this month", { f: { lastFrom: day(30) } }));
views.push(view("never connected", { f: { never: true } }));
views.push(view("combined: active Explorer in Sales", { f: { status: ["active"], license: [facets.licenseTypes[0].id], workspace: [facets.workspaces[0]?.id].filter(Boolean) as string[] } }));

// Deep pages: a cursor taken at a random depth (read once with OFFSET, outside the timing).
async function cursorAt(sort: (typeof SORT_KEYS)[number], dir: "asc" | "desc", offset: number) {
  const exprs: Record<string, string> = {
    name: "sort_name", email: "email", username: "username", license: "coalesce(license_name, '')",
    licenseEnd: "coalesce(license_end, 'infinity'::date)", firstConnection: "coalesce(first_connection_at, '-infinity'::timestamptz)",
    lastConnection: "coalesce(last_connection_at, '-infinity'::timestamptz)", created: "created_at",
  };
  const rows = (await db.execute(
    sql.raw(`select (${exprs[sort]})::text as v, account_id as id from clientspace_memberships where clientspace_id = '${cs.id}' order by ${exprs[sort]} ${dir}, account_id ${dir} offset ${offset} limit 1`),
  )) as unknown as { v: string; id: string }[];
  return encodeCursor({ way: "after", sort, dir, value: rows[0].v, id: rows[0].id });
}
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
// Only the query measure reads the views; the cursors alone take minutes at a million users.
while (!values["skip-query"] && views.length < 200) {
  const sort = SORT_KEYS[Math.floor(rand() * SORT_KEYS.length)];
  const dir = rand() < 0.5 ? "asc" : "desc";
  const offset = Math.floor(rand() * (total - 100));
  views.push(view(`deep page ${sort} ${dir} @${offset}`, { sort, dir, cursor: await cursorAt(sort, dir, offset) }));
}

// Warm-up pass (caches, prepared statements), then the measured pass.
if (!values["skip-query"]) await measureQueries();
async function measureQueries() {
  for (const v of views.slice(0, 20)) await listDirectoryPage(db, v.query);
  const listTimes: number[] = [];
  const countTimes: number[] = [];
  const slow: string[] = [];
  for (const v of views) {
    const [ms] = await time(() => listDirectoryPage(db, v.query));
    listTimes.push(ms);
    if (ms > 50) slow.push(`${v.label}: ${ms.toFixed(0)} ms`);
    if (!v.query.cursor) countTimes.push((await time(() => countDirectory(db, v.query)))[0]);
}
console.log(`\nUsers query, ${views.length} views:  ${fmt(percentiles(listTimes))}`);
console.log(`Count (exact to 100,000, estimate above), ${countTimes.length} filtered views:  ${fmt(percentiles(countTimes))}`);
if (slow.length) console.log(`Views over 50 ms:\n  ${slow.join("\n  ")}`);
}

// ------------------------------------------------------------------ HTTP under next start
if (!values["skip-http"]) {
  // Overridable so that two checkouts' benchmarks (or a benchmark and an e2e build) never share a port or a build.
  const port = Number(process.env.BENCH_PORT ?? 3200);
  const distDir = process.env.BENCH_DIST_DIR ?? ".next-bench";
  const env = { ...process.env, DATABASE_URL: BENCH_URL, NEXT_DIST_DIR: distDir, NEXTAUTH_URL: `http://127.0.0.1:${port}`, NEXTAUTH_SECRET: "bench-only-secret-0123456789abcdef", NEXT_TELEMETRY_DISABLED: "1" };
  // Always a fresh production build: timing yesterday's code would mislead.
  console.log("\nBuilding the app for the benchmark…");
  await runCommand("npx", ["next", "build"], env);
  const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], { env, stdio: ["ignore", "pipe", "inherit"], detached: true });
  try {
    await waitForUrl(`http://127.0.0.1:${port}/sign-in`);
    const cookie = await signIn(`http://127.0.0.1:${port}`, "admin@acme.test", DEMO_PASSWORD);
    const paths = [
      "/admin/users",
      "/admin/users?sort=lastConnection&dir=desc",
      "/admin/users?q=mar",
      "/admin/users?status=inactive",
      "/admin/users?sort=email&size=100",
      "/admin/users?licenseState=expired",
      "/admin/users?never=true",
      "/admin/users?sort=created&dir=desc&status=active",
    ];
    for (const p of paths) await get(`http://127.0.0.1:${port}${p}`, cookie); // warm-up
    const times: number[] = [];
    const queue = Array.from({ length: 200 }, (_, i) => paths[i % paths.length]);
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let p = queue.shift(); p; p = queue.shift()) times.push((await time(() => get(`http://127.0.0.1:${port}${p}`, cookie)))[0]);
      }),
    );
    console.log(`\nPage /admin/users over HTTP, 10 concurrent, ${times.length} requests:  ${fmt(percentiles(times))}`);
  } finally {
    process.kill(-server.pid!, "SIGTERM");
  }
}
await handle.close();

async function signIn(origin: string, identifier: string, password: string) {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, identifier, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error("sign-in failed for the benchmark");
  return session;
}
async function get(url: string, cookie: string) {
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  await res.text();
}

