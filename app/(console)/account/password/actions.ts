"use server";

import { defineAction, type ActionResult } from "@/lib/action";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { changePasswordSchema, type ChangePasswordValues } from "@/lib/auth/password-schemas";
import { reissueSessionToken } from "@/lib/auth/reissue-session";

const change = defineAction(changePasswordSchema, async (ctx, input) => {
  const { sessionVersion } = await changeOwnPassword(ctx, ctx.user, input);
  return { message: "Your password was changed. Your other sessions have been signed out.", data: { sessionVersion } };
});

type Result = ActionResult<{ sessionVersion: number }>;

export async function changePasswordAction(prev: Result | null, payload: FormData | ChangePasswordValues): Promise<Result> {
  const result = await change(prev, payload);
  // Only once committed: this browser keeps its session, every other one has ended.
  if (result.ok && result.data) await reissueSessionToken(result.data.sessionVersion);
  return result;
}
