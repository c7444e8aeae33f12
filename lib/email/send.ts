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
  const to = input.to.trim();
  if (!plausibleAddress.test(to)) throw new Error(`Cannot queue the ${input.template} email: invalid recipient "${to}"`);
  const { subject, html, text } = await renderEmail(input.template, input.props);
  const [row] = await tx
    .insert(emailOutbox)
    .values({
      clientspaceId: input.clientspaceId ?? null,
      template: input.template,
      to,
      subject,
      html,
      text,
      // Decided now: an email written while no provider is configured stays a local-only message,
      // so configuring Resend later never mails development data to real addresses.
      transport: emailTransport(),
    })
    .returning({ id: emailOutbox.id });
  return row.id;
}
