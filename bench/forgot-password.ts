/**
 * npm run bench:forgot [-- --requests 100]
 *
 * Forgot password answers before doing its work (SPEC section 8), so that a known and an unknown
 * address take the same time. This posts the page's own server action to a production build
 * (`next start`, bench database at BENCH_DATABASE_URL) for a known address and an unknown one,
 * alternately, and prints both answer times; then checks that the work did happen after the
 * answers (reset emails queued for the known address). BENCH_PORT / BENCH_DIST_DIR as bench:list.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { accounts, clientspaces, emailOutbox } from "../db/schema";
import { seedDemo } from "../db/seed/demo";
import { BENCH_URL, fmt, openBenchDatabase, percentiles, runCommand, time, waitForUrl } from "./support";

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== "--"), options: { requests: { type: "string", default: "100" } } });
const requests = Number(values.requests);

const handle = await openBenchDatabase();
const db = handle.db;
if ((await db.select().from(clientspaces).where(eq(clientspaces.slug, "acme"))).length === 0) await seedDemo(db);
const [known] = await db.select({ email: accounts.email }).from(accounts).where(eq(accounts.email, "member@acme.test"));
if (!known) throw new Error("member@acme.test is missing from the bench database");

const port = Number(process.env.BENCH_PORT ?? 3200);
const distDir = process.env.BENCH_DIST_DIR ?? ".next-bench";
const origin = `http://127.0.0.1:${port}`;
// One trusted proxy: each request names its own client address, so the per-address limit (3 an hour) stays out of the way.
const env = { ...process.env, DATABASE_URL: BENCH_URL, NEXT_DIST_DIR: distDir, NEXTAUTH_URL: origin, NEXTAUTH_SECRET: "bench-only-secret-0123456789abcdef", NEXT_TELEMETRY_DISABLED: "1", ROSTER_TRUSTED_PROXIES: "1" };
console.log("Building the app for the benchmark…");
await runCommand("npx", ["next", "build"], env);
const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
try {
  await waitForUrl(`${origin}/forgot-password`);
  const actionId = findActionId(distDir, "requestPasswordResetAction");
  const ask = async (email: string, n: number) => {
    const res = await fetch(`${origin}/forgot-password`, {
      method: "POST",
      headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin, "x-forwarded-for": `198.18.${n >> 8}.${n & 255}` },
      body: JSON.stringify([{ email }]),
    });
    const body = await res.text();
    if (!res.ok || !body.includes("If an account exists")) throw new Error(`unexpected answer ${res.status}: ${body.slice(0, 200)}`);
  };
  const before = await resetMails(known.email);
  for (let i = 0; i < 10; i++) await ask(`warm-up-${i}@example.test`, i);
  const times = { known: [] as number[], unknown: [] as number[] };
  for (let i = 0; i < requests; i++) {
    // The per-target limit (3 an hour) would otherwise stop the known address's work after three.
    await db.execute(sql`delete from throttle_counters`);
    times.known.push((await time(() => ask(known.email, 1000 + 2 * i)))[0]);
    times.unknown.push((await time(() => ask(`nobody-${i}@example.test`, 1001 + 2 * i)))[0]);
  }
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`\nForgot password over HTTP, answer time, ${requests} requests each:`);
  console.log(`  known address:    ${fmt(percentiles(times.known))}`);
  console.log(`  unknown address:  ${fmt(percentiles(times.unknown))}`);
  console.log(`  reset emails queued after the answers for the known address: ${(await resetMails(known.email)) - before} (of ${requests})`);
} finally {
  process.kill(-server.pid!, "SIGTERM");
  await handle.close();
}

async function resetMails(to: string) {
  return (await db.select({ template: emailOutbox.template }).from(emailOutbox).where(eq(emailOutbox.to, to))).filter((m) => m.template === "password-reset").length;
}
/** The server action's id, as the built client bundle calls it. */
function findActionId(dir: string, name: string): string {
  const chunks = join(dir, "static", "chunks");
  for (const file of readdirSync(chunks, { recursive: true }) as string[]) {
    if (!file.endsWith(".js")) continue;
    const match = readFileSync(join(chunks, file), "utf8").match(new RegExp(`"([0-9a-f]{40,})"[^"]{0,200}"${name}"`));
    if (match) return match[1];
  }
  throw new Error(`no server action named ${name} in ${chunks}`);
}
