"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, type ActionResult } from "@/lib/action";
import { endOtherOwnSessions, endOwnSession } from "@/lib/auth/own-sessions";

/** "Active sessions" (SPEC section 8): a person ends only their own sessions; the domain functions see to it. */

const sessionIdSchema = z.object({ sessionId: z.uuid() });

const endOne = defineAction(
  sessionIdSchema,
  async (ctx, input) => {
    await endOwnSession(ctx, { accountId: ctx.user.accountId, name: ctx.user.name, sessionId: ctx.user.sessionId }, input);
    return { message: "That session was signed out." };
  },
  { invalidMessage: "This session does not exist or has already ended." },
);

const endOthers = defineAction(z.object({}), async (ctx) => {
  const count = await endOtherOwnSessions(ctx, { accountId: ctx.user.accountId, name: ctx.user.name, sessionId: ctx.user.sessionId });
  return { message: count === 0 ? "No other session was open." : count === 1 ? "1 other session was signed out." : `${count} other sessions were signed out.` };
});

function refreshed(result: ActionResult): ActionResult {
  if (result.ok) revalidatePath("/account/sessions");
  return result;
}

export async function endSessionAction(prev: ActionResult | null, payload: FormData | z.input<typeof sessionIdSchema>) {
  return refreshed(await endOne(prev, payload));
}

export async function endOtherSessionsAction(prev: ActionResult | null, payload: FormData | Record<string, never>) {
  return refreshed(await endOthers(prev, payload));
}
