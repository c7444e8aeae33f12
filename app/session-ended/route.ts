import { NextResponse, type NextRequest } from "next/server";
import { CLIENTSPACE_COOKIE } from "@/lib/auth/clientspace-choice";

const REASONS = new Set(["gone", "locked", "ended", "disabled"]);

// Pages cannot delete cookies; this route does, so that a session the database no longer backs
// (disabled, locked, password changed) is really gone and the browser lands on the sign-in page.
export function GET(request: NextRequest) {
  const reason = request.nextUrl.searchParams.get("reason");
  const target = new URL("/sign-in", request.url);
  target.searchParams.set("reason", reason && REASONS.has(reason) ? reason : "ended");
  const response = NextResponse.redirect(target);
  for (const name of ["next-auth.session-token", "__Secure-next-auth.session-token", "next-auth.csrf-token", "__Host-next-auth.csrf-token"]) {
    response.cookies.delete(name);
  }
  // Refused in the clientspace they were working in (disabled or removed there): the next sign-in
  // opens one where they still have a place. Other reasons keep it, to open where they left off.
  if (reason === "disabled") response.cookies.delete(CLIENTSPACE_COOKIE);
  return response;
}
