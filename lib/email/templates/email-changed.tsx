import { EmailLayout, styles } from "./layout";

export type EmailChangedEmailProps = {
  oldEmail: string;
  newEmail: string;
};

export function emailChangedSubject() {
  return "Your Roster email address was changed";
}

export function EmailChangedEmail({ oldEmail, newEmail }: EmailChangedEmailProps) {
  return (
    <EmailLayout title={emailChangedSubject()} preview={`Your sign-in address is now ${newEmail}.`}>
      <h1 style={styles.heading}>Your email address was changed</h1>
      <p style={styles.paragraph}>
        The email address of your Roster account was changed from <strong>{oldEmail}</strong> to{" "}
        <strong>{newEmail}</strong>. Use the new address to sign in and to receive messages from Roster.
      </p>
      <p style={styles.paragraph}>If this wasn&apos;t you, contact your administrator right away.</p>
    </EmailLayout>
  );
}
