import { emailOutbox } from "@/db/schema";
import type { Db } from "@/db/types";
import { emailTransport } from "./transport";
import { renderEmail } from "./render";
import type { EmailTemplateName, EmailTemplateProps } from "./templates";

export type QueueEmailInput<K extends EmailTemplateName = EmailTemplateName> = {
  clientspaceId?: string | null;
  to: string;
  template: K;
  props: EmailTemplateProps[K];
};

const plausibleAddress = /^[^\s@]+@[^\s@]+$/;

/**
 * Renders an email and writes it to the outbox as pending, inside the caller's transaction: a change
 * that rolls back sends nothing. Deliver it after commit with `deliverPendingEmails`.
 * Returns the outbox id.
 */
export async function queueEmail<K extends EmailTemplateName>(tx: Db, input: QueueEmailInput<K>): Promise<number> {
  const [id] = await queueEmails(tx, [input]);
  return id;
}

/** Several emails in one insert (an import's invitations), each as queueEmail writes it; ids in input order. */
export async function queueEmails<K extends EmailTemplateName>(tx: Db, inputs: readonly QueueEmailInput<K>[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  // Decided now: an email written while no provider is configured stays a local-only message,
  // so configuring Resend later never mails development data to real addresses.
  const transport = emailTransport();
  const values = [];
  for (const input of inputs) {
    const to = input.to.trim();
    if (!plausibleAddress.test(to)) throw new Error(`Cannot queue the ${input.template} email: invalid recipient "${to}"`);
    const { subject, html, text } = await renderEmail(input.template, input.props);
    values.push({ clientspaceId: input.clientspaceId ?? null, template: input.template, to, subject, html, text, transport });
  }
  const rows = await tx.insert(emailOutbox).values(values).returning({ id: emailOutbox.id });
  return rows.map((r) => r.id);
}
