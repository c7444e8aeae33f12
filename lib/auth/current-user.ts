import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { getDb } from "@/db/client";
import { can, type Permission } from "@/lib/permissions";
import { authOptions } from "./options";
import { checkSessionToken, type SessionCheck, type SignedInUser } from "./session-check";

/**
 * The signed-in user as the database sees them now; once per request. The session's row decides
 * the clientspace it works in (the switcher moves it); the clientspace cookie only remembers, for
 * the next sign-in on this browser.
 */
export const getSessionCheck = cache(async (): Promise<SessionCheck | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.accountId) return null;
  return checkSessionToken(await getDb(), { accountId: session.accountId, sessionVersion: session.sessionVersion, sessionId: session.sessionId });
});

export async function getSignedInUser(): Promise<SignedInUser | null> {
  const check = await getSessionCheck();
  return check?.ok ? check.user : null;
}

/** For pages: the user, or off to sign in (ending a session the database no longer backs). */
export async function requireUser(): Promise<SignedInUser> {
  const check = await getSessionCheck();
  if (!check) redirect("/sign-in");
  if (!check.ok) redirect(`/session-ended?reason=${check.reason}`);
  return check.user;
}

/** For pages: the user, when the permission table lets them in; otherwise a 404 that reveals nothing. */
export async function requirePagePermission(permission: Permission): Promise<SignedInUser> {
  const user = await requireUser();
  if (!can(user, permission)) notFound();
  return user;
}
