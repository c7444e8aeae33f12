import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { sql } from "drizzle-orm";
import { openPostgres } from "../../db/open";

// Run by the e2e web server command before `next start`: a fresh database every run. The server
// then migrates it and seeds the demo clientspace on start (ROSTER_SEED_DEMO=1).
const url = process.env.DATABASE_URL;
if (url) {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const handle = await openPostgres(admin.toString(), { max: 1 });
  await handle.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
  await handle.db.execute(sql.raw(`create database ${name}`));
  await handle.close();
  console.log(`e2e: fresh PostgreSQL database ${name}`);
} else {
  const dir = resolve(process.env.ROSTER_DATA_DIR ?? ".data/e2e/pglite");
  // The folder and its lock file beside it (db/open.ts), not the parent: runs side by side keep
  // their own data dirs under one parent (.data/e2e-NAME).
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.lock`, { force: true });
  console.log(`e2e: fresh embedded database in ${dir}`);
}
