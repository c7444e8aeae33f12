import type { ComponentType } from "react";
import { AddedToClientspaceEmail, addedToClientspaceSubject, type AddedToClientspaceEmailProps } from "./added-to-clientspace";
import { EmailChangedEmail, emailChangedSubject, type EmailChangedEmailProps } from "./email-changed";
import { InvitationEmail, invitationSubject, type InvitationEmailProps } from "./invitation";
import { InvitationRequestedEmail, invitationRequestedSubject, type InvitationRequestedEmailProps } from "./invitation-requested";
import { PasswordChangedEmail, passwordChangedSubject, type PasswordChangedEmailProps } from "./password-changed";
import { PasswordResetEmail, passwordResetSubject, type PasswordResetEmailProps } from "./password-reset";

/** The props of every email, by template name (the name stored in the outbox). */
export type EmailTemplateProps = {
  invitation: InvitationEmailProps;
  "invitation-requested": InvitationRequestedEmailProps;
  "password-reset": PasswordResetEmailProps;
  "password-changed": PasswordChangedEmailProps;
  "added-to-clientspace": AddedToClientspaceEmailProps;
  "email-changed": EmailChangedEmailProps;
};

export type EmailTemplateName = keyof EmailTemplateProps;

export type EmailTemplate<P> = {
  subject: (props: P) => string;
  component: ComponentType<P>;
};

export const emailTemplates: { [K in EmailTemplateName]: EmailTemplate<EmailTemplateProps[K]> } = {
  invitation: { subject: invitationSubject, component: InvitationEmail },
  "invitation-requested": { subject: invitationRequestedSubject, component: InvitationRequestedEmail },
  "password-reset": { subject: passwordResetSubject, component: PasswordResetEmail },
  "password-changed": { subject: passwordChangedSubject, component: PasswordChangedEmail },
  "added-to-clientspace": { subject: addedToClientspaceSubject, component: AddedToClientspaceEmail },
  "email-changed": { subject: emailChangedSubject, component: EmailChangedEmail },
};

export type {
  AddedToClientspaceEmailProps,
  EmailChangedEmailProps,
  InvitationEmailProps,
  InvitationRequestedEmailProps,
  PasswordChangedEmailProps,
  PasswordResetEmailProps,
};
