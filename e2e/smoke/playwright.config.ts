import { defineConfig } from "@playwright/test";

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
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
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
