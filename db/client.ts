import "server-only";
import { openFromEnv, type DatabaseHandle } from "./open";

// One database per process: PGlite must never be opened twice, and postgres.js pools anyway.
const holder = globalThis as unknown as { __rosterDb?: Promise<DatabaseHandle> };

export function getDatabase(): Promise<DatabaseHandle> {
  holder.__rosterDb ??= openFromEnv();
  return holder.__rosterDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}
