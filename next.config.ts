import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Bundling PGlite breaks its file loading; argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
