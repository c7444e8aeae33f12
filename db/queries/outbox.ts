import "server-only";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { emailOutbox, type OutboxEmail } from "@/db/schema";
import type { Db } from "@/db/types";

export type OutboxListItem = Pick<
  OutboxEmail,
  "id" | "template" | "to" | "subject" | "status" | "transport" | "error" | "attempts" | "createdAt" | "sentAt"
>;

/**
 * One clientspace's outbox emails newest first, without their bodies; `to` matches the whole
 * address, ignoring case. Pages with `before` (the smallest id already shown). The scope is
 * required: emails carry live reset and invitation links, never shown across clientspaces.
 */
export async function listOutboxEmails(
  db: Db,
  opts: { clientspaceId: string; to?: string; before?: number; limit?: number },
): Promise<OutboxListItem[]> {
  const to = opts.to?.trim();
  return db
    .select({
      id: emailOutbox.id,
      template: emailOutbox.template,
      to: emailOutbox.to,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      transport: emailOutbox.transport,
      error: emailOutbox.error,
      attempts: emailOutbox.attempts,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
    })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.clientspaceId, opts.clientspaceId),
        to ? sql`lower(${emailOutbox.to}) = lower(${to})` : undefined,
        opts.before ? lt(emailOutbox.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(emailOutbox.id))
    .limit(opts.limit ?? 50);
}

/** One email of that clientspace; another clientspace's id answers as if it did not exist. */
export async function getOutboxEmail(db: Db, clientspaceId: string, id: number): Promise<OutboxEmail | undefined> {
  const [row] = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.clientspaceId, clientspaceId)));
  return row;
}
