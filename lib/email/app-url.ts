/**
 * The public base URL of the app, without a trailing slash; every link in an email is built on it.
 * Unconfigured, it is this machine on the port the server listens on (`PORT`, as `npm run dev`
 * and `npm start` use it), so that links work in development.
 */
export function appUrl(): string {
  const url = process.env.APP_URL || process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`;
  return url.replace(/\/+$/, "");
}

/**
 * An absolute URL for a path of the app (kept under a base path such as https://host/roster);
 * an already absolute URL is returned unchanged.
 */
export function absoluteUrl(pathOrUrl: string): string {
  if (/^[a-z][a-z\d+.-]*:/i.test(pathOrUrl)) return pathOrUrl;
  return `${appUrl()}${pathOrUrl.startsWith("/") ? "" : "/"}${pathOrUrl}`;
}
