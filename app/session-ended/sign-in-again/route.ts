import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getDb } from "@/db/client";
import { CLIENTSPACE_COOKIE } from "@/lib/auth/clientspace-choice";
import { isSameOriginRequest } from "@/lib/auth/same-origin";
import { authSecret } from "@/lib/auth/secret";
import { sessionEndReason } from "@/lib/auth/session-reasons";
import { revokeSession } from "@/lib/auth/sessions";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token", "next-auth.csrf-token", "__Host-next-auth.csrf-token"];

/**
 * "Sign in again" on /session-ended: clears this browser's session cookies and goes to sign-in.
 * Only a POST from our own page: a GET or another site's form could otherwise sign anyone out.
 */
export async function POST(request: NextRequest) {
  if (!isSameOriginRequest(request.headers)) {
    return new NextResponse("This request came from another site and was refused.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const form = await request.formData().catch(() => null);
  const reason = sessionEndReason(form?.get("reason"));
  // The database refused the session already; a row still live (an old tab) ends here too.
  const token = await getToken({ req: request, secret: authSecret() });
  if (token?.sub && token.sid) await revokeSession(await getDb(), token.sub, token.sid, "signed_out");

  // A relative Location: request.url may name another host than the browser used (Next builds it
  // from its own hostname), and CSP form-action refuses a form whose redirect leaves the origin.
  const response = new NextResponse(null, { status: 303, headers: { location: `/sign-in?${new URLSearchParams({ reason })}` } });
  for (const name of SESSION_COOKIES) response.cookies.delete(name);
  // Refused in the clientspace they were working in (disabled or removed there): the next sign-in
  // opens one where they still have a place. Other reasons keep it, to open where they left off.
  if (reason === "disabled") response.cookies.delete(CLIENTSPACE_COOKIE);
  return response;
}
