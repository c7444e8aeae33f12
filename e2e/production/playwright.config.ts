import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../support/browser";
import { PROD_BASE_URL, PROD_BRIDGE_TOKEN, PROD_DIST_DIR, PROD_PORT, prodDatabaseEnv } from "./env";

/**
 * A NORMAL production build (`next build` without the e2e bridge, into .next-prod; `npm run
 * test:e2e` makes it) under `next start`, on a fresh database of its own: what an operator ships.
 * The main suite runs on a build made for tests; this one checks what only the shipped build can
 * prove (security headers, no test-only routes).
 */
export default defineConfig({
  testDir: ".",
  testMatch: "*.prod.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: PROD_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    command: `npx tsx e2e/support/reset-database.ts && npx next start -H 127.0.0.1 -p ${PROD_PORT}`,
    cwd: "../..",
    url: `${PROD_BASE_URL}/sign-in`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      NEXT_DIST_DIR: PROD_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: PROD_BASE_URL,
      NEXTAUTH_SECRET: "e2e-prod-only-secret-not-for-production-0123456789",
      ROSTER_E2E_BRIDGE_TOKEN: PROD_BRIDGE_TOKEN,
      ROSTER_SEED_DEMO: "1",
      ...prodDatabaseEnv(),
    },
  },
});
