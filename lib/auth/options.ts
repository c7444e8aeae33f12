import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { checkSession } from "./session-check";
import { authSecret } from "./secret";
import { authenticate, SIGN_IN_MESSAGES } from "./sign-in";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

const credentialsSchema = z.object({
  identifier: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

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
      async authorize(credentials) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new Error(SIGN_IN_MESSAGES.invalid);
        const result = await authenticate(await getDb(), parsed.data.identifier, parsed.data.password);
        // next-auth hands this message to the sign-in form as `error`.
        if (!result.ok) throw new Error(SIGN_IN_MESSAGES[result.code]);
        // The session stays in the clientspace it opened in (the one joined last) until the person
        // switches: a membership added meanwhile must not move it elsewhere unasked.
        const check = await checkSession(await getDb(), { accountId: result.accountId, sessionVersion: result.sessionVersion });
        return { id: result.accountId, sessionVersion: result.sessionVersion, clientspaceId: check.ok ? check.user.clientspaceId : null };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sessionVersion = user.sessionVersion;
        token.clientspaceId = user.clientspaceId;
      }
      return token;
    },
    session({ session, token }) {
      session.accountId = token.sub ?? "";
      session.sessionVersion = token.sessionVersion ?? -1;
      session.clientspaceId = token.clientspaceId ?? null;
      return session;
    },
  },
};
