import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { getDb } from "@/db/client";
import { can, type Permission } from "@/lib/permissions";
import { chosenClientspace, CLIENTSPACE_COOKIE } from "./clientspace-choice";
import { authOptions } from "./options";
import { checkSession, type SessionCheck, type SignedInUser } from "./session-check";

/** The signed-in user as the database sees them now; once per request. */
export const getSessionCheck = cache(async (): Promise<SessionCheck | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.accountId) return null;
  // The person's own switch first, then the clientspace the session opened in.
  const preferred = chosenClientspace((await cookies()).get(CLIENTSPACE_COOKIE)?.value, session.accountId) ?? session.clientspaceId ?? null;
  return checkSession(await getDb(), { accountId: session.accountId, sessionVersion: session.sessionVersion }, preferred);
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
export async function requirePermission(permission: Permission): Promise<SignedInUser> {
  const user = await requireUser();
  if (!can(user, permission)) notFound();
  return user;
}
