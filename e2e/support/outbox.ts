import { expect } from "@playwright/test";
import { emailLinks } from "../../lib/email/links";
import { query } from "./db";

export type OutboxRow = { id: number; subject: string; html: string };

/** Emails to that address, newest first, read from the outbox table through the e2e bridge. */
export async function emailsTo(to: string): Promise<OutboxRow[]> {
  return query<OutboxRow>(`select id::int as id, subject, html from email_outbox where lower("to") = lower($1) order by id desc`, [to]);
}

/**
 * The link with that text in the newest email to that address with that subject: for tests about
 * what the email lets a person do, not about the development mailbox (e2e/dev-mailbox.spec.ts).
 * Waits for the email, which some flows write after answering.
 */
export async function linkInNewestEmail(to: string, subject: string, linkText: string): Promise<string> {
  let html = "";
  await expect
    .poll(async () => {
      html = (await emailsTo(to)).find((e) => e.subject === subject)?.html ?? "";
      return html !== "";
    }, { message: `an email "${subject}" to ${to}` })
    .toBe(true);
  const link = emailLinks(html).find((l) => l.text === linkText);
  if (!link) throw new Error(`no link "${linkText}" in the email "${subject}" to ${to}`);
  return link.href;
}
