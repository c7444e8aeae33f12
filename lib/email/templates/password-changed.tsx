import { EmailLayout, formatEmailTime, styles } from "./layout";

export type PasswordChangedEmailProps = {
  /** "you" when the account holder changed it, else the name of the administrator who reset it. */
  changedBy: string;
  changedAt: Date | string;
};

export function passwordChangedSubject() {
  return "Your Roster password was changed";
}

export function PasswordChangedEmail({ changedBy, changedAt }: PasswordChangedEmailProps) {
  const when = formatEmailTime(changedAt);
  return (
    <EmailLayout title={passwordChangedSubject()} preview={`Your password was changed on ${when}.`}>
      <h1 style={styles.heading}>Your password was changed</h1>
      <p style={styles.paragraph}>
        The password of your Roster account was changed by {changedBy} on {when}.
      </p>
      <p style={styles.paragraph}>If this wasn&apos;t you, contact your administrator right away.</p>
    </EmailLayout>
  );
}
