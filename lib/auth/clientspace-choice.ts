import "server-only";
import { cookies } from "next/headers";
import { UUID_RE } from "@/lib/users/directory-params";

/**
 * The clientspace a person works in, when their account belongs to several (SPEC section 1): kept
 * in a cookie so that the next sign-in opens where they left off. The cookie names the account
 * too, so that another account signing in on the same browser is not sent to a clientspace it
 * has no place in. It grants nothing: every request checks the membership (lib/auth/session-check.ts).
 */
export const CLIENTSPACE_COOKIE = "roster_clientspace";

/** Browsers keep a cookie 400 days at the most. */
const KEEP_SECONDS = 400 * 24 * 60 * 60;

/** The clientspace the cookie chose for this account, or null (none, another account's, or garbage). */
export function chosenClientspace(cookieValue: string | undefined, accountId: string): string | null {
  const [owner, clientspaceId, rest] = (cookieValue ?? "").split(".");
  if (rest !== undefined || owner !== accountId || !clientspaceId || !UUID_RE.test(clientspaceId)) return null;
  return clientspaceId;
}

/** Remembers the clientspace for the account; in a server action or a route handler. */
export async function rememberClientspace(accountId: string, clientspaceId: string): Promise<void> {
  // Not `secure`: it holds no secret (two ids the server checks), and http://localhost must work too.
  (await cookies()).set(CLIENTSPACE_COOKIE, `${accountId}.${clientspaceId}`, { httpOnly: true, sameSite: "lax", path: "/", maxAge: KEEP_SECONDS });
}
