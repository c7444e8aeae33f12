import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./password-policy";

// Shared by the form (instant feedback) and the server action (the rule that counts).
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password."),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(256),
    confirmPassword: z.string().min(1, "Type the new password again."),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

export type ChangePasswordValues = z.infer<typeof changePasswordSchema>;
