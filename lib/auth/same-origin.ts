/**
 * A state-changing request from a form of our own pages, not from another site (login/logout
 * CSRF): the Origin header must name this very host. Browsers send Origin with every POST; a
 * request without it is accepted only when the browser vouches for it (Sec-Fetch-Site).
 * The host is the one the request was addressed to, as Next's own server-action check reads it.
 */
export function isSameOriginRequest(headers: { get(name: string): string | null }): boolean {
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const origin = headers.get("origin");
  if (origin) {
    if (origin === "null" || !host) return false;
    try {
      return new URL(origin).host === host.split(",")[0].trim();
    } catch {
      return false;
    }
  }
  return headers.get("sec-fetch-site") === "same-origin";
}
