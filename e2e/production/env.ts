/** Where the production-build run serves, from which build, on which database. */
export const PROD_PORT = Number(process.env.E2E_PROD_PORT ?? 3110);
export const PROD_BASE_URL = `http://127.0.0.1:${PROD_PORT}`;
export const PROD_DIST_DIR = process.env.E2E_PROD_DIST_DIR ?? ".next-prod";

// The bridge's token is set on purpose: the route must be missing from the build, not merely locked.
export const PROD_BRIDGE_TOKEN = "production-build-has-no-bridge-0123456789abcdef";

/** A database of its own next to DATABASE_URL (`<e2e name>_prod`), or a fresh embedded folder. */
export function prodDatabaseEnv(): Record<string, string> {
  const url = process.env.DATABASE_URL;
  if (!url) return { ROSTER_DATA_DIR: process.env.E2E_PROD_DATA_DIR ?? ".data/e2e-prod/pglite" };
  const u = new URL(url);
  u.pathname = `/${process.env.E2E_DATABASE_NAME ?? "roster_e2e"}_prod`;
  return { DATABASE_URL: u.toString() };
}
