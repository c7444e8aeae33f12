"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction, type ActionResult } from "@/lib/action";
import { rememberClientspace } from "@/lib/auth/clientspace-choice";
import { moveSession } from "@/lib/auth/sessions";
import { DomainError } from "@/lib/errors";

const switchSchema = z.object({ clientspaceId: z.uuid() });

/**
 * The top bar's clientspace switcher: only a clientspace where the account is a member, neither
 * disabled nor still invited (the session check's own list), answered "not found" otherwise.
 * The session's row moves there (ending sessions "in a clientspace" follows it, SPEC section 2),
 * and the cookie remembers the choice for this browser's next sign-in. Every request checks it again.
 */
const switchClientspace = defineAction(
  switchSchema,
  async (ctx, { clientspaceId }) => {
    const target = ctx.user.clientspaces.find((c) => c.id === clientspaceId);
    if (!target) throw new DomainError("This clientspace does not exist or you have no access to it.", "not_found");
    if (ctx.user.sessionId) await moveSession(ctx.tx, ctx.user.accountId, ctx.user.sessionId, target.id);
    await rememberClientspace(ctx.user.accountId, target.id);
    return { message: `Switched to ${target.name}.` };
  },
  { readOnly: true },
);

export async function switchClientspaceAction(prev: ActionResult | null, input: z.input<typeof switchSchema>): Promise<ActionResult> {
  const result = await switchClientspace(prev, input);
  // Home decides where this person lands in the other clientspace (their rights may differ there).
  if (result.ok) redirect("/");
  return result;
}
