/**
 * npm run bench:bulk [-- --users 5000] [-- --pglite]
 *
 * How long a bulk disable (then enable) of N users takes, through "all matching" the filter, as an
 * admin: the figures behind MAX_BULK_USERS in lib/users/bulk.ts. Works on a scratch PostgreSQL
 * database (BULK_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/roster_bulk_scratch),
 * created, seeded and dropped by the run; with --pglite, on an in-memory PGlite instead.
 */
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { migrateDatabase, openPglite, openPostgres, type DatabaseHandle } from "../db/open";
import { accounts } from "../db/schema";
import { seedDemo } from "../db/seed/demo";
import { generateUsers } from "../db/seed/generate";
import { checkSession } from "../lib/auth/session-check";
import { runBulkAction } from "../lib/users/bulk";
import { parseSelectionFilters } from "../lib/users/bulk-schema";
import { time } from "./support";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { users: { type: "string", default: "5000" }, pglite: { type: "boolean", default: false } },
});
const users = Number(values.users);
const scratchUrl = process.env.BULK_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/roster_bulk_scratch";

async function adminConnection(): Promise<DatabaseHandle> {
  const url = new URL(scratchUrl);
  url.pathname = "/postgres";
  return openPostgres(url.toString(), { max: 1 });
}
const scratchName = new URL(scratchUrl).pathname.slice(1);

async function open(): Promise<DatabaseHandle> {
  if (values.pglite) {
    const handle = await openPglite("memory://");
    await migrateDatabase(handle);
    return handle;
  }
  if (!/^roster_bulk_/.test(scratchName)) throw new Error(`Refusing to use ${scratchName}: the scratch database's name must start with roster_bulk_`);
  const admin = await adminConnection();
  await admin.db.execute(sql.raw(`drop database if exists ${scratchName} with (force)`));
  await admin.db.execute(sql.raw(`create database ${scratchName}`));
  await admin.close();
  const handle = await openPostgres(scratchUrl, { max: 4 });
  await migrateDatabase(handle);
  return handle;
}

async function dropScratch() {
  if (values.pglite) return;
  const admin = await adminConnection();
  await admin.db.execute(sql.raw(`drop database if exists ${scratchName} with (force)`));
  await admin.close();
}

const handle = await open();
try {
  const db = handle.db;
  console.log(`Database: ${handle.kind === "pglite" ? "PGlite (memory)" : handle.location}`);
  await seedDemo(db);
  await generateUsers(db, { clientspaceSlug: "acme", count: users });
  if (handle.kind === "postgres") await db.execute(sql`analyze`);

  const [admin] = await db.select().from(accounts).where(eq(accounts.email, "admin@acme.test"));
  const check = await checkSession(db, { accountId: admin.id, sessionVersion: admin.sessionVersion });
  if (!check.ok) throw new Error(`admin@acme.test cannot act: ${check.reason}`);
  const actor = check.user;
  const runner = { db, auditActor: { accountId: actor.accountId, label: actor.name, clientspaceId: actor.clientspaceId }, source: "system" as const };
  // The generated users, and only them: their addresses end in gen.acme.test.
  const selection = { mode: "filter" as const, filters: parseSelectionFilters("?q=gen.acme.test") };

  for (const action of ["disable", "enable"] as const) {
    const [ms, result] = await time(() => runBulkAction(runner, actor, { action, selection }, { maxUsers: users }));
    const reached = result.done + result.skipped;
    console.log(
      `${action} ${reached.toLocaleString("en")} users: ${(ms / 1000).toFixed(1)} s, ${(ms / reached).toFixed(2)} ms per user ` +
        `(done ${result.done}, skipped ${result.skipped}: ${result.reasons.map((r) => `${r.reason} ${r.count}`).join(", ") || "none"})`,
    );
  }
} finally {
  await handle.close();
  await dropScratch();
}
