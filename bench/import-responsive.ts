import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { migrateDatabase, openPglite, openPostgres } from "../db/open";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from "../db/seed/demo-accounts";
import { prepareUpdateImport } from "./import-world";
import { percentiles, runCommand, waitForUrl } from "./support";

/**
 * Issue 11, requirement 4: an update import run by a real `next start`, as an admin sees it, while
 * someone else opens the sign-in page. The database is prepared before the server starts (PGlite
 * allows one process); then a browser signs in, opens the previewed import and clicks Start, and
 * a GET /sign-in leaves every 100 ms until the report shows. Prints the time until the progress
 * view and until it shows rows done, the run's length, and the sign-in page's latency meanwhile.
 */
export type ResponsiveRun = {
  kind: "pglite" | "postgres";
  rows: number;
  port: number;
  distDir: string;
  databaseUrl?: string;
};

const PROBE_EVERY_MS = 100;
const RUN_TIMEOUT_MS = 15 * 60_000;

/** A GET /sign-in every 100 ms, each on its own (a stalled one does not delay the next): their latencies. */
function probe(origin: string) {
  const samples: { at: number; ms: number }[] = [];
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const at = performance.now();
    const p = fetch(`${origin}/sign-in`)
      .then((res) => res.arrayBuffer())
      .then(() => void samples.push({ at, ms: performance.now() - at }))
      .catch(() => void samples.push({ at, ms: performance.now() - at }))
      .finally(() => pending.delete(p));
    pending.add(p);
  }, PROBE_EVERY_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(pending);
      return samples;
    },
  };
}

type PageState = { bar: number | null; report: boolean };
const stateOf = (page: Page) =>
  page.evaluate((): PageState => {
    const bar = document.querySelector('[role="progressbar"]');
    const report = [...document.querySelectorAll("h2")].some((h) => h.textContent?.trim() === "Report");
    return {
      bar: bar ? Number(bar.getAttribute("aria-valuenow")) : null,
      report,
    };
  });

async function prepare(run: ResponsiveRun, dataDir: string): Promise<string> {
  const handle = run.kind === "pglite" ? await openPglite(dataDir) : await openPostgres(run.databaseUrl!, { max: 2 });
  try {
    await migrateDatabase(handle);
    return (await prepareUpdateImport(handle.db, run.rows)).jobId;
  } finally {
    await handle.close();
  }
}

const seconds = (ms: number | null) => (ms === null ? "never" : `${(ms / 1000).toFixed(1)} s`);

export async function benchResponsiveImport(run: ResponsiveRun): Promise<string> {
  const origin = `http://127.0.0.1:${run.port}`;
  const dataDir = resolve(".data/bench-import/pglite");
  rmSync(resolve(".data/bench-import"), { recursive: true, force: true });
  const jobId = await prepare(run, dataDir);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_DIST_DIR: run.distDir,
    NEXTAUTH_URL: origin,
    NEXTAUTH_SECRET: "bench-only-secret-0123456789abcdef",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (run.kind === "pglite") {
    delete env.DATABASE_URL;
    env.ROSTER_DATA_DIR = dataDir;
  } else env.DATABASE_URL = run.databaseUrl;
  const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(run.port)], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    await waitForUrl(`${origin}/sign-in`, 240);
    const page = await browser.newPage({ baseURL: origin });
    await page.goto("/sign-in");
    await page.getByLabel("Email or username").fill(DEMO_ADMIN_EMAIL);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await page.goto(`/admin/users/import/${jobId}`);
    const start = page.getByRole("button", { name: "Start import" });
    await start.waitFor();
    // Warm-up: the sign-in page rendered and cached before anything is timed.
    for (let i = 0; i < 10; i++) await (await fetch(`${origin}/sign-in`)).arrayBuffer();

    const meanwhile = probe(origin);
    const t0 = performance.now();
    await start.click();
    let view: number | null = null;
    let progress: number | null = null;
    let end: number | null = null;
    while (end === null && performance.now() - t0 < RUN_TIMEOUT_MS) {
      const s = await stateOf(page).catch((): PageState => ({
        bar: null,
        report: false,
      }));
      const at = performance.now() - t0;
      if (s.bar !== null) view ??= at;
      if (s.bar !== null && s.bar > 0) progress ??= at;
      if (s.report) end = at;
      else await new Promise((r) => setTimeout(r, 50));
    }
    const samples = (await meanwhile.stop()).filter((s) => s.at - t0 <= (end ?? RUN_TIMEOUT_MS)).map((s) => s.ms);
    const p = percentiles(samples);
    const label = run.kind === "pglite" ? "embedded database (PGlite)" : "PostgreSQL";
    return [
      `${run.rows.toLocaleString("en")} updates on the ${label}, next start, clicked in a browser:`,
      `  progress view after ${seconds(view)}; rows done first shown after ${seconds(progress)}; report after ${seconds(end)}`,
      `  GET /sign-in every ${PROBE_EVERY_MS} ms during the run: n=${p.n}, p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, worst ${p.max.toFixed(0)} ms (target under 1 s)`,
    ].join("\n");
  } finally {
    await browser.close();
    process.kill(-server.pid!, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    if (run.kind === "pglite") rmSync(resolve(".data/bench-import"), { recursive: true, force: true });
  }
}

/** The build `next start` serves: made unless asked to reuse one. */
export async function ensureBuild(distDir: string, skip: boolean) {
  if (skip && existsSync(resolve(distDir, "BUILD_ID"))) return;
  if (skip) throw new Error(`No build in ${distDir}: run without --skip-build`);
  console.log(`Building the app into ${distDir}…`);
  await runCommand("npx", ["next", "build"], {
    ...process.env,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
  });
}
