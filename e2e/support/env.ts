import { randomBytes } from "node:crypto";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

// One token per run, shared by the config (server env) and the tests (request header).
process.env.ROSTER_E2E_BRIDGE_TOKEN ??= randomBytes(24).toString("hex");
export const BRIDGE_TOKEN = process.env.ROSTER_E2E_BRIDGE_TOKEN;

/** The e2e database: a database of its own next to DATABASE_URL, or a fresh embedded folder. */
export function e2eDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const u = new URL(url);
  u.pathname = `/${process.env.E2E_DATABASE_NAME ?? "roster_e2e"}`;
  return u.toString();
}

/** Where the e2e build and the embedded e2e database live; separate runs can use their own. */
export const E2E_DIST_DIR = process.env.E2E_DIST_DIR ?? ".next-e2e";
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".data/e2e/pglite";
