"use server";

import { z } from "zod";
import { defineAction, type ActionResult } from "@/lib/action";
import { DomainError } from "@/lib/errors";
import { resetUserPassword, sendResetLink } from "@/lib/users/reset-password";
import { disableUser, enableUser, unlockUser } from "@/lib/users/status";
import { nameOf, refreshed, type Payload } from "./action-support";

/**
 * Disable, enable, unlock and reset password from the users page (SPEC sections 2, 3 and 8).
 * The domain functions check the permission on the target; the name for the message is read
 * only after they succeeded, so an answer never names a user the actor may not act on.
 */

type GeneratedPassword = { generatedPassword?: string };


const userIdSchema = z.object({ userId: z.uuid() });

const passwordMode = z.enum(["typed", "generate"]);

const resetSchema = z.object({
  userId: z.uuid(),
  mode: passwordMode,
  password: z.string().max(1000).optional(),
  confirm: z.string().max(1000).optional(),
});

const unlockSchema = z.object({
  userId: z.uuid(),
  mode: z.enum(["keep", "typed", "generate"]).default("keep"),
  newPassword: z.string().max(1000).optional(),
  confirm: z.string().max(1000).optional(),
});

const disable = defineAction(userIdSchema, async (ctx, input) => {
  const { changed } = await disableUser(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: changed ? `${name} is disabled. Their sessions have ended.` : `${name} was already disabled.` };
});

const enable = defineAction(userIdSchema, async (ctx, input) => {
  const { changed } = await enableUser(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: changed ? `${name} is enabled. They can sign in again.` : `${name} was already enabled.` };
});

const unlock = defineAction<typeof unlockSchema, GeneratedPassword>(unlockSchema, async (ctx, input) => {
  let newPassword: string | undefined;
  if (input.mode === "generate") {
    newPassword = "generate";
  } else if (input.mode === "typed") {
    if (!input.newPassword) {
      throw new DomainError("Type the new password, or generate one.", "invalid", { newPassword: ["Type the new password."] });
    }
    if (input.newPassword !== (input.confirm ?? "")) {
      throw new DomainError("The passwords do not match.", "invalid", { confirm: ["The passwords do not match."] });
    }
    newPassword = input.newPassword;
  }
  const { generatedPassword } = await unlockUser(ctx, ctx.user, { userId: input.userId, newPassword });
  const name = await nameOf(ctx, input.userId);
  const message = newPassword
    ? `${name} is unlocked with a new password. Their other sessions have ended.`
    : `${name} is unlocked and can sign in again.`;
  return { message, data: generatedPassword ? { generatedPassword } : undefined };
});

const reset = defineAction<typeof resetSchema, GeneratedPassword>(resetSchema, async (ctx, input) => {
  const { generatedPassword } = await resetUserPassword(ctx, ctx.user, {
    userId: input.userId,
    generate: input.mode === "generate",
    password: input.password,
    confirm: input.confirm,
  });
  const name = await nameOf(ctx, input.userId);
  return {
    message: `${name}’s password is changed. Their sessions have ended and they were told by email.`,
    data: generatedPassword ? { generatedPassword } : undefined,
  };
});

const resetLink = defineAction(userIdSchema, async (ctx, input) => {
  const { email } = await sendResetLink(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  return { message: `A link to reset the password was sent to ${name} at ${email}. It works for 1 hour.` };
});

export async function disableUserAction(prev: ActionResult | null, payload: Payload<typeof userIdSchema>) {
  return refreshed(await disable(prev, payload));
}

export async function enableUserAction(prev: ActionResult | null, payload: Payload<typeof userIdSchema>) {
  return refreshed(await enable(prev, payload));
}

export async function unlockUserAction(prev: ActionResult<GeneratedPassword> | null, payload: Payload<typeof unlockSchema>) {
  return refreshed(await unlock(prev, payload));
}

export async function resetPasswordAction(prev: ActionResult<GeneratedPassword> | null, payload: Payload<typeof resetSchema>) {
  return refreshed(await reset(prev, payload));
}

export async function sendResetLinkAction(prev: ActionResult | null, payload: Payload<typeof userIdSchema>) {
  return refreshed(await resetLink(prev, payload));
}
