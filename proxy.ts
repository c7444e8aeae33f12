import { withAuth } from "next-auth/middleware";
import { authSecret } from "@/lib/auth/secret";

// Only the presence of a valid session token is checked here; every page, action and route then
// checks the account against the database (lib/auth/current-user.ts).
export default withAuth({
  secret: authSecret(),
  // withAuth ignores authOptions.pages, so they are repeated here.
  pages: { signIn: "/sign-in" },
});

export const config = {
  matcher: [
    "/((?!sign-in|forgot-password|reset-password|invitation|session-ended|api/auth|api/e2e|api/v1|scim|dev/|_next/|favicon.ico|robots.txt).*)",
  ],
};
