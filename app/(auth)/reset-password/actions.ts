"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { resetPasswordSchema, type SelfServiceResult } from "@/lib/auth/reset-schemas";
import { deliverPendingEmails } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { RESET_LINK_INVALID, resetPasswordWithToken } from "@/lib/users/reset-password";

/** Public (no session): the only place a reset link is used up. */
export async function resetPasswordAction(payload: unknown): Promise<SelfServiceResult> {
  const parsed = resetPasswordSchema.safeParse(payload);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors;
    if (fieldErrors.token) return { ok: false, message: RESET_LINK_INVALID, linkInvalid: true };
    return { ok: false, message: "Some fields need your attention.", fieldErrors };
  }
  const db = await getDb();
  try {
    await resetPasswordWithToken(db, parsed.data.token, parsed.data.newPassword);
  } catch (err) {
    if (err instanceof DomainError) {
      if (err.message === RESET_LINK_INVALID) return { ok: false, message: err.message, linkInvalid: true };
      return { ok: false, message: err.message, fieldErrors: err.fieldErrors };
    }
    console.error("Password reset failed", err);
    return { ok: false, message: "Something went wrong and your password was not changed. Try again in a moment." };
  }
  await deliverPendingEmails(db);
  return { ok: true, message: "Your password was changed." };
}
