import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Bundling PGlite breaks its file loading; argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  // e2e builds into its own folder so that `npm test` never clobbers a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
};

export default nextConfig;
