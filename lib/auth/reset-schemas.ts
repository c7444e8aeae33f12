import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./password-policy";

// Shared by the self-service forms (instant feedback) and their server actions (the rule that counts).
export const forgotPasswordSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(320).pipe(z.email("Enter a valid email address.")),
});
export type ForgotPasswordValues = z.infer<typeof forgotPasswordSchema>;

export const resetPasswordSchema = z
  .object({
    token: z.string().min(1).max(512),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(256),
    confirmPassword: z.string().min(1, "Type the new password again."),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
export type ResetPasswordValues = z.infer<typeof resetPasswordSchema>;

export type SelfServiceResult =
  | { ok: true; message: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[] | undefined>; linkInvalid?: boolean };
