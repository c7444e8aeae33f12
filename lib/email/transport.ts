export type EmailTransport = "resend" | "outbox";

/** Resend when RESEND_API_KEY is set; otherwise emails stay in the outbox for the development mailbox. */
export function emailTransport(): EmailTransport {
  return process.env.RESEND_API_KEY ? "resend" : "outbox";
}

export function emailFrom(): string {
  return process.env.EMAIL_FROM || "Roster <no-reply@roster.test>";
}
