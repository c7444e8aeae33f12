"use server";

import { z } from "zod";
import { defineAction, type ActionResult } from "@/lib/action";
import { formatDateTime } from "@/lib/format";
import { resendInvitation } from "@/lib/users/invitation";
import { nameOf, refreshed, type Payload } from "./action-support";

/**
 * "Send / Resend invitation" from the user's panel (SPEC section 5). The domain function checks
 * the permission and refuses a user who joined or is disabled; the name is read only after it allowed it.
 */

const userIdSchema = z.object({ userId: z.uuid() });

const resend = defineAction(userIdSchema, async (ctx, input) => {
  const { expiresAt, resent } = await resendInvitation(ctx, ctx.user, input);
  const name = await nameOf(ctx, input.userId);
  const until = `valid until ${formatDateTime(expiresAt)}`;
  return {
    message: resent
      ? `A new invitation was emailed to ${name}, ${until}. The previous link no longer works.`
      : `An invitation was emailed to ${name}, ${until}.`,
  };
});

export async function resendInvitationAction(prev: ActionResult | null, payload: Payload<typeof userIdSchema>) {
  return refreshed(await resend(prev, payload));
}
