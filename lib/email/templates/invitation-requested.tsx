import { absoluteUrl } from "../app-url";
import { EmailButton, EmailLayout, styles } from "./layout";

export type InvitationRequestedEmailProps = {
  inviteeName: string;
  inviteeEmail: string;
  clientspaceName: string;
  /** The invitee's panel on the users page, where "Resend invitation" is. Absolute, or a path of the app. */
  panelUrl: string;
};

export function invitationRequestedSubject({ inviteeName, clientspaceName }: InvitationRequestedEmailProps) {
  return `${inviteeName} asks for a new invitation to ${clientspaceName}`;
}

export function InvitationRequestedEmail(props: InvitationRequestedEmailProps) {
  const { inviteeName, inviteeEmail, clientspaceName, panelUrl } = props;
  return (
    <EmailLayout title={invitationRequestedSubject(props)} preview={`The invitation link of ${inviteeName} expired before it was used.`}>
      <h1 style={styles.heading}>A new invitation is needed</h1>
      <p style={styles.paragraph}>
        {inviteeName} ({inviteeEmail}) opened their invitation to <strong>{clientspaceName}</strong> after the link had
        expired, and asks for a new one.
      </p>
      <EmailButton href={absoluteUrl(panelUrl)}>Open {inviteeName} in Roster</EmailButton>
      <p style={styles.muted}>
        Use &ldquo;Resend invitation&rdquo; there to email them a new link. If you did not expect this person, you can
        ignore this email.
      </p>
    </EmailLayout>
  );
}
