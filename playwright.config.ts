import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "./e2e/support/browser";
import { BRIDGE_TOKEN, E2E_BASE_URL, E2E_DATA_DIR, E2E_DIST_DIR, E2E_PORT, e2eDatabaseUrl } from "./e2e/support/env";

const databaseUrl = e2eDatabaseUrl();

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    // A production build (`npm run test:e2e` builds it into .next-e2e) on a fresh database.
    command: `npx tsx e2e/support/reset-database.ts && npx next start -H 127.0.0.1 -p ${E2E_PORT}`,
    url: `${E2E_BASE_URL}/sign-in`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      NEXT_DIST_DIR: E2E_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: E2E_BASE_URL,
      NEXTAUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
      ROSTER_E2E_BRIDGE_TOKEN: BRIDGE_TOKEN,
      ROSTER_SEED_DEMO: "1",
      ROSTER_DEV_MAILBOX: "1",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { ROSTER_DATA_DIR: E2E_DATA_DIR }),
    },
  },
});
