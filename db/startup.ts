import { getDatabase } from "./client";
import { isEmpty, migrateDatabase } from "./open";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed/demo-accounts";

/**
 * Server start: migrations, then the demo clientspace on an empty database. The demo (with its
 * published password) is seeded automatically only where it cannot reach production: the
 * embedded database, `next dev`, or when ROSTER_SEED_DEMO=1 asks for it.
 */
export async function prepareDatabase(): Promise<{ importsResumed: Promise<void> }> {
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
  await sweepAbandonedImports(handle);
  return recoverImports(handle);
}

/** Previews left unstarted for a day, removed now and hourly, in the background (issue 11, requirement 7). */
async function sweepAbandonedImports(handle: Awaited<ReturnType<typeof getDatabase>>) {
  const { startAbandonedImportSweep } = await import("../lib/import/abandoned");
  // Not awaited: the start never waits on it; it logs its count when done.
  void startAbandonedImportSweep(handle.db);
}

/**
 * Imports whose runner died with the previous process (issue 5, requirement 7): resumed from their
 * first unapplied row, in the background, so that the server starts serving meanwhile.
 */
async function recoverImports(handle: Awaited<ReturnType<typeof getDatabase>>) {
  const { recoverImportJobs, STALE_AFTER_MS } = await import("../lib/import/job");
  const { deliverPendingEmails } = await import("../lib/email");
  const db = handle.db;
  const recover = async (staleAfterMs?: number) => {
    const { resumed, cancelled, finished } = await recoverImportJobs(db, { staleAfterMs, afterBatch: () => deliverPendingEmails(db) });
    if (resumed.length > 0) console.log(`Resuming ${resumed.length} interrupted import(s): ${resumed.join(", ")}.`);
    if (cancelled.length > 0) console.log(`Ended ${cancelled.length} import(s) that were being cancelled: ${cancelled.join(", ")}.`);
    return { finished };
  };
  // PGlite's folder lock proves the previous process gone, so its jobs are taken at once. On
  // PostgreSQL another instance may be running them: only the stale ones are taken.
  const { finished } = await recover(handle.kind === "pglite" ? 0 : undefined);
  // A restart quicker than STALE_AFTER_MS finds the dead runner's heartbeat still fresh, and an
  // instance may die while others keep serving: look again until such a job's heartbeat has aged.
  setInterval(() => recover().catch((err) => console.error("Import recovery failed", err)), STALE_AFTER_MS).unref();
  // Wrapped, so that awaiting the start does not wait for the runs: the server serves meanwhile.
  return { importsResumed: finished };
}
