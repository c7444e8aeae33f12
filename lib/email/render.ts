import { createElement } from "react";
import { render, toPlainText } from "@react-email/render";
import { emailTemplates, type EmailTemplate, type EmailTemplateName, type EmailTemplateProps } from "./templates";

export type RenderedEmail = { subject: string; html: string; text: string };

/** Subject, HTML and plain-text body of one email. */
export async function renderEmail<K extends EmailTemplateName>(
  template: K,
  props: EmailTemplateProps[K],
): Promise<RenderedEmail> {
  // TypeScript cannot correlate the indexed registry entry with K; the registry's type guarantees it.
  const definition = emailTemplates[template] as unknown as EmailTemplate<EmailTemplateProps[K]>;
  // Names and addresses in a subject must not be able to start a new header line.
  const subject = definition.subject(props).replace(/\s+/g, " ").trim();
  const html = await render(createElement(definition.component, props));
  return { subject, html, text: toPlainText(html) };
}
