import "server-only";
import { getSessionCheck } from "@/lib/auth/current-user";
import type { SignedInUser } from "@/lib/auth/session-check";
import { devMailboxEnabled, mayOpenDevMailbox } from "@/lib/email/dev-mailbox";

/**
 * The signed-in admin reading their clientspace's mailbox, checked against the database like
 * every page; null for anyone else, and each door then answers 404 (nothing to see here).
 */
export async function mailboxReader(): Promise<SignedInUser | null> {
  if (!devMailboxEnabled()) return null;
  const check = await getSessionCheck();
  const user = check?.ok ? check.user : null;
  return user && mayOpenDevMailbox(user) ? user : null;
}
