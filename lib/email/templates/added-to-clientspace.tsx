import { absoluteUrl } from "../app-url";
import { EmailButton, EmailLayout, styles } from "./layout";

export type AddedToClientspaceEmailProps = {
  clientspaceName: string;
  /** Who added the recipient, when known. */
  addedBy?: string | null;
  /** Absolute, or a path of the app. */
  signInUrl: string;
};

export function addedToClientspaceSubject({ clientspaceName }: AddedToClientspaceEmailProps) {
  return `You were added to ${clientspaceName} on Roster`;
}

export function AddedToClientspaceEmail({ clientspaceName, addedBy, signInUrl }: AddedToClientspaceEmailProps) {
  return (
    <EmailLayout title={addedToClientspaceSubject({ clientspaceName, signInUrl })} preview={`You now have access to ${clientspaceName}.`}>
      <h1 style={styles.heading}>Welcome to {clientspaceName}</h1>
      <p style={styles.paragraph}>
        {addedBy ? `${addedBy} added you` : "You were added"} to <strong>{clientspaceName}</strong> on Roster. Sign in
        with your existing account to get started.
      </p>
      <EmailButton href={absoluteUrl(signInUrl)}>Sign in to Roster</EmailButton>
    </EmailLayout>
  );
}
