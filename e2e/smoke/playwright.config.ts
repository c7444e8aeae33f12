import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../support/browser";

// The newcomer's path: `npm run dev` with no DATABASE_URL and no env file, on port 3000 (or PORT,
// which `npm run dev` honours).
const port = Number(process.env.PORT ?? 3000);
const env = { ...(process.env as Record<string, string>) };
delete env.DATABASE_URL;
delete env.NEXTAUTH_SECRET;
delete env.NEXT_DIST_DIR;

export default defineConfig({
  testDir: ".",
  testMatch: "*.smoke.ts",
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    command: "npm run dev",
    cwd: "../..",
    url: `http://localhost:${port}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
  },
});
