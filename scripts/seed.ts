import { parseArgs } from "node:util";
import { count, eq } from "drizzle-orm";
import { migrateDatabase, openFromEnv } from "../db/open";
import { accounts, clientspaceMemberships, clientspaces, workspaceMemberships } from "../db/schema";
import type { Db } from "../db/types";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, GLOBEX_ADMIN_EMAIL } from "../db/seed/demo-accounts";
import { seedDemo } from "../db/seed/demo";
import { generateUsers } from "../db/seed/generate";

const usage = "Usage: npm run db:seed [-- --users N]";

// `npm run db:seed -- --users N` passes the options alone, `tsx scripts/seed.ts -- --users N` keeps the "--".
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { users: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(`${usage}\n  --users N  also generate N users in the Acme clientspace (a million takes a few minutes on PostgreSQL)`);
  process.exit(0);
}
const users = values.users === undefined ? 0 : Number(values.users.replace(/_/g, ""));
if (!Number.isInteger(users) || users < 0) {
  console.error(`--users expects a non-negative whole number, got "${values.users}".\n${usage}`);
  process.exit(1);
}

async function rowCount(db: Db) {
  let total = 0;
  for (const table of [accounts, clientspaceMemberships, workspaceMemberships]) {
    const [row] = await db.select({ n: count() }).from(table);
    total += row.n;
  }
  return total;
}

const handle = await openFromEnv();
try {
  await migrateDatabase(handle);
  const [existing] = await handle.db.select({ id: clientspaces.id }).from(clientspaces).where(eq(clientspaces.slug, "acme"));
  if (existing) {
    console.log(`Demo data already present in the ${handle.kind} database (${handle.location}); left as is.`);
  } else {
    const started = performance.now();
    await seedDemo(handle.db);
    console.log(`Seeded the demo clientspaces Acme and Globex into ${handle.kind} (${handle.location}) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }

  if (users > 0) {
    const rowsBefore = await rowCount(handle.db);
    const started = performance.now();
    const interactive = process.stdout.isTTY;
    let lastLine = 0;
    await generateUsers(handle.db, {
      clientspaceSlug: "acme",
      count: users,
      onProgress: (done) => {
        const seconds = (performance.now() - started) / 1000;
        const line = `Generated ${done.toLocaleString("en-US")} / ${users.toLocaleString("en-US")} users (${Math.round((done / users) * 100)}%, ${seconds.toFixed(1)} s)`;
        if (interactive) process.stdout.write(`\r${line}`);
        else if (done === users || seconds - lastLine >= 5) {
          console.log(line);
          lastLine = seconds;
        }
      },
    });
    if (interactive) process.stdout.write("\n");
    const seconds = (performance.now() - started) / 1000;
    const rows = (await rowCount(handle.db)) - rowsBefore;
    console.log(
      `Generated ${users.toLocaleString("en-US")} users in ${seconds.toFixed(1)} s: ` +
        `${rows.toLocaleString("en-US")} rows (accounts, clientspace and workspace memberships), ` +
        `${Math.round(rows / seconds).toLocaleString("en-US")} rows/s, ${Math.round(users / seconds).toLocaleString("en-US")} users/s.`,
    );
  }

  console.log("\nDemo sign-in (password for every account below):", DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(20)} ${account.role}`);
  console.log(`  ${GLOBEX_ADMIN_EMAIL.padEnd(20)} Clientspace admin of Globex`);
} finally {
  await handle.close();
}
