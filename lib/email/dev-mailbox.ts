import type { Actor } from "@/lib/permissions";

/** The development mailbox shows outbox emails, reset links included: never in production unless asked. */
export function devMailboxEnabled(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.ROSTER_DEV_MAILBOX === "1";
}

/**
 * Who may open it: a signed-in admin of the clientspace the emails belong to (the caller scopes
 * every read to `actor.clientspaceId`). Anyone else, signed in or not, gets a 404.
 */
export function mayOpenDevMailbox(actor: Actor | null | undefined): boolean {
  return devMailboxEnabled() && actor?.isAdmin === true;
}

export function formatMailboxTime(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Pending means "waiting for Resend" only for Resend emails; the others are only ever in the outbox. */
export function mailboxStatus(email: { status: string; transport: string | null }): string {
  return email.status === "pending" && email.transport === "outbox" ? "in outbox" : email.status;
}

// Links inside the sandboxed preview must replace the mailbox page, not the frame, to be followed.
export function previewDocument(html: string): string {
  const base = '<base target="_top">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}${base}`) : `${base}${html}`;
}
