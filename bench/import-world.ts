import { eq, sql } from "drizzle-orm";
import { accounts, clientspaces } from "../db/schema";
import type { Db } from "../db/types";
import { seedDemo } from "../db/seed/demo";
import { DEMO_ADMIN_EMAIL } from "../db/seed/demo-accounts";
import { checkSession } from "../lib/auth/session-check";
import { createImportJob } from "../lib/import/job";
import type { ParsedTable } from "../lib/transfer/fields";

/**
 * The demo clientspace plus `rows` members of Acme made for the benchmark, and a previewed update
 * import of all of them (a new title each): what an admin has after uploading a re-edited export.
 * Returns the job and the admin who owns it.
 */
export async function prepareUpdateImport(db: Db, rows: number) {
  await seedDemo(db);
  const [space] = await db.select().from(clientspaces).where(eq(clientspaces.slug, "acme"));
  const tag = Date.now().toString(36);
  await db.execute(sql`
    with made as (
      insert into accounts (email, username, first_name, last_name)
      select 'bench.' || ${tag} || '.' || i || '@import.bench.test', 'bench.' || ${tag} || '.' || i, 'Ann', 'Lee'
      from generate_series(1, ${rows}) as i
      returning id)
    insert into clientspace_memberships (clientspace_id, account_id, origin, title)
    select ${space.id}, id, 'imported', 'Analyst' from made`);
  const [admin] = await db.select().from(accounts).where(eq(accounts.email, DEMO_ADMIN_EMAIL));
  const check = await checkSession(db, {
    accountId: admin.id,
    sessionVersion: admin.sessionVersion,
  });
  if (!check.ok) throw new Error(`${DEMO_ADMIN_EMAIL} cannot act: ${check.reason}`);
  const table: ParsedTable = {
    headers: ["Email", "Title"],
    rows: Array.from({ length: rows }, (_, i) => [`bench.${tag}.${i + 1}@import.bench.test`, "Senior analyst"]),
  };
  const { job, preview } = await createImportJob(db, check.user, {
    fileName: "updates.csv",
    format: "csv",
    table,
    mapping: { Email: "email", Title: "title" },
  });
  if (preview.counts.update !== rows) throw new Error(`The bench file should update ${rows} users: ${JSON.stringify(preview.counts)}`);
  return { jobId: job.id, actor: check.user };
}
