import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { chosenClientspace, CLIENTSPACE_COOKIE } from "./clientspace-choice";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { checkSession } from "./session-check";
import { authSecret } from "./secret";
import { SIGN_IN_MESSAGES } from "./sign-in";
import { signInWithThrottle } from "./sign-in-throttle";
import { revokeSession, SESSION_MAX_AGE_SECONDS, startSession } from "./sessions";

export { SESSION_MAX_AGE_SECONDS };

const credentialsSchema = z.object({
  identifier: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

type RequestHeaders = Record<string, string | string[] | undefined> | undefined;
const headerOf = (headers: RequestHeaders, name: string) => {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
};
const cookieOf = (headers: RequestHeaders, name: string) =>
  headerOf(headers, "cookie")
    ?.split(";")
    .map((part) => part.trim().split("="))
    .find(([key]) => key === name)?.[1];

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Roster",
      credentials: {
        identifier: { label: "Email or username", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new Error(SIGN_IN_MESSAGES.invalid);
        const headers = req?.headers as RequestHeaders;
        const clientAddress = headerOf(headers, CLIENT_ADDRESS_HEADER) ?? "unknown";
        const db = await getDb();
        const result = await signInWithThrottle(db, { ...parsed.data, clientAddress });
        // next-auth hands this message to the sign-in form as `error`.
        if (!result.ok) throw new Error(result.message);
        // The session opens where this browser last worked for this account, when still open to
        // them, else in the clientspace joined last; from then on it stays there until switched.
        const account = { accountId: result.accountId, sessionVersion: result.sessionVersion };
        const remembered = chosenClientspace(cookieOf(headers, CLIENTSPACE_COOKIE), result.accountId);
        const preferred = remembered ? await checkSession(db, account, remembered) : null;
        const check = preferred?.ok ? preferred : await checkSession(db, account);
        const clientspaceId = check.ok ? check.user.clientspaceId : null;
        const sessionId = await startSession(db, { accountId: result.accountId, clientspaceId, userAgent: headerOf(headers, "user-agent"), ipAddress: clientAddress });
        return { id: result.accountId, sessionVersion: result.sessionVersion, clientspaceId, sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sessionVersion = user.sessionVersion;
        token.clientspaceId = user.clientspaceId;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      session.accountId = token.sub ?? "";
      session.sessionVersion = token.sessionVersion ?? -1;
      session.clientspaceId = token.clientspaceId ?? null;
      session.sessionId = token.sid ?? null;
      return session;
    },
  },
  events: {
    // next-auth's sign-out (a POST with its CSRF token) hands over the token: its row is revoked,
    // so a copy of the cookie taken before is worth nothing afterwards.
    async signOut({ token }) {
      if (token?.sub && token.sid) await revokeSession(await getDb(), token.sub, token.sid, "signed_out");
    },
  },
};
