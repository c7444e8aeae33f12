"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requestClientAddress } from "@/lib/auth/client-address";
import { processForgotPassword } from "@/lib/auth/forgot-password";
import { forgotPasswordSchema, type SelfServiceResult } from "@/lib/auth/reset-schemas";
import { RESET_REQUESTED_MESSAGE } from "@/lib/users/reset-password";

/**
 * Public (no session): answered at once, the same neutral message for any address, and the work
 * (throttling, the link, the email) done after the answer has gone, so that a known and an
 * unknown address, throttled or not, take the same time (SPEC section 8).
 */
export async function requestPasswordResetAction(payload: unknown): Promise<SelfServiceResult> {
  const parsed = forgotPasswordSchema.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, message: "Some fields need your attention.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const clientAddress = requestClientAddress(await headers());
  after(async () => {
    try {
      await processForgotPassword(await getDb(), { email: parsed.data.email, clientAddress });
    } catch (err) {
      // Nobody is waiting for this answer any more: the log is where it goes.
      console.error("Password reset request failed", err);
    }
  });
  return { ok: true, message: RESET_REQUESTED_MESSAGE };
}
