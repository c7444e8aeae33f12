import { absoluteUrl } from "../app-url";
import { EmailButton, EmailLayout, styles } from "./layout";

export type PasswordResetEmailProps = {
  /** Absolute, or a path of the app. */
  resetUrl: string;
};

export function passwordResetSubject() {
  return "Reset your Roster password";
}

export function PasswordResetEmail({ resetUrl }: PasswordResetEmailProps) {
  return (
    <EmailLayout title={passwordResetSubject()} preview="Choose a new password for your Roster account.">
      <h1 style={styles.heading}>Reset your password</h1>
      <p style={styles.paragraph}>
        Someone asked to reset the password of your Roster account. Follow the link to choose a new one.
      </p>
      <EmailButton href={absoluteUrl(resetUrl)}>Choose a new password</EmailButton>
      <p style={styles.muted}>
        The link is valid for 1 hour and can be used once. If you did not ask for a new password, ignore this email:
        your password stays unchanged.
      </p>
    </EmailLayout>
  );
}
