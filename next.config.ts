import type { NextConfig } from "next";
import { SERVER_ACTION_BODY_MB } from "./lib/body-limits";
import { COMMON_HEADERS, NOTHING_POLICY } from "./lib/security/headers";

// next-auth assumes this origin anyway; saying it keeps a newcomer's terminal free of warnings.
// `PORT=4000 npm run dev` serves on 4000, so the links in emails say 4000 too.
if (process.env.NODE_ENV !== "production") process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT || 3000}`;

// The test-only SQL bridge (app/api/e2e/sql/route.e2e.ts) is compiled only into builds made for
// the e2e suite: `ROSTER_E2E_BRIDGE=1`, or a build into a `.next-e2e*` folder (`npm run test:e2e`
// and the house's per-person e2e builds). Any other build has no such route at all.
const distDir = process.env.NEXT_DIST_DIR || ".next";
const e2eBuild = process.env.ROSTER_E2E_BRIDGE === "1" || /^\.next-e2e/.test(distDir);

const nextConfig: NextConfig = {
  // Bundling PGlite breaks its file loading; argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  // e2e builds into its own folder so that `npm test` never clobbers a running `npm run dev`.
  distDir,
  pageExtensions: e2eBuild ? ["tsx", "ts", "jsx", "js", "e2e.ts"] : ["tsx", "ts", "jsx", "js"],
  typedRoutes: false,
  experimental: {
    // Small bodies only (lib/body-limits.ts): files go to the import's upload route, which the
    // proxy skips (proxy.ts) and which reads its body under its own limit.
    serverActions: { bodySizeLimit: `${SERVER_ACTION_BODY_MB}mb` },
    // What Next buffers of a body for the proxy: a little over the actions' limit, so that an
    // action's body is never cut short below it (Next cuts silently at this size).
    proxyClientMaxBodySize: `${SERVER_ACTION_BODY_MB + 1}mb`,
  },
  // The proxy (proxy.ts) gives every other response its headers and a nonce-based CSP.
  async headers() {
    const headers = Object.entries({ ...COMMON_HEADERS, "Content-Security-Policy": NOTHING_POLICY, "X-Frame-Options": "DENY" });
    return [{ source: "/_next/static/:path*", headers: headers.map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
