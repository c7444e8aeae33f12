import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { openPglite, openPostgres, type DatabaseHandle } from "../../db/open";
import { adminUrl, templateName, testDatabaseUrl } from "./urls";

/**
 * A fresh, migrated database for one test file: a copy of the template database on PostgreSQL
 * (TEST_DATABASE_URL or DATABASE_URL), else an in-memory PGlite loaded from the migrated snapshot.
 * Call in beforeAll and close in afterAll.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = testDatabaseUrl();
  if (!url) {
    const snapshot = inject("pgliteSnapshot");
    const blob = new Blob([readFileSync(snapshot)]);
    return openPglite("memory://", { loadDataDir: blob });
  }
  const name = `roster_test_${randomBytes(6).toString("hex")}`;
  const admin = await openPostgres(adminUrl(url), { max: 1 });
  await admin.db.execute(sql.raw(`create database ${name} template ${templateName}`));
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await openPostgres(u.toString(), { max: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const again = await openPostgres(adminUrl(url), { max: 1 });
      await again.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await again.close();
    },
  };
}
