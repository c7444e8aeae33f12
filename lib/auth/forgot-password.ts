import type { Db } from "@/db/types";
import { deliverPendingEmails } from "@/lib/email";
import { hitWindow } from "@/lib/throttle/counter";
import { FORGOT_PASSWORD_PER_ADDRESS, FORGOT_PASSWORD_PER_TARGET } from "@/lib/throttle/rules";
import { requestPasswordReset } from "@/lib/users/reset-password";

export type ForgotPasswordOutcome = "queued" | "throttled";

/**
 * The work behind "Forgot password", run after the answer has gone (the answer is the same
 * whatever happens here, so nobody learns whether the address has an account or was throttled).
 * At most 3 an hour from one client address and 3 an hour to one email address; a throttled
 * request sends nothing. "queued" says only that the request was let through.
 */
export async function processForgotPassword(db: Db, input: { email: string; clientAddress: string }): Promise<ForgotPasswordOutcome> {
  const byAddress = await hitWindow(db, FORGOT_PASSWORD_PER_ADDRESS, input.clientAddress);
  if (!byAddress.allowed) return "throttled";
  const byTarget = await hitWindow(db, FORGOT_PASSWORD_PER_TARGET, input.email.trim().toLowerCase());
  if (!byTarget.allowed) return "throttled";
  await requestPasswordReset(db, input.email);
  await deliverPendingEmails(db);
  return "queued";
}
