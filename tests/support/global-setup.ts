import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openPglite, openPostgres } from "../../db/open";
import { adminUrl, templateName, testDatabaseUrl } from "./urls";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

// Migrate once; every test file then starts from a copy (a template database or a PGlite dump).
export default async function setup(project: TestProject) {
  const url = testDatabaseUrl();
  if (url) {
    const admin = await openPostgres(adminUrl(url), { max: 1 });
    const { sql } = await import("drizzle-orm");
    await admin.db.execute(sql.raw(`drop database if exists ${templateName} with (force)`));
    await admin.db.execute(sql.raw(`create database ${templateName}`));
    await admin.close();
    const tmpl = await openPostgres(withDatabase(url, templateName), { max: 1 });
    await migrateDatabase(tmpl);
    await tmpl.close();
    project.provide("pgliteSnapshot", "");
    return;
  }
  const handle = await openPglite("memory://");
  await migrateDatabase(handle);
  const client = (handle.db as unknown as { $client: { dumpDataDir: (c?: "none" | "gzip") => Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir("none");
  const file = join(mkdtempSync(join(tmpdir(), "roster-test-")), "snapshot.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide("pgliteSnapshot", file);
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
