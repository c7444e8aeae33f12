import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { count } from "drizzle-orm";
import * as schema from "./schema";
import type { Db } from "./types";

export type DatabaseHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  /** Where the data lives, for messages: a redacted URL or a folder. */
  location: string;
  url?: string;
  close: () => Promise<void>;
};

export const migrationsFolder = resolve(process.cwd(), "db/migrations");
export const defaultDataDir = resolve(process.cwd(), ".data/pglite");

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "postgres", location: redact(url), url, close: () => client.end({ timeout: 5 }) };
}

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

// PGlite has no lock of its own: two processes on one folder silently lose writes. Refuse clearly.
function takeFolderLock(dataDir: string) {
  const lockFile = join(dirname(dataDir), `${dataDir.split("/").pop()}.lock`);
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8").trim());
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new Error(
        `The embedded database ${dataDir} is in use by process ${pid}. ` +
          `Stop that process (npm run dev, npm start, a script) first, or set DATABASE_URL to use PostgreSQL.`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (existsSync(lockFile) && readFileSync(lockFile, "utf8").trim() === String(process.pid)) rmSync(lockFile);
    } catch {
      // The process is exiting; a stale lock is detected by its dead pid next time.
    }
  };
  process.once("exit", release);
  return release;
}

export async function openPglite(
  dataDir: string = defaultDataDir,
  options: { loadDataDir?: Blob; lock?: boolean } = {},
): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const { drizzle } = await import("drizzle-orm/pglite");
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(dirname(dataDir), { recursive: true });
  const release = !inMemory && options.lock !== false ? takeFolderLock(dataDir) : () => {};
  const client = await PGlite.create(inMemory ? undefined : dataDir, {
    extensions: { pg_trgm, unaccent },
    loadDataDir: options.loadDataDir,
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: inMemory ? "memory" : dataDir,
    close: async () => {
      await client.close();
      release();
    },
  };
}

export async function migrateDatabase(handle: DatabaseHandle) {
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder });
    return;
  }
  // Several app instances may start together: one migrates, the others wait on the lock.
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(handle.url!, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(734101)`;
    await migrate(drizzle(client), { migrationsFolder });
    await client`select pg_advisory_unlock(734101)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

export async function openFromEnv(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite(process.env.ROSTER_DATA_DIR ? resolve(process.env.ROSTER_DATA_DIR) : defaultDataDir);
}

export async function isEmpty(db: Db) {
  const [row] = await db.select({ n: count() }).from(schema.clientspaces);
  return row.n === 0;
}
