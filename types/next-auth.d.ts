import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    accountId: string;
    sessionVersion: number;
    /** The clientspace the session opened in (lib/auth/options.ts); null for tokens issued before it was kept. */
    clientspaceId: string | null;
  }
  interface User {
    sessionVersion: number;
    clientspaceId: string | null;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionVersion?: number;
    clientspaceId?: string | null;
  }
}
