/**
 * The security headers of every response (SPEC section 8), as plain functions: proxy.ts applies
 * them per request (a fresh CSP nonce each time), next.config.ts to the static files the proxy
 * skips, and the tests read the same definitions.
 */

/** A fresh, unguessable CSP nonce: 16 random bytes in base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

/**
 * The pages' policy. Scripts run only with this response's nonce; 'strict-dynamic' lets those
 * scripts load Next's chunks (and makes browsers ignore 'self' for scripts). React needs eval in
 * `next dev` only. Styles keep 'unsafe-inline': Radix positions popovers and dialogs with style
 * attributes, and sonner and react-remove-scroll insert <style> elements without a nonce; a nonce
 * in style-src would disable 'unsafe-inline', so there is none. `upgrade-insecure-requests` only
 * behind TLS: on plain http (a LAN install, the tests) it would break every asset.
 */
export function pagePolicy(opts: { nonce: string; dev: boolean; https: boolean }): string {
  return policy({
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${opts.nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(opts.https ? { "upgrade-insecure-requests": [] } : {}),
  });
}

/**
 * An email as the development mailbox frames it: no script at all, no forms, its own opaque
 * origin (sandbox), framed only by the app's own pages. Links open in the whole window.
 */
export function emailPreviewPolicy(): string {
  return policy({
    "default-src": ["'none'"],
    "img-src": ["https:", "data:"],
    "style-src": ["'unsafe-inline'"],
    "font-src": ["https:", "data:"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
    sandbox: ["allow-popups", "allow-popups-to-escape-sandbox", "allow-top-navigation-by-user-activation"],
  });
}

/** Responses that are not pages (static files): nothing may run, nothing may frame them. */
export const NOTHING_POLICY = policy({ "default-src": ["'none'"], "frame-ancestors": ["'none'"] });

/** Headers every response carries, whatever its content. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // Roster uses none of these; a script injected despite the CSP gets none of them either.
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()",
};

export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Whether the browser reached us over TLS: the request URL, or the first hop's
 * x-forwarded-proto set by a TLS-terminating proxy. A forged header is harmless: browsers ignore
 * Strict-Transport-Security received over plain http (RFC 6797 section 8.1).
 */
export function servedOverHttps(url: URL, forwardedProto: string | null): boolean {
  if (url.protocol === "https:") return true;
  return forwardedProto?.split(",")[0].trim().toLowerCase() === "https";
}

/** Every security header of one response; `framedBySelf` for the mailbox's email preview only. */
export function securityHeaders(opts: { csp: string; https: boolean; framedBySelf?: boolean }): Record<string, string> {
  return {
    ...COMMON_HEADERS,
    "Content-Security-Policy": opts.csp,
    // For browsers without CSP frame-ancestors; the CSP wins where both are understood.
    "X-Frame-Options": opts.framedBySelf ? "SAMEORIGIN" : "DENY",
    ...(opts.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
