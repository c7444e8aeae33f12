/** Only a path on this site: a callback URL must never send a freshly signed-in user elsewhere. */
export function safeCallbackPath(value: string | null | undefined, fallback = "/"): string {
  if (!value) return fallback;
  try {
    const base = "http://roster.invalid";
    const url = new URL(value, base);
    const sameSite = url.origin === base || (typeof window !== "undefined" && url.origin === window.location.origin);
    if (!sameSite || url.pathname.startsWith("/sign-in")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
