import { resolve } from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../support/browser";
import { BRIDGE_TOKEN, E2E_BASE_URL, E2E_DIST_DIR, E2E_PORT } from "../support/env";

// The embedded database under a production build (issue 11, requirement 8): the same e2e build and
// port as playwright.config.ts (the two run one after the other), never DATABASE_URL, a fresh
// PGlite folder of its own. The e2e SQL bridge seeds and checks the data through the server,
// which holds the folder.
const root = resolve(import.meta.dirname, "../..");
const dataDir = process.env.E2E_EMBEDDED_DATA_DIR ?? ".data/e2e-embedded/pglite";

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    command: `npx tsx e2e/support/reset-database.ts && npx next start -H 127.0.0.1 -p ${E2E_PORT}`,
    cwd: root,
    url: `${E2E_BASE_URL}/sign-in`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // Playwright lays this over process.env, so DATABASE_URL (set by CI for the other suites) is
    // blanked here, not deleted: db/open.ts and reset-database.ts take an empty one as none.
    env: {
      DATABASE_URL: "",
      NEXT_DIST_DIR: E2E_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: E2E_BASE_URL,
      NEXTAUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
      ROSTER_E2E_BRIDGE_TOKEN: BRIDGE_TOKEN,
      ROSTER_DATA_DIR: dataDir,
    },
  },
});
