import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { Resend } from "resend";
import { emailOutbox, type OutboxEmail } from "@/db/schema";
import type { Db } from "@/db/types";
import { emailFrom } from "./transport";

/** After this many failed attempts an email is marked failed and no longer retried. */
export const MAX_DELIVERY_ATTEMPTS = 5;
const DEFAULT_BATCH = 20;
// A row stays locked while its request runs: a stalled provider must not hold it (and the caller) forever.
const REQUEST_TIMEOUT_MS = 15_000;

type Attempt = { ok: true; providerId: string } | { ok: false; error: string };

/**
 * Sends pending outbox emails with Resend when RESEND_API_KEY is set (oldest first, at most `limit`,
 * only those in `ids` when given); without it, does nothing and the emails stay in the outbox for the
 * development mailbox. Call it after the transaction that queued the emails has committed.
 *
 * Never throws: the change that caused the email is already committed. Failures are logged, recorded on
 * the row and retried on later calls, up to MAX_DELIVERY_ATTEMPTS.
 */
export async function deliverPendingEmails(
  db: Db,
  opts: { ids?: number[]; limit?: number } = {},
): Promise<void> {
  const apiKey = process.env.RESEND_API_KEY;
  if (!apiKey || opts.ids?.length === 0) return;
  const resend = new Resend(apiKey);
  const from = emailFrom();
  const limit = opts.limit ?? DEFAULT_BATCH;
  const tried: number[] = [];
  try {
    while (tried.length < limit) {
      // One transaction per email: the row lock (SKIP LOCKED) keeps two processes from sending it twice,
      // and a send is recorded as soon as it happened.
      const tookOne = await db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(emailOutbox)
          .where(
            and(
              eq(emailOutbox.status, "pending"),
              eq(emailOutbox.transport, "resend"),
              opts.ids ? inArray(emailOutbox.id, opts.ids) : undefined,
              tried.length > 0 ? notInArray(emailOutbox.id, tried) : undefined,
            ),
          )
          .orderBy(asc(emailOutbox.id))
          .limit(1)
          .for("update", { skipLocked: true });
        if (!row) return false;
        tried.push(row.id);
        await recordAttempt(tx, row, await sendWithResend(resend, from, row));
        return true;
      });
      if (!tookOne) break;
    }
  } catch (err) {
    console.error("Email delivery stopped: could not read or update the outbox", err);
  }
}

async function sendWithResend(resend: Resend, from: string, row: OutboxEmail): Promise<Attempt> {
  try {
    const { data, error } = await resend.emails.send(
      { from, to: row.to, subject: row.subject, html: row.html, text: row.text },
      // Resend sends a key only once in 24 hours, so a send whose result could not be recorded is not doubled;
      // the creation time keeps a reused id (a recreated database) from matching an older email.
      { idempotencyKey: `roster-outbox/${row.id}-${row.createdAt.getTime()}`, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
    );
    if (error) return { ok: false, error: `${error.name}${error.statusCode ? ` (${error.statusCode})` : ""}: ${error.message}` };
    if (!data?.id) return { ok: false, error: "Resend answered without an email id" };
    return { ok: true, providerId: data.id };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

async function recordAttempt(tx: Db, row: OutboxEmail, attempt: Attempt) {
  const attempts = row.attempts + 1;
  if (attempt.ok) {
    await tx
      .update(emailOutbox)
      .set({ status: "sent", transport: "resend", providerId: attempt.providerId, error: null, attempts, sentAt: sql`now()` })
      .where(eq(emailOutbox.id, row.id));
    return;
  }
  const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
  console.error(
    `Email ${row.id} (${row.template}) to ${row.to} not delivered, attempt ${attempts} of ${MAX_DELIVERY_ATTEMPTS}: ${attempt.error}`,
  );
  await tx
    .update(emailOutbox)
    .set({ status: giveUp ? "failed" : "pending", error: attempt.error, attempts })
    .where(eq(emailOutbox.id, row.id));
}
