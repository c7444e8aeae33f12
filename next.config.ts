import type { NextConfig } from "next";

// next-auth assumes this origin anyway; saying it keeps a newcomer's terminal free of warnings.
if (process.env.NODE_ENV !== "production") process.env.NEXTAUTH_URL ??= "http://localhost:3000";

const nextConfig: NextConfig = {
  // Bundling PGlite breaks its file loading; argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  // e2e builds into its own folder so that `npm test` never clobbers a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
  experimental: {
    // The import uploads files of up to 50 MB through a server action (lib/transfer/read-file.ts
    // refuses larger ones with a message); a little more leaves room for the form's envelope.
    serverActions: { bodySizeLimit: "51mb" },
    proxyClientMaxBodySize: "51mb",
  },
};

export default nextConfig;
