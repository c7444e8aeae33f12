"use server";

import { after } from "next/server";
import { getDb } from "@/db/client";
import { forgotPasswordSchema, type SelfServiceResult } from "@/lib/auth/reset-schemas";
import { deliverPendingEmails } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import { requestPasswordReset } from "@/lib/users/reset-password";
import { z } from "zod";

/** Public (no session): the same answer whether or not the address belongs to an account. */
export async function requestPasswordResetAction(payload: unknown): Promise<SelfServiceResult> {
  const parsed = forgotPasswordSchema.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, message: "Some fields need your attention.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  try {
    const db = await getDb();
    const { message } = await requestPasswordReset(db, parsed.data.email);
    // After the answer: sending only happens for real accounts, so it must not change the timing.
    after(() => deliverPendingEmails(db));
    return { ok: true, message };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors };
    console.error("Password reset request failed", err);
    return { ok: false, message: "Something went wrong. Try again in a moment." };
  }
}
