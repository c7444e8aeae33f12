import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { authSecret } from "@/lib/auth/secret";
import { emailPreviewPolicy, newNonce, pagePolicy, securityHeaders, servedOverHttps } from "@/lib/security/headers";

// Only the presence of a valid session token is checked here; every page, action and route then
// checks the account against the database (lib/auth/current-user.ts).
const requireSessionToken = withAuth({
  secret: authSecret(),
  // withAuth ignores authOptions.pages, so they are repeated here.
  pages: { signIn: "/sign-in" },
});

// Open without a session token: the auth pages, next-auth itself, the token-authenticated APIs, and
// the dev mailbox (which answers 404 itself to anyone but a signed-in admin), robots and favicon.
const PUBLIC_PATHS =
  /^\/(?:sign-in|forgot-password|reset-password|invitation|session-ended|api\/auth|api\/e2e|api\/v1|scim|dev\/|favicon\.ico$|robots\.txt$)/;
const EMAIL_PREVIEW = /^\/dev\/mailbox\/\d+\/html$/;

/**
 * Every response but Next's static files passes here, so that each one carries the security
 * headers and each page is rendered with a fresh CSP nonce (Next reads it from the request's
 * Content-Security-Policy header and puts it on its own scripts: nextjs.org/docs/app/guides/content-security-policy).
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const path = request.nextUrl.pathname;
  const denied = PUBLIC_PATHS.test(path) ? undefined : await requireSessionToken(request as NextRequestWithAuth, event);

  const nonce = newNonce();
  const https = servedOverHttps(request.nextUrl, request.headers.get("x-forwarded-proto"));
  const preview = EMAIL_PREVIEW.test(path);
  const csp = preview ? emailPreviewPolicy() : pagePolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  const headers = securityHeaders({ csp, https, framedBySelf: preview });

  let response: Response;
  if (denied) {
    response = denied;
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set("x-nonce", nonce);
    forwarded.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's static assets, which next.config.ts headers() covers, and the
  // import's upload route: Next buffers the whole body of any request the proxy sees before the
  // route runs (up to proxyClientMaxBodySize, silently cut beyond), which would defeat the route's
  // own streaming limit. That route checks the session and sets these headers itself.
  matcher: ["/((?!_next/static|_next/image|admin/users/import/upload).*)"],
};
