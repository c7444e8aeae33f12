import "server-only";
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { SESSION_MAX_AGE_SECONDS } from "./options";
import { authSecret } from "./secret";

const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/**
 * After the user's own password change, every session ended by the version bump except this one:
 * this browser's token is re-signed with the new version.
 */
export async function reissueSessionToken(sessionVersion: number) {
  const jar = await cookies();
  const name = COOKIE_NAMES.find((n) => jar.has(n));
  if (!name) return;
  const secret = authSecret();
  const token = await decode({ token: jar.get(name)!.value, secret });
  if (!token) return;
  const value = await encode({ token: { ...token, sessionVersion }, secret, maxAge: SESSION_MAX_AGE_SECONDS });
  jar.set(name, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: name.startsWith("__Secure-"),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
