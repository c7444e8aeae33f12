import { absoluteUrl } from "../app-url";
import { EmailButton, EmailLayout, styles } from "./layout";

export type InvitationEmailProps = {
  clientspaceName: string;
  inviterName: string;
  /** Absolute, or a path of the app. */
  acceptUrl: string;
  expiresInHours: number;
};

export function invitationSubject({ clientspaceName }: InvitationEmailProps) {
  return `You are invited to join ${clientspaceName} on Roster`;
}

export function InvitationEmail({ clientspaceName, inviterName, acceptUrl, expiresInHours }: InvitationEmailProps) {
  const title = invitationSubject({ clientspaceName, inviterName, acceptUrl, expiresInHours });
  return (
    <EmailLayout title={title} preview={`${inviterName} invited you to ${clientspaceName}.`}>
      <h1 style={styles.heading}>Join {clientspaceName}</h1>
      <p style={styles.paragraph}>
        {inviterName} invited you to join <strong>{clientspaceName}</strong> on Roster. Accept the invitation to choose
        your password and sign in.
      </p>
      <EmailButton href={absoluteUrl(acceptUrl)}>Accept invitation</EmailButton>
      <p style={styles.muted}>
        This invitation expires in {expiresInHours} {expiresInHours === 1 ? "hour" : "hours"} and can be used once. If
        you were not expecting it, you can ignore this email.
      </p>
    </EmailLayout>
  );
}
