import { getDatabase } from "./client";
import { isEmpty, migrateDatabase } from "./open";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed/demo-accounts";

/**
 * Server start: migrations, then the demo clientspace on an empty database. The demo (with its
 * published password) is seeded automatically only where it cannot reach production: the
 * embedded database, `next dev`, or when ROSTER_SEED_DEMO=1 asks for it.
 */
export async function prepareDatabase() {
  const handle = await getDatabase();
  await migrateDatabase(handle);
  const autoSeed =
    handle.kind === "pglite" || process.env.NODE_ENV !== "production" || process.env.ROSTER_SEED_DEMO === "1";
  const empty = await isEmpty(handle.db);
  if (empty && autoSeed) {
    const { seedDemo } = await import("./seed/demo");
    await seedDemo(handle.db);
  }
  const where = handle.kind === "pglite" ? `embedded PGlite in ${handle.location}` : `PostgreSQL ${handle.location}`;
  const lines = [`Roster database: ${where}.`];
  if (empty && autoSeed) {
    lines.push(`Demo clientspace "Acme" seeded. Sign in with any of these (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.email.padEnd(20)} ${a.role}`);
  } else if (empty) {
    lines.push("The database is empty: run `npm run db:seed` for the demo clientspace.");
  } else {
    lines.push(`Demo sign-in (if seeded): ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")}; password ${DEMO_PASSWORD}.`);
  }
  console.log(lines.join("\n"));
  await recoverImports(handle.db);
}

/**
 * Imports whose runner died with the previous process (issue 5, requirement 7): resumed from their
 * first unapplied row, in the background, so that the server starts serving meanwhile.
 */
async function recoverImports(db: Awaited<ReturnType<typeof getDatabase>>["db"]) {
  const { recoverImportJobs } = await import("../lib/import/job");
  const { deliverPendingEmails } = await import("../lib/email");
  const { resumed, cancelled, finished } = await recoverImportJobs(db, { afterBatch: () => deliverPendingEmails(db) });
  if (resumed.length > 0) console.log(`Resuming ${resumed.length} interrupted import(s): ${resumed.join(", ")}.`);
  if (cancelled.length > 0) console.log(`Ended ${cancelled.length} import(s) that were being cancelled: ${cancelled.join(", ")}.`);
  void finished;
}
