import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    accountId: string;
    sessionVersion: number;
    /** The clientspace the session opened in (lib/auth/options.ts); null for tokens issued before it was kept. */
    clientspaceId: string | null;
    /** The account_sessions row this browser's session is (lib/auth/sessions.ts); null for tokens issued before. */
    sessionId: string | null;
  }
  interface User {
    sessionVersion: number;
    clientspaceId: string | null;
    sessionId: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionVersion?: number;
    clientspaceId?: string | null;
    /** The account_sessions row id, checked against the database on every request. */
    sid?: string;
  }
}
