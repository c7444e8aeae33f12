export { absoluteUrl, appUrl } from "./app-url";
export { deliverPendingEmails, MAX_DELIVERY_ATTEMPTS } from "./deliver";
export { devMailboxEnabled } from "./dev-mailbox";
export { emailLinks } from "./links";
export { renderEmail, type RenderedEmail } from "./render";
export { queueEmail, queueEmails, type QueueEmailInput } from "./send";
export { emailFrom, emailTransport, type EmailTransport } from "./transport";
export type {
  AddedToClientspaceEmailProps,
  EmailChangedEmailProps,
  EmailTemplateName,
  EmailTemplateProps,
  InvitationEmailProps,
  PasswordChangedEmailProps,
  PasswordResetEmailProps,
} from "./templates";
