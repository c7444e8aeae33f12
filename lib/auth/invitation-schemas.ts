import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./password-policy";

// Shared by the invitation page's forms (instant feedback) and its server actions (the rule that counts).
const token = z.string().min(1).max(512);

/** A new account chooses its password; an account that already has one proves it is theirs with it. */
export const acceptInvitationSchema = z
  .object({
    token,
    password: z.string().max(256).optional(),
    currentPassword: z.string().max(1024).optional(),
    confirmPassword: z.string().max(256).optional(),
  })
  .refine((v) => v.password === undefined || v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

export const choosePasswordSchema = z
  .object({
    password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(256),
    confirmPassword: z.string().min(1, "Type the password again."),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
export type ChoosePasswordValues = z.infer<typeof choosePasswordSchema>;

export const currentPasswordSchema = z.object({ currentPassword: z.string().min(1, "Type your current password.").max(1024) });
export type CurrentPasswordValues = z.infer<typeof currentPasswordSchema>;

export const requestInvitationSchema = z.object({ token });

export type InvitationLinkProblem = "expired" | "used" | "invalid";

export type AcceptInvitationResult =
  | { ok: true; message: string; email: string; passwordSet: boolean }
  | { ok: false; message: string; fieldErrors?: Record<string, string[] | undefined>; linkProblem?: InvitationLinkProblem };
