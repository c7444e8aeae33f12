import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    accountId: string;
    sessionVersion: number;
  }
  interface User {
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionVersion?: number;
  }
}
