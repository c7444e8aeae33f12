import { migrateDatabase, openFromEnv } from "../db/open";

const handle = await openFromEnv();
try {
  await migrateDatabase(handle);
  console.log(`Migrated ${handle.kind} database (${handle.location}).`);
} finally {
  await handle.close();
}
